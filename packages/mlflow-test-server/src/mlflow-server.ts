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
  /** The process (group leader) serving now; changes with `restart()`. */
  readonly pid: number;
  /** Folder holding the SQLite database, the artifacts and the server log. */
  dir: string;
  artifactsDir: string;
  /** Whether the server process is alive (false after `stop()` / `kill()`, until `restart()`). */
  readonly running: boolean;
  /** Ends the server (SIGTERM to its process group) and waits for it to exit. */
  stop(): Promise<void>;
  /** Kills the server at once (SIGKILL to its process group: no graceful shutdown) and waits for it to exit. */
  kill(): Promise<void>;
  /**
   * Starts the server again on the same port with the same SQLite backend store and artifact root
   * (stopping it first if it still runs), and waits until it is healthy.
   */
  restart(): Promise<void>;
}

export interface StartOptions {
  port?: number;
  dir?: string;
  /** How long to wait for `/health`, in ms. */
  timeoutMs?: number;
  env?: Record<string, string>;
  /** More `mlflow server` arguments, e.g. `['--app-name', 'basic-auth']`. */
  extraArgs?: string[];
  /** The backend store instead of `<dir>/mlflow.db` (e.g. a `postgresql+psycopg2://` URI). */
  backendStoreUri?: string;
  /** The artifact arguments instead of `--serve-artifacts --artifacts-destination <dir>/artifacts`. */
  artifactArgs?: string[];
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

interface Spawned {
  child: ChildProcess;
  exited: Promise<void>;
  hasExited: () => boolean;
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
  const url = `http://127.0.0.1:${port}`;
  const args = [
    'server',
    '--backend-store-uri', options.backendStoreUri ?? `sqlite:///${join(dir, 'mlflow.db')}`,
    ...(options.artifactArgs ?? ['--serve-artifacts', '--artifacts-destination', artifactsDir]),
    '--host', '127.0.0.1',
    '--port', String(port),
    '--workers', '1',
    ...(options.extraArgs ?? []),
  ];

  const launch = async (): Promise<Spawned> => {
    const out = openSync(logFile, 'a');
    const child = spawn(venv.mlflow, args, { cwd: dir, stdio: ['ignore', out, out], detached: true, env: { ...process.env, ...options.env } });
    let exited = false;
    const exitedPromise = new Promise<void>((resolve) => child.once('exit', () => {
      exited = true;
      resolve();
    }));
    try {
      await waitForHealth(url, options.timeoutMs ?? 90_000, () => !exited);
    } catch (error) {
      killGroup(child.pid, 'SIGKILL');
      const log = readFileSync(logFile, 'utf8').split('\n').slice(-30).join('\n');
      throw new Error(`${(error as Error).message}\n--- ${logFile} (tail) ---\n${log}`);
    }
    child.unref();
    return { child, exited: exitedPromise, hasExited: () => exited };
  };

  let current = await launch();
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (current.hasExited()) return;
    killGroup(current.child.pid, signal);
    // A bounded wait that never keeps the test process alive by itself.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([current.exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    // Workers of the group may outlive the leader for a moment: make sure none keeps the port.
    killGroup(current.child.pid, 'SIGKILL');
  };

  return {
    url,
    port,
    get pid() {
      return current.child.pid!;
    },
    dir,
    artifactsDir,
    get running() {
      return !current.hasExited();
    },
    stop: () => end('SIGTERM'),
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      current = await launch();
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
