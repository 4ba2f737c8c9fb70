// bench/serving: one-row /invocations requests from 16 concurrent connections (autocannon) against
// our scoring server, beside `mlflow models serve --env-manager local` of the same model as a Python
// pyfunc (linear_model.py) when the anchor venv is installed. Ours is measured twice: `kedro-mlflow
// serve` of a kedro_pipeline model (the product path) and the scoring server of pipeline-ml with a
// plain model object (the server alone), in 1 and 2 processes. All enforce the signature and params.
// With the venv, the kedro_pipeline folder is also served by `mlflow models serve` through its
// python_function flavor (the pyfunc shim: a Python loader talking to one Node child), for reference.
// Goal: ≥ 5x the requests/s and p99 latency ≤ 1/5 of the Python server's.
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { anchorPython, NO_ANCHOR, runAnchor } from '../lib/anchors.mjs';
import { fmt, printTable } from '../lib/report.mjs';
import { freePort, waitForPing } from '../lib/servers.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const DURATION = Number(process.env.BENCH_SERVING_SECONDS ?? 10);
const CONNECTIONS = 16;
const BODY = JSON.stringify({ dataframe_split: { columns: ['x', 'n', 'label'], data: [[1.5, 2, 'a']] } });
const EXPECTED = [{ score: 3.5, label: 'a' }];
const BIN = join(root, 'packages', 'cli', 'dist', 'bin.js');
const cache = process.env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts');

if (process.env.BENCH_SERVING_SOURCE !== '1' && !existsSync(join(root, 'packages', 'pipeline-ml', 'dist', 'index.js'))) throw new Error('packages/pipeline-ml/dist is missing: build first (pnpm build)');

async function checkAnswer(url) {
  const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: BODY });
  const json = await res.json();
  if (res.status !== 200 || JSON.stringify(json.predictions) !== JSON.stringify(EXPECTED)) throw new Error(`${url} answered ${res.status} ${JSON.stringify(json)}`);
}

function load(url, duration) {
  return autocannon({ url: `${url}/invocations`, connections: CONNECTIONS, duration, method: 'POST', headers: { 'content-type': 'application/json' }, body: BODY });
}

/** Starts a server, checks its answer, warms it up, measures; always stops it. */
async function measure(label, command, args, options) {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(command, [...args(port)], { ...options, stdio: ['ignore', 'ignore', 'ignore'] });
  try {
    await waitForPing(url, child, 120);
    await checkAnswer(url);
    await load(url, 2);
    const result = await load(url, DURATION);
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${label}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
    console.error(`${label}: ${fmt(result.requests.average)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms`);
    return { rps: result.requests.average, p99: result.latency.p99, usPerRequest: 1e6 / result.requests.average };
  } finally {
    child.kill('SIGTERM');
  }
}

function anchorModel(python) {
  const script = join(here, 'linear_model.py');
  const fingerprint = createHash('sha256').update(python).update(readFileSync(script)).digest('hex').slice(0, 16);
  const dir = join(cache, 'bench-serving-model', fingerprint);
  if (!existsSync(join(dir, 'MLmodel'))) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dirname(dir), { recursive: true });
    runAnchor(script, [dir]);
  }
  return dir;
}

// BENCH_SERVING_SOURCE=1 runs our server from the TypeScript sources (tsx), without a build.
const fromSource = process.env.BENCH_SERVING_SOURCE === '1';
const tsx = fromSource ? ['--import', createRequire(join(root, 'packages', 'pipeline-ml', 'package.json')).resolve('tsx'), '--conditions=@kedro-mlflow/source'] : [];
const serveOurs = join(here, 'serve-ours.mjs');
const ours = await measure('scoring server, plain model, 1 process', process.execPath, (port) => [...tsx, serveOurs, String(port), '1'], { cwd: root });
const oursTwo = await measure('scoring server, plain model, 2 workers', process.execPath, (port) => [...tsx, serveOurs, String(port), '2'], { cwd: root });

// The product path: `kedro-mlflow serve` of a kedro_pipeline model folder (the same linear model as
// a one-node inference pipeline, run by the SequentialRunner on each request).
const python = anchorPython();
// MLflow starts uvicorn by name: the venv's bin first on PATH.
const mlflowEnv = (py) => ({ ...process.env, PATH: `${dirname(py)}:${process.env.PATH}`, MLFLOW_TRACKING_URI: join(cache, 'bench-serving-mlruns'), PYTHONWARNINGS: 'ignore' });
const work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-bench-serving-'));
let cliServe;
let pyfuncShim;
try {
  const modelDir = join(work, 'model');
  execFileSync(process.execPath, [join(here, 'save-pipeline-model.mjs'), modelDir], { cwd: root, stdio: 'ignore' });
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (pnpm build)`);
  cliServe = await measure('kedro-mlflow serve, kedro_pipeline model', process.execPath, (port) => [BIN, 'serve', '-m', modelDir, '--port', String(port)], { cwd: work, env: { ...process.env, KEDRO_LOG_FORMAT: 'json' } });
  // The same folder served by MLflow through its python_function flavor (the Python loader and one Node child).
  if (python !== undefined) pyfuncShim = await measure('mlflow models serve, kedro_pipeline model (pyfunc shim)', join(dirname(python), 'mlflow'), (port) => ['models', 'serve', '-m', modelDir, '--env-manager', 'local', '-h', '127.0.0.1', '-p', String(port)], { cwd: work, env: mlflowEnv(python) });
} finally {
  rmSync(work, { recursive: true, force: true });
}
let theirs;
if (python !== undefined) {
  const model = anchorModel(python);
  const mlflow = join(dirname(python), 'mlflow');
  theirs = await measure('mlflow models serve', mlflow, (port) => ['models', 'serve', '-m', model, '--env-manager', 'local', '-h', '127.0.0.1', '-p', String(port)], {
    env: mlflowEnv(python),
  });
}

printTable(`serving: one-row /invocations, ${CONNECTIONS} connections, ${DURATION} s (anchor: mlflow models serve --env-manager local of the pyfunc, 1 worker)`, [
  { measure: 'kedro-mlflow serve: time per request (1/throughput)', unit: 'µs', ours: cliServe.usPerRequest, anchor: theirs?.usPerRequest, goal: '≤ 1/5 (≥ 5x req/s)' },
  { measure: 'kedro-mlflow serve: p99 latency', unit: 'ms', ours: cliServe.p99, anchor: theirs?.p99, goal: '≤ 1/5' },
  { measure: 'plain model, 1 process: time per request', unit: 'µs', ours: ours.usPerRequest, anchor: theirs?.usPerRequest, goal: '' },
  { measure: 'plain model, 1 process: p99 latency', unit: 'ms', ours: ours.p99, anchor: theirs?.p99, goal: '' },
  { measure: 'plain model, 2 workers: time per request', unit: 'µs', ours: oursTwo.usPerRequest, anchor: theirs?.usPerRequest, goal: '' },
  { measure: 'plain model, 2 workers: p99 latency', unit: 'ms', ours: oursTwo.p99, anchor: theirs?.p99, goal: '' },
  // Informational: our model under MLflow's own server (Python HTTP + pandas + one Node child over a pipe).
  { measure: 'pyfunc shim (mlflow models serve of our model): time per request', unit: 'µs', ours: pyfuncShim?.usPerRequest, anchor: theirs?.usPerRequest, goal: '' },
  { measure: 'pyfunc shim: p99 latency', unit: 'ms', ours: pyfuncShim?.p99, anchor: theirs?.p99, goal: '' },
]);
const rps = (r) => (r === undefined ? NO_ANCHOR : fmt(r.rps));
console.log(`requests/s: kedro-mlflow serve ${rps(cliServe)}; plain model ${rps(ours)} (1 process), ${rps(oursTwo)} (2 workers); mlflow models serve ${rps(theirs)}; pyfunc shim ${rps(pyfuncShim)}`);
if (theirs !== undefined) {
  const speedup = cliServe.rps / theirs.rps;
  const latency = theirs.p99 / cliServe.p99;
  console.log(`kedro-mlflow serve: throughput ${fmt(speedup)}x (goal ≥ 5x): ${speedup >= 5 ? 'met' : 'NOT met'}; p99 1/${fmt(latency)} (goal ≤ 1/5): ${latency >= 5 ? 'met' : 'NOT met'}`);
}
