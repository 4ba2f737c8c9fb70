import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlflowApiError } from '@kedro-mlflow/mlflow-client';
import { LOCK_STALE_AFTER_MS, tryFileLock, withFileLock, withFileLockSync } from '../../src/file-lock.js';
import { compiledSource, removeCompiledSource } from '../file-store/compiled-source.js';

const worker = join(__dirname, 'lock-worker.mjs');
const dirs: string[] = [];
const children: ChildProcess[] = [];

function newDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'file-lock-'));
  dirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  removeCompiledSource();
});

jest.setTimeout(90_000);

function runCounter(lockPath: string, counterPath: string, n: number): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [worker, compiledSource(), lockPath, 'count', counterPath, String(n)], { timeout: 60_000 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${error.message}\n${stderr}`));
      else resolve(stdout.trim());
    });
  });
}

/** A child process holding the lock (or failing to); resolves once it said which. */
function startHolder(lockPath: string): Promise<{ child: ChildProcess; said: string; exited: Promise<void> }> {
  const child = spawn(process.execPath, [worker, compiledSource(), lockPath, 'hold'], { stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout!.once('data', (data: Buffer) => resolve({ child, said: data.toString().trim(), exited }));
  });
}

describe('the file lock across processes', () => {
  it('4 processes incrementing one counter under the lock lose no increment, and leave no file behind', async () => {
    const dir = newDir();
    const lockPath = join(dir, 'counter.lock');
    const counterPath = join(dir, 'counter');
    writeFileSync(counterPath, '0');
    const said = await Promise.all([0, 1, 2, 3].map(() => runCounter(lockPath, counterPath, 50)));
    expect(said).toEqual(['done', 'done', 'done', 'done']);
    expect(readFileSync(counterPath, 'utf8')).toBe('200');
    expect(readdirSync(dir)).toEqual(['counter']);
  });

  it('a live holder keeps it: others are refused, time out with a typed error naming it, and the exit-time writer runs without taking it', async () => {
    const lockPath = join(newDir(), 'live.lock');
    const holder = await startHolder(lockPath);
    expect(holder.said).toBe('held');
    const held = readFileSync(lockPath, 'utf8');
    expect(held.startsWith(`${holder.child.pid} ${hostname()} `)).toBe(true);

    expect(tryFileLock(lockPath)).toBeUndefined();
    expect((await startHolder(lockPath)).said).toBe('busy');
    const error = await withFileLock(lockPath, async () => 'ran', { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect((error as MlflowApiError).errorCode).toBe('TEMPORARILY_UNAVAILABLE');
    expect((error as MlflowApiError).message).toContain(`held by process ${holder.child.pid} on ${hostname()}`);
    expect(withFileLockSync(lockPath, () => 'written anyway', 100)).toBe('written anyway');
    expect(readFileSync(lockPath, 'utf8')).toBe(held);
    holder.child.kill('SIGKILL');
    await holder.exited;
  });

  it('a lock left by a killed process is taken over at once, by one of several contenders', async () => {
    const lockPath = join(newDir(), 'killed.lock');
    const holder = await startHolder(lockPath);
    expect(holder.said).toBe('held');
    holder.child.kill('SIGKILL');
    await holder.exited;
    expect(readFileSync(lockPath, 'utf8').startsWith(`${holder.child.pid} `)).toBe(true); // left behind

    const contenders = await Promise.all([0, 1, 2].map(() => startHolder(lockPath)));
    expect(contenders.map((c) => c.said).sort()).toEqual(['busy', 'busy', 'held']);
    const winner = contenders.find((c) => c.said === 'held')!;
    expect(readFileSync(lockPath, 'utf8').startsWith(`${winner.child.pid} ${hostname()} `)).toBe(true);
    for (const c of contenders) c.child.kill('SIGKILL');
    await Promise.all(contenders.map((c) => c.exited));

    const release = tryFileLock(lockPath);
    expect(release).toBeDefined();
    expect(readFileSync(lockPath, 'utf8').startsWith(`${process.pid} `)).toBe(true);
    release!();
    expect(readdirSync(join(lockPath, '..'))).toEqual([]);
  });
});

describe('the file lock: the age half of the rule', () => {
  const old = (path: string): void => {
    const then = new Date(Date.now() - LOCK_STALE_AFTER_MS - 5_000);
    utimesSync(path, then, then);
  };

  it.each([
    ['a process on another host (its pid cannot be checked from here)', () => `1234 some-other-host 0`],
    ['a running process of this host (a reused pid, a frozen holder)', () => `${process.ppid} ${hostname()} 0`],
    ['nobody yet (its creator has not written its line)', () => ''],
  ])('a lock naming %s is kept while fresh and broken once older than the limit', (_what, content) => {
    const lockPath = join(newDir(), 'aged.lock');
    writeFileSync(lockPath, content());
    expect(tryFileLock(lockPath)).toBeUndefined();
    old(lockPath);
    const release = tryFileLock(lockPath);
    expect(release).toBeDefined();
    expect(readFileSync(lockPath, 'utf8').startsWith(`${process.pid} ${hostname()} `)).toBe(true);
    release!();
  });

  it('a release never removes a lock that is no longer its own', () => {
    const lockPath = join(newDir(), 'broken-while-held.lock');
    const release = tryFileLock(lockPath)!;
    old(lockPath); // as if this holder had frozen for over a minute
    const thief = tryFileLock(lockPath);
    expect(thief).toBeDefined();
    const theirs = readFileSync(lockPath, 'utf8');
    release();
    expect(readFileSync(lockPath, 'utf8')).toBe(theirs);
    thief!();
  });
});
