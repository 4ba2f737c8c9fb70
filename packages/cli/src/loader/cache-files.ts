/**
 * The files of the compile cache: a per-user folder (nobody else may write code into it), hashes,
 * and writes that go to a temporary file first and are renamed into place, so that a concurrent run
 * sees a whole entry or none.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Overrides the cache folder (tests, read-only temp dirs); `off` disables the cache. */
export const CACHE_DIR_VARIABLE = 'KEDRO_MLFLOW_CACHE_DIR';

export function sha1(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** The cache folder asked for: `$KEDRO_MLFLOW_CACHE_DIR`, else a per-user folder in the OS temp dir; undefined when off. */
export function wantedCacheDir(): string | undefined {
  const fromEnv = process.env[CACHE_DIR_VARIABLE];
  if (fromEnv === 'off') return undefined;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return join(tmpdir(), `kedro-mlflow-ts-${process.getuid?.() ?? 'user'}`);
}

/** `dir` when only this user can write to it (anything else could feed us code), else undefined. */
export function usableCacheDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    const uid = process.getuid?.();
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (process.platform !== 'win32' && (stat.mode & 0o022) !== 0)) {
      return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}

export function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

/** Writes `file` whole or not at all; false when it could not be written (a cache that cannot be written is only slower). */
export function writeAtomically(file: string, text: string): boolean {
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temporary, text, { mode: 0o600 });
    renameSync(temporary, file);
    return true;
  } catch {
    rmSync(temporary, { force: true });
    return false;
  }
}
