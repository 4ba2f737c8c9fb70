/**
 * The Airflow venv of scripts/setup-airflow.sh, for the end-to-end test of `export airflow`. Like
 * MLflow's (mlflowAvailable): a missing venv fails the tests that need it (installedOrFail).
 */
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { installedOrFail } from '@kedro-mlflow/mlflow-test-server';

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
  return installedOrFail(`Apache Airflow ${AIRFLOW_VERSION}`, findAirflow() !== undefined, SETUP_HINT);
}
