/**
 * A real Temporal server for tests: the `temporal` CLI's dev server (`server start-dev`) on a free
 * loopback port, its history in a SQLite file of a temporary folder, no UI. Ready when its gRPC port
 * accepts connections and the default namespace answers.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accepting, freePort } from '../free-port.js';
import { requireTemporalCli } from './temporal-cli.js';

export interface TemporalServer {
  /** `127.0.0.1:<port>`: what clients and workers connect to. */
  readonly address: string;
  readonly port: number;
  readonly namespace: string;
  readonly pid: number;
  /** SIGTERM, waits for the exit, removes its folder. */
  stop(): Promise<void>;
}

export interface TemporalServerOptions {
  timeoutMs?: number;
}

export async function startTemporalServer(options: TemporalServerOptions = {}): Promise<TemporalServer> {
  const binary = requireTemporalCli();
  const dir = mkdtempSync(join(tmpdir(), 'temporal-server-'));
  const port = await freePort();
  const logFile = join(dir, 'temporal.log');
  const out = openSync(logFile, 'a');
  const child: ChildProcess = spawn(
    binary,
    ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), '--headless', '--db-filename', join(dir, 'temporal.db'), '--log-level', 'warn'],
    { stdio: ['ignore', out, out] },
  );
  closeSync(out);
  let alive = true;
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      alive = false;
      resolve();
    }),
  );
  const onExit = (): void => {
    if (alive) child.kill('SIGKILL');
  };
  process.once('exit', onExit);
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await accepting(port))) {
    if (!alive || Date.now() > deadline) {
      child.kill('SIGKILL');
      const tail = readFileSync(logFile, 'utf8').split('\n').slice(-20).join('\n');
      throw new Error(`the Temporal dev server did not listen on 127.0.0.1:${port}\n--- ${logFile} (tail) ---\n${tail}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  // The port opens before the default namespace is registered: ask for it until it answers.
  while (Date.now() < deadline) {
    const probe = spawn(binary, ['operator', 'namespace', 'describe', '--address', `127.0.0.1:${port}`, '-n', 'default'], { stdio: 'ignore' });
    const code = await new Promise<number | null>((resolve) => probe.once('exit', resolve));
    if (code === 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  child.unref();
  return {
    address: `127.0.0.1:${port}`,
    port,
    namespace: 'default',
    get pid() {
      return child.pid!;
    },
    async stop() {
      if (alive) {
        child.kill('SIGTERM');
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
        clearTimeout(timer);
        if (alive) child.kill('SIGKILL');
      }
      process.off('exit', onExit);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
