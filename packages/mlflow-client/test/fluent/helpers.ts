/** Shared by the fluent / background-logging tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { MlflowTracking, type MlflowTrackingOptions } from '@kedro-mlflow/mlflow-client';

export interface LogLine {
  level: number;
  name?: string;
  msg: string;
}

export const WARN = 40;
export const ERROR = 50;

/** Sends every log line of the @kedro-mlflow packages to an array until `restore()`. */
export function captureLogs(): { lines: LogLine[]; restore(): void; text(level?: number): string[] } {
  const key = Symbol.for('@kedro-mlflow/logger');
  const holder = globalThis as unknown as Record<symbol, unknown>;
  const previous = holder[key];
  const lines: LogLine[] = [];
  holder[key] = pino({ level: 'debug', base: undefined }, { write: (s: string) => void lines.push(JSON.parse(s) as LogLine) });
  return {
    lines,
    restore: () => {
      holder[key] = previous;
    },
    text: (level = 0) => lines.filter((l) => l.level >= level).map((l) => l.msg),
  };
}

const dirs: string[] = [];

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
}

const made: MlflowTracking[] = [];

/** A tracking object for tests: no MLFLOW_* env, a private journal, quick retries, no exit hooks. */
export function tracking(options: MlflowTrackingOptions): MlflowTracking {
  const t = new MlflowTracking({
    env: {},
    journalDir: tempDir('journal-'),
    maxRetries: 1,
    backoffFactorMs: 20,
    backoffJitterMs: 0,
    probeIntervalMs: 200,
    exitHandlers: false,
    ...options,
  });
  made.push(t);
  return t;
}

export async function closeAll(): Promise<void> {
  await Promise.all(made.splice(0).map((t) => t.close()));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `check` until it returns true (or throws after `timeoutMs`). */
export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 30_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}
