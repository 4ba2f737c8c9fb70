/**
 * A real S3-compatible server for tests: versitygw's posix backend on a free loopback port, its
 * objects in a temporary folder (a bucket is a folder there). `kill()` ends it with SIGKILL — no
 * graceful shutdown, as when a storage node dies — and `restart()` brings it back on the same port
 * with the same data.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepting, freePort } from '../free-port.js';
import { requireVersitygw } from './versitygw.js';

export interface S3Server {
  /** `http://127.0.0.1:<port>`: the endpoint URL clients use (path-style addressing). */
  readonly endpoint: string;
  readonly port: number;
  readonly accessKey: string;
  readonly secretKey: string;
  /** The region clients should sign for. */
  readonly region: string;
  /** The folder holding the buckets (one sub-folder each). */
  readonly dataDir: string;
  readonly pid: number;
  readonly running: boolean;
  /** The standard AWS variables for a client of this server (`AWS_ACCESS_KEY_ID`, …, `AWS_ENDPOINT_URL`). */
  env(): Record<string, string>;
  /** Creates a bucket (a folder of the posix backend); returns its name. */
  createBucket(name?: string): string;
  /** SIGTERM, waits for the exit, and removes the temporary folder when it made one (the end). */
  stop(): Promise<void>;
  /** SIGKILL at once, then waits for the exit. */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same data (stopping it first if it runs). */
  restart(): Promise<void>;
}

export interface S3ServerOptions {
  /** The working folder (data and log); a new temporary folder by default. */
  dir?: string;
  port?: number;
  accessKey?: string;
  secretKey?: string;
  /** Buckets to create before the server starts. */
  buckets?: string[];
  timeoutMs?: number;
}

export async function startS3Server(options: S3ServerOptions = {}): Promise<S3Server> {
  const binary = requireVersitygw();
  const ownDir = options.dir === undefined;
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 's3-server-'));
  const dataDir = join(dir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const accessKey = options.accessKey ?? `test${randomBytes(4).toString('hex')}`;
  const secretKey = options.secretKey ?? randomBytes(18).toString('base64url');
  const logFile = join(dir, 'versitygw.log');
  const endpoint = `http://127.0.0.1:${port}`;
  const createBucket = (name = `bucket-${randomBytes(4).toString('hex')}`): string => {
    mkdirSync(join(dataDir, name), { recursive: true });
    return name;
  };
  for (const bucket of options.buckets ?? []) createBucket(bucket);

  let child: ChildProcess;
  let exited: Promise<void>;
  let alive = false;
  const launch = async (): Promise<void> => {
    const out = openSync(logFile, 'a');
    // The secret travels in the environment, not on a command line other users can read.
    child = spawn(binary, ['--port', `127.0.0.1:${port}`, 'posix', dataDir], {
      stdio: ['ignore', out, out],
      env: { ...process.env, ROOT_ACCESS_KEY: accessKey, ROOT_SECRET_KEY: secretKey },
    });
    closeSync(out);
    alive = true;
    exited = new Promise((resolve) => child.once('exit', () => {
      alive = false;
      resolve();
    }));
    const deadline = Date.now() + (options.timeoutMs ?? 15_000);
    while (!(await accepting(port))) {
      if (!alive || Date.now() > deadline) {
        child.kill('SIGKILL');
        const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
        throw new Error(`versitygw did not listen on ${endpoint}\n--- ${logFile} (tail) ---\n${tail}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
    child.unref();
  };
  // A test process that ends without stop() (a crash, a timeout) must not leave the server running.
  const onExit = (): void => {
    if (alive) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    if (!alive) return;
    child.kill(signal);
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
    clearTimeout(timer);
    if (alive) child.kill('SIGKILL');
  };

  await launch();
  return {
    endpoint,
    port,
    accessKey,
    secretKey,
    region: 'us-east-1',
    dataDir,
    get pid() {
      return child.pid!;
    },
    get running() {
      return alive;
    },
    env: () => ({ AWS_ACCESS_KEY_ID: accessKey, AWS_SECRET_ACCESS_KEY: secretKey, AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL: endpoint }),
    createBucket,
    stop: async () => {
      await end('SIGTERM');
      process.off('exit', onExit);
      if (ownDir) rmSync(dir, { recursive: true, force: true });
    },
    kill: () => end('SIGKILL'),
    restart: async () => {
      await end('SIGTERM');
      await launch();
    },
  };
}
