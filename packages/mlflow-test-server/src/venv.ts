import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { installedOrFail } from './installed.js';

export interface MlflowVenv {
  /** The venv folder. */
  dir: string;
  python: string;
  mlflow: string;
}

const SETUP_HINT = 'run `scripts/setup-mlflow.sh` (installs Python MLflow into ~/.cache/kedro-mlflow-ts)';

/**
 * The venv with Python MLflow, made by `scripts/setup-mlflow.sh`: `$MLFLOW_TEST_VENV`, else the path
 * recorded in `<cache>/current-mlflow`. Undefined when neither exists.
 */
export function findMlflowVenv(): MlflowVenv | undefined {
  const cache = process.env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts');
  const pointer = join(cache, 'current-mlflow');
  const dir =
    process.env.MLFLOW_TEST_VENV ?? (existsSync(pointer) ? readFileSync(pointer, 'utf8').trim() : undefined);
  if (dir === undefined || dir === '') return undefined;
  const venv = { dir, python: join(dir, 'bin', 'python'), mlflow: join(dir, 'bin', 'mlflow') };
  return existsSync(venv.python) && existsSync(venv.mlflow) ? venv : undefined;
}


/**
 * Whether tests that need real MLflow can run. In CI they must: a missing venv throws. On a
 * contributor's machine they may be skipped, with one loud line saying how to enable them.
 */
export function mlflowAvailable(): boolean {
  return installedOrFail('Python MLflow', findMlflowVenv() !== undefined, SETUP_HINT);
}

export function requireMlflowVenv(): MlflowVenv {
  const venv = findMlflowVenv();
  if (venv === undefined) throw new Error(`Python MLflow not found: ${SETUP_HINT}`);
  return venv;
}
