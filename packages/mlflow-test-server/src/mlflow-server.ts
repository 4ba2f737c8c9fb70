import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { requireMlflowVenv } from './venv.js';

export interface MlflowServer {
  /** `http://127.0.0.1:<port>` */
  url: string;
  port: number;
  pid: number;
  /** Folder holding the SQLite database, the artifacts and the server log. */
  dir: string;
  artifactsDir: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  dir?: string;
  /** How long to wait for `/health`, in ms. */
  timeoutMs?: number;
  env?: Record<string, string>;
  /** More `mlflow server` arguments, e.g. `['--app-name', 'basic-auth']`. */
  extraArgs?: string[];
}

/** Polls `GET <url>/health` until it answers 200 or the deadline passes. */
export async function waitForHealth(url: string, timeoutMs: number, alive: () => boolean = () => true): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!alive()) throw new Error('the mlflow server exited before answering /health');
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(2000) });
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`mlflow server at ${url} did not answer /health within ${timeoutMs} ms`);
}

/**
 * Starts the real `mlflow server` (SQLite backend, artifacts served through the server's proxy) on a
 * free loopback port and waits until it is healthy.
 */
export async function startMlflowServer(options: StartOptions = {}): Promise<MlflowServer> {
  const venv = requireMlflowVenv();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'mlflow-server-'));
  const port = options.port ?? (await freePort());
  mkdirSync(dir, { recursive: true });
  const artifactsDir = join(dir, 'artifacts');
  const logFile = join(dir, 'server.log');
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    venv.mlflow,
    [
      'server',
      '--backend-store-uri', `sqlite:///${join(dir, 'mlflow.db')}`,
      '--serve-artifacts',
      '--artifacts-destination', artifactsDir,
      '--host', '127.0.0.1',
      '--port', String(port),
      '--workers', '1',
      ...(options.extraArgs ?? []),
    ],
    { cwd: dir, stdio: ['ignore', out, out], detached: true, env: { ...process.env, ...options.env } },
  );
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, options.timeoutMs ?? 90_000, () => !exited);
  } catch (error) {
    killGroup(child.pid);
    const log = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
    throw new Error(`${(error as Error).message}\n--- ${logFile} (tail) ---\n${log}`);
  }
  child.unref();
  return {
    url,
    port,
    pid: child.pid!,
    dir,
    artifactsDir,
    stop: async () => {
      if (exited) return;
      const done = new Promise<void>((r) => child.once('exit', () => r()));
      killGroup(child.pid);
      await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}

/** The server forks workers; kill the whole process group. */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // already gone
    }
  }
}
