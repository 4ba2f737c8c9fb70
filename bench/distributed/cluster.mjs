// The processes of bench/distributed: the Temporal dev server (mlflow-test-server's
// startTemporalServer), `kedro-mlflow worker` processes that stay up across the timed runs, timed
// driver runs (`kedro-mlflow run …`, whole process wall clock) and the temporal CLI's view of a workflow.
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BIN = join(ROOT, 'packages', 'cli', 'dist', 'bin.js');
const testServer = await import(join(ROOT, 'packages', 'mlflow-test-server', 'dist', 'index.js'));
export const { findTemporalCli, requireTemporalCli, startTemporalServer } = testServer;

/** The CLI's environment: JSON log lines (with timestamps) at `level`, nothing inherited that changes behaviour. */
export function cliEnv(level = 'warn') {
  const env = { ...process.env, NO_COLOR: '1', KEDRO_LOG_LEVEL: level, KEDRO_LOG_FORMAT: 'json' };
  for (const key of ['KEDRO_ENV', 'FORCE_COLOR', 'MLFLOW_TRACKING_URI', 'CI']) delete env[key];
  return env;
}

/**
 * Starts `kedro-mlflow worker` in `project` and resolves once it polls. Its output goes to `logFile`
 * (a file, not a pipe: the timed driver runs block this process, and a full pipe would stall the worker).
 */
export async function startWorker(project, address, taskQueue, maxConcurrentNodes, logFile, flags = []) {
  const out = openSync(logFile, 'a');
  const child = spawn(process.execPath, [BIN, 'worker', '--address', address, '--task-queue', taskQueue, '--max-concurrent-nodes', String(maxConcurrentNodes), ...flags], {
    cwd: project,
    env: cliEnv('info'),
    stdio: ['ignore', out, out],
  });
  closeSync(out);
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let ended = false;
  void exited.then(() => (ended = true));
  const deadline = Date.now() + 60_000;
  while (!(existsSync(logFile) && readFileSync(logFile, 'utf8').includes('polling task queue'))) {
    if (ended || Date.now() > deadline) throw new Error(`kedro-mlflow worker did not start polling '${taskQueue}':\n${readFileSync(logFile, 'utf8').slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    pid: child.pid,
    logFile,
    async stop() {
      if (!ended) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/**
 * One `kedro-mlflow run --json …` in `project`: wall clock of the whole process (seconds) and its run
 * document. Fails loudly when the run fails; a run longer than `timeoutMs` is interrupted (SIGINT:
 * the driver cancels its workflow) and reported as not completed.
 */
export function timedRun(project, args, { timeoutMs = 30 * 60_000, level = 'warn' } = {}) {
  const started = performance.now();
  const res = spawnSync(process.execPath, [BIN, 'run', '--json', ...args], {
    cwd: project,
    env: cliEnv(level),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    timeout: timeoutMs,
    killSignal: 'SIGINT',
  });
  const seconds = (performance.now() - started) / 1000;
  const timedOut = res.error?.code === 'ETIMEDOUT' || res.signal === 'SIGINT';
  if (res.status !== 0 && !timedOut) {
    throw new Error(`kedro-mlflow run ${args.join(' ')} failed (exit ${res.status}) in ${project}:\n${res.stderr.slice(-4000)}`);
  }
  let doc;
  try {
    doc = JSON.parse(res.stdout);
  } catch {
    doc = undefined;
  }
  return { seconds, doc, stderr: res.stderr, completed: !timedOut && res.status === 0 };
}

/** Seconds each node took where it ran, from a run document (for TemporalRunner: the activity on its worker). */
export function nodeSeconds(doc) {
  return (doc?.nodes ?? []).filter((n) => n.status === 'completed' && typeof n.seconds === 'number').map((n) => n.seconds);
}

/** The workflow id the driver logged when it submitted the run. */
export function submittedWorkflow(stderr) {
  return /Submitted the pipeline as workflow '([^']+)'/.exec(stderr)?.[1];
}

/** What the temporal CLI says of a workflow: the status of its latest run and how many runs (continue-as-new) it had. */
export function describeWorkflow(address, workflowId) {
  const bin = requireTemporalCli();
  const listed = spawnSync(bin, ['workflow', 'list', '--address', address, '--query', `WorkflowId = '${workflowId}'`, '-o', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (listed.status !== 0) throw new Error(`temporal workflow list failed: ${listed.stderr}`);
  const runs = listed.stdout.trim() === '' ? [] : JSON.parse(listed.stdout);
  const described = spawnSync(bin, ['workflow', 'describe', '--address', address, '--workflow-id', workflowId, '-o', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const status = described.status === 0 ? JSON.parse(described.stdout).workflowExecutionInfo.status : `unknown (${described.stderr.trim()})`;
  return { status, runs: runs.length };
}

/**
 * Waits (up to `maxSeconds`) until the 1-minute load average is below 1, so that the figures are not
 * another process's; returns the load measured at the start of the measurement either way.
 */
export async function waitForQuietMachine(label, maxSeconds = 300) {
  const deadline = Date.now() + maxSeconds * 1000;
  while (loadavg()[0] >= 1 && Date.now() < deadline) {
    console.error(`${label}: load average ${loadavg()[0].toFixed(2)} ≥ 1, waiting for a quiet machine…`);
    await new Promise((r) => setTimeout(r, 15_000));
  }
  return loadavg()[0];
}
