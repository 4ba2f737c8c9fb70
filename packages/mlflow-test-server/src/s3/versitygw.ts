import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { installedOrFail } from '../installed.js';

const SETUP_HINT = 'run `scripts/setup-s3.sh` (builds versitygw into ~/.cache/kedro-mlflow-ts/bin; needs Go)';

/**
 * The versitygw binary made by `scripts/setup-s3.sh`: `$VERSITYGW_BIN`, else `<cache>/bin/versitygw`.
 * Undefined when neither exists.
 */
export function findVersitygw(): string | undefined {
  const cache = process.env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts');
  const path = process.env.VERSITYGW_BIN ?? join(cache, 'bin', 'versitygw');
  return existsSync(path) ? path : undefined;
}

/**
 * Whether tests that need a real S3 server can run. In CI they must: a missing binary throws. On a
 * contributor's machine they may be skipped, with one loud line saying how to enable them.
 */
export function s3Available(): boolean {
  return installedOrFail('versitygw (the S3 server)', findVersitygw() !== undefined, SETUP_HINT);
}

export function requireVersitygw(): string {
  const path = findVersitygw();
  if (path === undefined) throw new Error(`versitygw not found: ${SETUP_HINT}`);
  return path;
}
