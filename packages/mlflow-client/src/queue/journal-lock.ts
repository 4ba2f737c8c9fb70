/**
 * Locks around the journal file, made of exclusively created files like the file store's:
 * - `withJournalLock`: short critical sections (append, mark delivered, compact); waits.
 * - `withJournalLockSync`: the same from a process `exit` handler, where nothing async runs; it
 *   waits a little, then writes anyway (losing data is worse than a rare interleaving).
 * - `tryReplayLock`: one replayer per journal across processes; never waits.
 * A lock whose process is gone (same host) is broken.
 */
import { closeSync, openSync, promises as fsp, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { withFileLock } from '../store/file/lock.js';

export function withJournalLock<T>(lockPath: string, fn: () => Promise<T>): Promise<T> {
  return withFileLock(lockPath, fn, { timeoutMs: 30_000, staleMs: 60_000 });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as { code?: string }).code !== 'ESRCH';
  }
}

function staleSync(lockPath: string, staleMs: number): boolean {
  try {
    const text = readFileSync(lockPath, 'utf8');
    if (Date.now() - statSync(lockPath).mtimeMs > staleMs) return true;
    const [pidText, host] = text.split(' ');
    const pid = Number(pidText);
    return host === hostname() && Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid);
  } catch {
    return false;
  }
}

function ownerPid(lockPath: string): number | undefined {
  try {
    return Number(readFileSync(lockPath, 'utf8').split(' ')[0]);
  } catch {
    return undefined;
  }
}

function createSync(lockPath: string): boolean {
  try {
    const fd = openSync(lockPath, 'wx');
    try {
      writeSync(fd, `${process.pid} ${hostname()} ${Date.now()}`);
    } finally {
      closeSync(fd);
    }
    return true;
  } catch {
    return false;
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

export function withJournalLockSync<T>(lockPath: string, fn: () => T, waitMs = 2000): T {
  const deadline = Date.now() + waitMs;
  let held = false;
  for (let attempt = 0; !held && Date.now() < deadline; attempt += 1) {
    held = createSync(lockPath);
    if (held) break;
    // Our own async lock, left by work the exit interrupted: it will never be released.
    if (ownerPid(lockPath) === process.pid) break;
    if (staleSync(lockPath, 60_000)) {
      try {
        const breaking = `${lockPath}.${process.pid}.${attempt}.broken`;
        renameSync(lockPath, breaking);
        rmSync(breaking, { force: true });
      } catch {
        // someone else broke or released it
      }
      continue;
    }
    Atomics.wait(pause, 0, 0, 5);
  }
  try {
    return fn();
  } finally {
    if (held) rmSync(lockPath, { force: true });
  }
}

/** Takes the lock if it is free (or stale); resolves with its release, or undefined when busy. */
export async function tryReplayLock(lockPath: string): Promise<(() => Promise<void>) | undefined> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      await fsp.writeFile(lockPath, `${process.pid} ${hostname()} ${Date.now()}`, { flag: 'wx' });
      return async () => {
        await fsp.rm(lockPath, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    // A replay takes as long as the server needs: only a dead owner (or a day-old file) is stale.
    if (!staleSync(lockPath, 24 * 3600_000)) return undefined;
    try {
      const breaking = `${lockPath}.${process.pid}.${attempt}.broken`;
      await fsp.rename(lockPath, breaking);
      await fsp.rm(breaking, { force: true });
    } catch {
      // someone else broke it
    }
  }
  return undefined;
}
