// bench/tracking: 10,000 metric points + 100 params + 50 tags to one fresh run of a real MLflow
// server (SQLite backend, started here), four ways:
//   ours      MlflowTracking's fluent API with background batching, until flush() resolves;
//   py loop   Python `mlflow.log_metric` / `log_param` / `set_tag` in a loop (anchor venv);
//   py batch  Python `MlflowClient.log_batch` in chunks of 1000;
//   floor     the same 11 log-batch requests built and sent straight with undici, one after the other.
// Goals: ours ≥ 20x faster than the Python loop, and ≤ 1.5x the raw floor.
// BENCH_REPEAT (default 5) repeats ours and the floor (interleaved; medians reported).
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runAnchor, NO_ANCHOR } from '../lib/anchors.mjs';
import { median, printTable } from '../lib/report.mjs';

process.env.KEDRO_LOG_LEVEL ??= 'silent';
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const { MlflowTracking, MlflowClient } = await import(join(root, 'packages/mlflow-client/dist/index.js'));
const { startMlflowServer, findMlflowVenv } = await import(join(root, 'packages/mlflow-test-server/dist/index.js'));
const { Agent, request } = createRequire(join(root, 'packages/mlflow-client/package.json'))('undici');

const N = 10_000;
const P = 100;
const T = 50;
const T0 = 1_700_000_000_000;
const REPEAT = Number(process.env.BENCH_REPEAT ?? 5);

if (findMlflowVenv() === undefined) {
  console.log('bench/tracking: Python MLflow not installed (scripts/setup-mlflow.sh); skipped');
  process.exit(0);
}

const server = await startMlflowServer();
const journalDir = mkdtempSync(join(tmpdir(), 'bench-journal-'));
const client = new MlflowClient({ trackingUri: server.url, env: {} });
const experimentId = await client.createExperiment(`bench-tracking-${Date.now()}`);

async function check(runId, label) {
  const metrics = (await client.getMetricHistory(runId, 'loss')).length;
  const run = await client.getRun(runId);
  const params = Object.keys(run.data.params).length;
  const tags = Object.keys(run.data.tags).filter((k) => /^t\d+$/.test(k)).length;
  if (metrics !== N || params !== P || tags !== T) throw new Error(`${label}: read back ${metrics} metrics, ${params} params, ${tags} tags`);
}

async function ours() {
  const mlflow = new MlflowTracking({ trackingUri: server.url, experimentId, journalDir, exitHandlers: false, env: {} });
  const run = await mlflow.startRun();
  const t0 = performance.now();
  for (let i = 0; i < P; i++) mlflow.logParam(`p${i}`, i);
  for (let i = 0; i < T; i++) mlflow.setTag(`t${i}`, `v${i}`);
  for (let i = 0; i < N; i++) mlflow.logMetric('loss', 1 / (i + 1), { step: i, timestamp: T0 + i });
  await mlflow.flush();
  const ms = performance.now() - t0;
  await mlflow.endRun();
  await mlflow.close();
  await check(run.runId, 'ours');
  return ms;
}

const agent = new Agent({ connections: 16, keepAliveTimeout: 4000 });

async function floor() {
  const runId = (await client.createRun(experimentId)).info.runId;
  const t0 = performance.now();
  const entities = [];
  for (let i = 0; i < P; i++) entities.push({ k: 'p', key: `p${i}`, value: String(i) });
  for (let i = 0; i < T; i++) entities.push({ k: 't', key: `t${i}`, value: `v${i}` });
  for (let i = 0; i < N; i++) entities.push({ k: 'm', key: 'loss', value: 1 / (i + 1), timestamp: T0 + i, step: i });
  for (let c = 0; c < entities.length; c += 1000) {
    const body = { run_id: runId, metrics: [], params: [], tags: [] };
    for (const e of entities.slice(c, c + 1000)) {
      if (e.k === 'm') body.metrics.push({ key: e.key, value: e.value, timestamp: e.timestamp, step: e.step });
      else (e.k === 'p' ? body.params : body.tags).push({ key: e.key, value: e.value });
    }
    const res = await request(`${server.url}/api/2.0/mlflow/runs/log-batch`, {
      method: 'POST',
      dispatcher: agent,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    await res.body.text();
    if (res.statusCode !== 200) throw new Error(`floor: HTTP ${res.statusCode}`);
  }
  const ms = performance.now() - t0;
  await client.setTerminated(runId);
  await check(runId, 'floor');
  return ms;
}

function python(mode) {
  const out = runAnchor(join(here, 'mlflow_tracking.py'), [mode, server.url, experimentId], { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' });
  if (out !== undefined && (out.metrics !== N || out.params !== P)) throw new Error(`python ${mode}: read back ${out.metrics} metrics, ${out.params} params`);
  return out?.ms;
}

let result;
try {
  // Warm up both (JIT, sockets, the server's caches); not timed.
  await ours();
  await floor();
  const oursMs = [];
  const floorMs = [];
  for (let r = 0; r < REPEAT; r++) {
    oursMs.push(await ours());
    floorMs.push(await floor());
  }
  const batchMs = [];
  for (let r = 0; r < Math.min(REPEAT, 3); r++) batchMs.push(python('batch'));
  const loopMs = python('loop');
  result = { ours: median(oursMs), floor: median(floorMs), batch: batchMs.includes(undefined) ? undefined : median(batchMs), loop: loopMs, oursMs, floorMs };
} finally {
  await client.close();
  await agent.close();
  await server.stop();
  rmSync(journalDir, { recursive: true, force: true });
}

printTable(`tracking: ${N.toLocaleString('en-US')} metric points + ${P} params + ${T} tags to one run (real server, SQLite; median of ${REPEAT})`, [
  { measure: 'ours vs Python mlflow.log_metric loop', unit: 'ms', ours: result.ours, anchor: result.loop, goal: '≥ 20x faster' },
  { measure: 'ours vs Python MlflowClient.log_batch', unit: 'ms', ours: result.ours, anchor: result.batch },
  { measure: 'ours vs raw floor (undici, same requests)', unit: 'ms', ours: result.ours, anchor: result.floor, goal: '≤ 1.5x the floor' },
]);
const fmt = (x) => x.toFixed(2);
if (result.loop === undefined) console.log(`python: ${NO_ANCHOR}`);
else console.log(`ours is ${fmt(result.loop / result.ours)}x faster than the Python loop (goal ≥ 20x): ${result.loop / result.ours >= 20 ? 'met' : 'NOT met'}`);
if (result.batch !== undefined) console.log(`ours is ${fmt(result.batch / result.ours)}x faster than Python log_batch`);
console.log(`ours is ${fmt(result.ours / result.floor)}x the raw floor (goal ≤ 1.5x): ${result.ours / result.floor <= 1.5 ? 'met' : 'NOT met'}`);
console.log(`runs (ms): ours ${result.oursMs.map((x) => x.toFixed(0)).join(', ')}; floor ${result.floorMs.map((x) => x.toFixed(0)).join(', ')}`);
