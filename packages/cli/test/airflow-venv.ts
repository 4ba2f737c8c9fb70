/**
 * The Airflow venv of scripts/setup-airflow.sh, for the end-to-end test of `export airflow`. Like
 * MLflow's (mlflowAvailable): in CI a missing venv fails the test run; locally the test is skipped, loudly.
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const AIRFLOW_VERSION = '3.3.2';
const SETUP_HINT = 'run `scripts/setup-airflow.sh` (installs apache-airflow into ~/.cache/kedro-mlflow-ts)';

/** The `airflow` executable of the cached venv, or undefined. */
export function findAirflow(): string | undefined {
  const cache = process.env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts');
  const venv = join(cache, `airflow-${AIRFLOW_VERSION}`);
  const airflow = join(venv, 'bin', 'airflow');
  return existsSync(join(venv, '.complete')) && existsSync(airflow) ? airflow : undefined;
}

export function airflowAvailable(): boolean {
  if (findAirflow() !== undefined) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI=true but Apache Airflow ${AIRFLOW_VERSION} is not installed: ${SETUP_HINT}`);
  process.stderr.write(`\n!!! Airflow end-to-end test SKIPPED: Apache Airflow not found; ${SETUP_HINT}\n\n`);
  return false;
}
