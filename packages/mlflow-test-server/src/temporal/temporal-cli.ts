import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { installedOrFail } from '../installed.js';

const SETUP_HINT = 'run `scripts/setup-temporal.sh` (builds the temporal CLI into ~/.cache/kedro-mlflow-ts/bin; needs Go, about 4 min once)';

/** The `temporal` CLI made by `scripts/setup-temporal.sh`: `$TEMPORAL_BIN`, else `<cache>/bin/temporal`; undefined when neither exists. */
export function findTemporalCli(): string | undefined {
  const cache = process.env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts');
  const path = process.env.TEMPORAL_BIN ?? join(cache, 'bin', 'temporal');
  return existsSync(path) ? path : undefined;
}

/** Whether Temporal tests can run: in CI they must (a missing CLI throws); elsewhere they skip with one loud line. */
export function temporalAvailable(): boolean {
  return installedOrFail('The temporal CLI (the Temporal dev server)', findTemporalCli() !== undefined, SETUP_HINT);
}

export function requireTemporalCli(): string {
  const path = findTemporalCli();
  if (path === undefined) throw new Error(`temporal CLI not found: ${SETUP_HINT}`);
  return path;
}
