/**
 * The files of the compile cache: a per-user folder (nobody else may write code into it), hashes,
 * and writes that go to a temporary file first and are renamed into place, so that a concurrent run
 * sees a whole entry or none.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

// The folder rules are the ones every package's cache follows; this entry imports only Node's
// modules, so the loader-hooks thread can use it without loading the engine.
export { CACHE_DIR_VARIABLE, usableCacheDir, wantedCacheDir, writeAtomically } from '@kedro-mlflow/core-pipeline/cache-dir';

export function sha1(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
