/** Starts test/serving/fixtures/serve-linear-model.ts as a real process and reads its JSON log lines. */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { ServeModelOptions } from '@kedro-mlflow/pipeline-ml';

const require = createRequire(__filename);
const TSX = require.resolve('tsx');
const FIXTURE = join(__dirname, 'fixtures', 'serve-linear-model.ts');

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Parsed JSON log lines so far. */
  logs: Array<Record<string, unknown>>;
  /** Resolves with the first log line (now or later) matching `test`. */
  waitForLog(test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>>;
  /** Resolves with the exit code when the process exits by itself. */
  exited: Promise<number | null>;
  stop(): Promise<number | null>;
}

export async function startServerProcess(options: Omit<ServeModelOptions, 'load'> = {}, env: Record<string, string> = {}): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', TSX, '--conditions=@kedro-mlflow/source', FIXTURE], {
    env: { ...process.env, SERVE_OPTIONS: JSON.stringify({ host: '127.0.0.1', port: 0, ...options }), KEDRO_LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const waiters: Array<{ test: (line: Record<string, unknown>) => boolean; resolve: (line: Record<string, unknown>) => void }> = [];
  let buffer = '';
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
    buffer += chunk;
    const lines = buffer.split('\n');
    buffer = lines.pop()!;
    for (const text of lines) {
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        continue;
      }
      logs.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitForLog = (test: (line: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> => {
    const found = logs.find(test);
    if (found !== undefined) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      waiters.push({ test, resolve });
      void exited.then((code) => reject(new Error(`the server process exited (${code}) first; stderr:\n${stderr.slice(-3000)}`)));
    });
  };
  const listening = await waitForLog((line) => line.msg === 'scoring server listening');
  return {
    child,
    url: listening.url as string,
    logs,
    waitForLog,
    exited,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** POSTs a body to /invocations. */
export async function invoke(url: string, body: string | Uint8Array, contentType = 'application/json'): Promise<{ status: number; json: unknown; text: string }> {
  const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'Content-Type': contentType }, body });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, json, text };
}
