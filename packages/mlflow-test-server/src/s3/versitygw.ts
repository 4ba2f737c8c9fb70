import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

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

let warned = false;

/**
 * Whether tests that need a real S3 server can run. In CI they must: a missing binary throws. On a
 * contributor's machine they may be skipped, with one loud line saying how to enable them.
 */
export function s3Available(): boolean {
  if (findVersitygw() !== undefined) return true;
  if (process.env.CI === 'true' || process.env.CI === '1') throw new Error(`CI=true but versitygw is not installed: ${SETUP_HINT}`);
  if (!warned) {
    warned = true;
    process.stderr.write(`\n!!! S3 integration tests SKIPPED: versitygw not found; ${SETUP_HINT}\n\n`);
  }
  return false;
}

export function requireVersitygw(): string {
  const path = findVersitygw();
  if (path === undefined) throw new Error(`versitygw not found: ${SETUP_HINT}`);
  return path;
}
