// Where `kedro-mlflow ui` will find Python MLflow. It looks at $MLFLOW_BIN, the project's
// .venv/bin/mlflow, then PATH; scripts/bootstrap.sh installs MLflow into a cached venv instead
// (scripts/setup-mlflow.sh), so the UI command we print names that venv when nothing else would.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

function executable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** `MLFLOW_BIN=<venv>/bin/mlflow ` when the UI needs it, '' when it finds MLflow itself, undefined when there is none. */
export function mlflowBinPrefix(project, env = process.env) {
  if (env.MLFLOW_BIN || executable(join(project, '.venv', 'bin', 'mlflow'))) return '';
  if ((env.PATH ?? '').split(delimiter).some((dir) => dir !== '' && executable(join(dir, 'mlflow')))) return '';
  const pointer = join(env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts'), 'current-mlflow');
  if (!existsSync(pointer)) return undefined;
  const bin = join(readFileSync(pointer, 'utf8').trim(), 'bin', 'mlflow');
  return executable(bin) ? `MLFLOW_BIN=${bin} ` : undefined;
}
