// bench/tracking-hook/profile.mjs: where a tracked run of the bench pipeline spends its requests.
// Starts a real `mlflow server` behind a counting proxy (127.0.0.1), runs `kedro-mlflow run` of the
// bench project (generate.mjs) through it PROFILE_RUNS times (default 2, the first one warms the
// compile cache and creates the experiment), then prints, for the last run, the requests per
// endpoint and the longest wait of the run with no request in flight. Also times a run of the same
// project with `disable_tracking` set for its pipeline, and checks it sent no request at all.
// `node bench/tracking-hook/profile.mjs` (needs `pnpm build` and the Python MLflow venv).
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeConf, writeTypeScriptPipeline } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const BIN = join(root, 'packages', 'cli', 'dist', 'bin.js');
const RUNS = Math.max(1, Number(process.env.PROFILE_RUNS ?? 2));
const { startMlflowServer } = await import(join(root, 'packages/mlflow-test-server/dist/index.js'));

/** A pass-through proxy that writes down each request: method, endpoint (ids cut off), start and end. */
async function countingProxy(target) {
  const upstream = new URL(target);
  const seen = [];
  const server = createServer((req, res) => {
    const entry = { what: `${req.method} ${req.url.split('?')[0].replace(/\/artifacts\/.*$/, '/artifacts/…')}`, start: performance.now(), end: undefined };
    seen.push(entry);
    const forward = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      answer.on('end', () => (entry.end = performance.now()));
    });
    forward.on('error', () => res.destroy());
    req.pipe(forward);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Wall time of one run, in seconds; asynchronous, so that the proxy in this process keeps serving. */
let runStartedAt = 0;
function timeRun(command, args, options) {
  const start = performance.now();
  runStartedAt = start;
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve((performance.now() - start) / 1000) : reject(new Error(`${args.join(' ')} failed (exit ${code}):\n${stderr}`))));
  });
}

function summarize(requests) {
  const counts = new Map();
  for (const r of requests) {
    const row = counts.get(r.what) ?? [0, 0];
    counts.set(r.what, [row[0] + 1, row[1] + ((r.end ?? r.start) - r.start)]);
  }
  const rows = [...counts].sort((a, b) => b[1][0] - a[1][0]);
  const busy = requests.reduce((sum, r) => sum + ((r.end ?? r.start) - r.start), 0);
  return { rows, total: requests.length, busyMs: busy };
}

const work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-profile-tracking-hook-'));
const server = await startMlflowServer({ extraArgs: ['--workers', '4'] });
const proxy = await countingProxy(server.url);
try {
  const env = { ...process.env, NO_COLOR: '1', KEDRO_LOG_LEVEL: 'warn' };
  for (const key of ['KEDRO_ENV', 'KEDRO_LOG_FORMAT', 'FORCE_COLOR', 'MLFLOW_TRACKING_URI']) delete env[key];
  const project = execFileSync(process.execPath, [BIN, 'new', '--name', 'Tracking Profile', '--no-example'], { cwd: work, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  writeTypeScriptPipeline(project);
  writeConf(project, { tracked: true, trackingUri: proxy.url, experiment: 'profile_tracking_hook' });
  let seconds = 0;
  let from = 0;
  for (let i = 0; i < RUNS; i += 1) {
    from = proxy.seen.length;
    seconds = await timeRun(process.execPath, [BIN, 'run'], { cwd: project, env });
  }
  const { rows, total, busyMs } = summarize(proxy.seen.slice(from));
  console.log(`tracked run: ${seconds.toFixed(3)} s, ${total} requests (sum of their durations ${(busyMs / 1000).toFixed(3)} s)`);
  for (const [what, [n, ms]] of rows) console.log(`  ${String(n).padStart(4)}  ${(ms / 1000).toFixed(3).padStart(7)} s  ${what}`);
  // When each request ran, in ms from the start of the process (the run ends at seconds * 1000).
  console.log(`timeline (ms from process start; exit at ${(seconds * 1000).toFixed(0)}):`);
  for (const r of proxy.seen.slice(from)) console.log(`  ${(r.start - runStartedAt).toFixed(0).padStart(5)} → ${((r.end ?? r.start) - runStartedAt).toFixed(0).padStart(5)}  ${r.what}`);

  appendFileSync(join(project, 'conf', 'base', 'mlflow.yml'), '  disable_tracking:\n    pipelines: [__default__]\n');
  from = proxy.seen.length;
  const disabled = await timeRun(process.execPath, [BIN, 'run'], { cwd: project, env });
  console.log(`disable_tracking run: ${disabled.toFixed(3)} s, ${proxy.seen.length - from} requests`);
  for (const [what, [n]] of summarize(proxy.seen.slice(from)).rows) console.log(`  ${String(n).padStart(4)}  ${what}`);
} finally {
  await proxy.close();
  await server.stop();
  rmSync(work, { recursive: true, force: true });
}
