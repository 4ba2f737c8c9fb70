/**
 * A cross-process lock made of an exclusively created file (`O_CREAT|O_EXCL`), for the few
 * operations that must see and change a folder as a whole (experiment names are unique: create,
 * rename and restore check-then-write under it). A lock left by a dead process (same host, pid
 * gone) or older than `staleMs` is broken.
 */
import { promises as fsp } from 'node:fs';
import { hostname } from 'node:os';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import { isErrno } from './fs-ops.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH');
  }
}

async function isStale(lockPath: string, staleMs: number): Promise<boolean> {
  try {
    const [text, stat] = await Promise.all([fsp.readFile(lockPath, 'utf8'), fsp.stat(lockPath)]);
    if (Date.now() - stat.mtimeMs > staleMs) return true;
    const [pidText, host] = text.split(' ');
    const pid = Number(pidText);
    return host === hostname() && Number.isInteger(pid) && pid > 0 && !processAlive(pid);
  } catch (error) {
    // Gone already (free now), or half-written by its creator (not stale).
    return false;
  }
}

export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: { timeoutMs?: number; staleMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const staleMs = options.staleMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      await fsp.writeFile(lockPath, `${process.pid} ${hostname()} ${Date.now()}`, { flag: 'wx' });
      break;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    if (await isStale(lockPath, staleMs)) {
      // Rename first so that only one breaker removes it and a fresh lock is never deleted.
      const breaking = `${lockPath}.${process.pid}.${attempt}.broken`;
      try {
        await fsp.rename(lockPath, breaking);
        await fsp.rm(breaking, { force: true });
      } catch {
        // someone else broke or released it
      }
      continue;
    }
    if (Date.now() > deadline) {
      throw new MlflowApiError({
        errorCode: 'TEMPORARILY_UNAVAILABLE',
        message: `Timed out after ${timeoutMs} ms waiting for the lock '${lockPath}'. If no other process is using this mlruns folder, delete that file.`,
      });
    }
    await sleep(Math.min(50, 2 + attempt) + Math.random() * 5);
  }
  try {
    return await fn();
  } finally {
    await fsp.rm(lockPath, { force: true });
  }
}
