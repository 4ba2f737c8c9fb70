/**
 * The per-user cache folder shared by the packages (the CLI's compile cache, the hook's DAG layouts):
 * `$KEDRO_MLFLOW_CACHE_DIR` or a folder in the OS temp dir that only this user may write to, and
 * writes that go to a temporary file first and are renamed into place, so that a concurrent process
 * sees a whole entry or none. A cache that cannot be used only makes things slower, never fails them.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Overrides the cache folder (tests, read-only temp dirs); `off` disables the caches. */
export const CACHE_DIR_VARIABLE = 'KEDRO_MLFLOW_CACHE_DIR';

/** The cache folder asked for: `$KEDRO_MLFLOW_CACHE_DIR`, else a per-user folder in the OS temp dir; undefined when off. */
export function wantedCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const fromEnv = env[CACHE_DIR_VARIABLE];
  if (fromEnv === 'off') return undefined;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  return join(tmpdir(), `kedro-mlflow-ts-${process.getuid?.() ?? 'user'}`);
}

/** `dir`, created, when only this user can write to it (anything else could feed us data), else undefined. */
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

/** Writes `file` whole or not at all; false when it could not be written. */
export function writeAtomically(file: string, text: string | Uint8Array): boolean {
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
