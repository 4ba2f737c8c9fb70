// The child processes of the tutorial script: `kedro-mlflow` commands of this checkout, run in the
// project folder with their progress and logs on our stderr, and the scoring server.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CLI = join(REPO_ROOT, 'packages', 'cli', 'dist', 'bin.js');

/** A step that failed: the script prints the message and exits 1. */
export class StepError extends Error {
  constructor(message) {
    super(message);
    this.name = 'StepError';
  }
}

export function requireCli() {
  if (!existsSync(CLI)) throw new StepError(`${CLI} is missing: run scripts/bootstrap.sh first (it installs and builds the workspace).`);
}

/**
 * The environment of the commands. On a terminal the CLI draws a progress bar and pretty logs by
 * itself; elsewhere (CI, a pipe) its logs would be JSON lines, so ask for readable timestamped lines,
 * unless the caller chose a format.
 */
export function childEnv(extra = {}) {
  const env = { ...process.env, ...extra };
  if (!process.stderr.isTTY && env.KEDRO_LOG_FORMAT === undefined) env.KEDRO_LOG_FORMAT = 'pretty';
  return env;
}

/** Runs `kedro-mlflow <args>` in `cwd`; stderr goes to ours, stdout is returned. */
export function runCli(args, cwd) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (code === 0) resolve(stdout);
      else reject(new StepError(`'kedro-mlflow ${args.join(' ')}' failed (${signal ?? `exit code ${code}`}); see its output above.`));
    });
  });
}

/** `kedro-mlflow run --json …`: the run's JSON document (status, nodes, mlflow run). */
export async function runPipeline(args, cwd) {
  const stdout = await runCli(['run', '--json', ...args], cwd);
  try {
    return JSON.parse(stdout);
  } catch {
    throw new StepError(`'kedro-mlflow run ${args.join(' ')}' printed no JSON document:\n${stdout}`);
  }
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `kedro-mlflow serve -m <uri>` on a free loopback port and waits until /ping answers 200
 * (503 while the model downloads and loads). Returns its URL and `stop()`.
 */
export async function startServer(modelUri, cwd, timeoutMs = 120_000) {
  const port = await freePort();
  const args = ['serve', '-m', modelUri, '--host', '127.0.0.1', '--port', String(port)];
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'inherit', 'inherit'] });
  let exitCode;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve((exitCode = code ?? signal))));
  const stop = async () => {
    if (exitCode === undefined) child.kill('SIGTERM');
    return exited;
  };
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new StepError(`'kedro-mlflow ${args.join(' ')}' exited (${exitCode}) before it was ready; see its output above.`);
    const status = await fetch(`${url}/ping`).then((res) => res.status, () => undefined);
    if (status === 200) return { url, args, stop };
    await new Promise((r) => setTimeout(r, 100));
  }
  await stop();
  throw new StepError(`'kedro-mlflow ${args.join(' ')}' did not answer /ping within ${timeoutMs / 1000} s.`);
}

/** POSTs a JSON body to /invocations: the answer, or a StepError with the server's error JSON. */
export async function invoke(url, body) {
  const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const json = await res.json();
  if (res.status !== 200) throw new StepError(`POST ${url}/invocations answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}
