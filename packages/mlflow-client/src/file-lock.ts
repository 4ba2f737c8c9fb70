/**
 * The one cross-process lock of this package: a file created exclusively (`O_CREAT|O_EXCL`) that
 * holds `<pid> <host> <token>` and is removed on release. The file store takes it to keep
 * experiment names unique and to serialise read-modify-write of a `meta.yaml`; the offline
 * journal takes it around appends and compaction, and as "one replayer per journal".
 *
 * **When a lock is stale** (one rule, for every caller and every variant below): when the process
 * named in it ran on this host and is no longer running (a killed process), or when the file has
 * not been touched for `LOCK_STALE_AFTER_MS` (60 s). A holder touches it every 15 s for as long as
 * it holds it, so only a dead or frozen holder lets it age; the age covers holders on other hosts
 * sharing the folder (their pid cannot be checked from here) and pids the system has reused. A lock
 * file that is still empty (its creator has not written its line yet) and recent is not stale. A
 * stale lock is renamed aside before it is removed, so that of several processes breaking it only
 * one wins.
 *
 * Why not `proper-lockfile`: its locks are directories, and a directory that appears in an
 * `mlruns` folder is read as an experiment or a run by Python's file store; it also cannot wait
 * synchronously, which a process `exit` handler needs.
 */
import { closeSync, linkSync, openSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { MlflowApiError } from './errors/mlflow-api-error.js';
import { isErrno } from './store/file/fs-ops.js';

/** A lock untouched for this long is stale whoever holds it. */
export const LOCK_STALE_AFTER_MS = 60_000;
const REFRESH_EVERY_MS = LOCK_STALE_AFTER_MS / 4;

/** Gives the lock back (only if it is still ours). */
export type ReleaseLock = () => void;

interface LockFile {
  text: string;
  mtimeMs: number;
}

let asideCounter = 0;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return !isErrno(error, 'ESRCH'); // EPERM: alive, owned by another user
  }
}

function readLock(lockPath: string): LockFile | undefined {
  try {
    return { text: readFileSync(lockPath, 'utf8'), mtimeMs: statSync(lockPath).mtimeMs };
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return undefined;
    throw error;
  }
}

function ownerOf(text: string): { pid: number; host: string } | undefined {
  const [pidText, host] = text.split(' ');
  const pid = Number(pidText);
  return Number.isInteger(pid) && pid > 0 && host !== undefined && host !== '' ? { pid, host } : undefined;
}

/** The rule of the module comment. */
export function isStaleLock(lock: LockFile, now = Date.now()): boolean {
  if (now - lock.mtimeMs > LOCK_STALE_AFTER_MS) return true;
  const owner = ownerOf(lock.text);
  return owner !== undefined && owner.host === hostname() && !processAlive(owner.pid);
}

function heldByThisProcess(lock: LockFile): boolean {
  const owner = ownerOf(lock.text);
  return owner !== undefined && owner.pid === process.pid && owner.host === hostname();
}

/** Removes a stale lock that read `seen`; puts back a fresh one taken by someone else meanwhile. */
function breakLock(lockPath: string, seen: string): void {
  const aside = `${lockPath}.${process.pid}.${(asideCounter += 1)}.stale`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (isErrno(error, 'ENOENT')) return; // released, or broken by another process
    throw error;
  }
  try {
    if (readFileSync(aside, 'utf8') !== seen) linkSync(aside, lockPath); // fails if yet another took it: fine
  } catch {
    // the lock we moved was the stale one, or the path is taken again: either way not ours to restore
  } finally {
    rmSync(aside, { force: true });
  }
}

/** One attempt: takes the lock if it is free or stale. */
function tryTake(lockPath: string, line: string): boolean {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const fd = openSync(lockPath, 'wx');
      try {
        writeSync(fd, line);
      } finally {
        closeSync(fd);
      }
      return true;
    } catch (error) {
      if (!isErrno(error, 'EEXIST')) throw error;
    }
    const seen = readLock(lockPath);
    if (seen !== undefined) {
      if (!isStaleLock(seen)) return false;
      breakLock(lockPath, seen.text);
    }
  }
  return false;
}

function ownerLine(): string {
  return `${process.pid} ${hostname()} ${Date.now()}-${randomBytes(6).toString('hex')}`;
}

/** Starts touching the lock file while it is held; the release stops that and removes the file if it is still ours. */
function holding(lockPath: string, line: string, refresh: boolean): ReleaseLock {
  const timer = refresh
    ? setInterval(() => {
        try {
          const now = new Date();
          utimesSync(lockPath, now, now);
        } catch {
          // gone: broken as stale after a freeze; the release will find it is not ours
        }
      }, REFRESH_EVERY_MS)
    : undefined;
  timer?.unref();
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (timer !== undefined) clearInterval(timer);
    if (readLock(lockPath)?.text === line) rmSync(lockPath, { force: true });
  };
}

/** Takes the lock if it is free (or stale) and returns its release; undefined when a live holder has it. Never waits. */
export function tryFileLock(lockPath: string): ReleaseLock | undefined {
  const line = ownerLine();
  return tryTake(lockPath, line) ? holding(lockPath, line, true) : undefined;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` holding the lock, waiting for it up to `timeoutMs`; then fails with
 * `TEMPORARILY_UNAVAILABLE`, naming the lock file and its holder.
 */
export async function withFileLock<T>(lockPath: string, fn: () => Promise<T>, options: { timeoutMs?: number } = {}): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  let release = tryFileLock(lockPath);
  for (let attempt = 0; release === undefined; attempt += 1) {
    if (Date.now() > deadline) {
      const holder = ownerOf(readLock(lockPath)?.text ?? '');
      throw new MlflowApiError({
        errorCode: 'TEMPORARILY_UNAVAILABLE',
        message: `Timed out after ${timeoutMs} ms waiting for the lock '${lockPath}'${holder === undefined ? '' : `, held by process ${holder.pid} on ${holder.host}`}. If that process is stuck, stop it (or delete the file).`,
      });
    }
    await sleep(Math.min(50, 2 + attempt) + Math.random() * 5);
    release = tryFileLock(lockPath);
  }
  try {
    return await fn();
  } finally {
    release();
  }
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * The same from a process `exit` handler, where nothing asynchronous runs: waits up to `waitMs`,
 * then runs `fn` anyway (losing data is worse than a rare interleaving). It also runs at once when
 * this very process holds the lock: that holder was interrupted by the exit and will never release it.
 */
export function withFileLockSync<T>(lockPath: string, fn: () => T, waitMs = 2000): T {
  const line = ownerLine();
  const deadline = Date.now() + waitMs;
  let held = tryTake(lockPath, line);
  while (!held && Date.now() < deadline) {
    const seen = readLock(lockPath);
    if (seen !== undefined && heldByThisProcess(seen)) break;
    Atomics.wait(pause, 0, 0, 5);
    held = tryTake(lockPath, line);
  }
  const release = held ? holding(lockPath, line, false) : undefined;
  try {
    return fn();
  } finally {
    release?.();
  }
}
