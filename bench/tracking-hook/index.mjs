// bench/tracking-hook: a tracked run of a 200-node pipeline (100 parameters, 20 metric datasets,
// 10 artifact datasets; see generate.mjs) from the command line, into a real `mlflow server`
// (SQLite backend, started here), whole process wall time:
//   ours        `kedro-mlflow run` with the MLflow hook;
//   untracked   `kedro-mlflow run` of the same pipeline with the hook disabled (disableHooksForPlugins)
//               and local datasets in place of the MLflow ones (metrics in memory, reports as JSON);
//   kedro       `kedro run` with kedro-mlflow 2 on the same pipeline in Python (anchor venv).
// Goals: ours ≤ 1/5 of kedro-mlflow's wall time; the hook's overhead over an untracked run of ours ≤ 25%.
// Each tracked run is read back from the server: 101 parameters, 20 metrics, 10 reports.
// BENCH_REPEAT (default 5) timed runs each, alternating, after one untimed warm-up run.
// BENCH_BACKEND=postgres: the server of the team stack instead (PostgreSQL backend store, artifacts
// proxied to an S3 server; packages/mlflow-test-server startMlflowStack), to see what the backend costs.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { anchorPython, NO_ANCHOR } from '../lib/anchors.mjs';
import { disableMlflowHook, timeRun } from '../lib/cli-runs.mjs';
import { median, printTable } from '../lib/report.mjs';
import { SHAPE, writeConf, writePythonPipeline, writeTypeScriptPipeline } from './generate.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const BIN = join(root, 'packages', 'cli', 'dist', 'bin.js');
const REPEAT = Math.max(3, Number(process.env.BENCH_REPEAT ?? 5));
const { startMlflowServer, startMlflowStack, findMlflowVenv } = await import(join(root, 'packages/mlflow-test-server/dist/index.js'));
const BACKEND = process.env.BENCH_BACKEND === 'postgres' ? 'postgres' : 'sqlite';
const { MlflowClient } = await import(join(root, 'packages/mlflow-client/dist/index.js'));

if (!existsSync(BIN)) throw new Error(`${BIN} is missing: build the CLI first (pnpm build)`);
if (findMlflowVenv() === undefined) {
  console.log('bench/tracking-hook: Python MLflow not installed (scripts/setup-mlflow.sh); skipped');
  process.exit(0);
}

const work = mkdtempSync(join(tmpdir(), 'kedro-mlflow-bench-tracking-hook-'));
// `mlflow server` as users start it: its default of 4 worker processes (the test servers use one).
const stack = BACKEND === 'postgres' ? await startMlflowStack({ mode: 'proxied', workers: 4 }) : undefined;
const server = stack?.mlflow ?? (await startMlflowServer({ extraArgs: ['--workers', '4'] }));
console.log(`bench/tracking-hook: mlflow server on ${BACKEND === 'postgres' ? 'PostgreSQL + S3 (proxied artifacts)' : 'SQLite + local artifacts'}`);
const client = new MlflowClient({ trackingUri: server.url, env: {} });
try {
  // --- ours: one project tracked, one copy untracked ------------------------------------------------
  const oursEnv = { ...process.env, NO_COLOR: '1', KEDRO_LOG_LEVEL: 'warn' };
  for (const key of ['KEDRO_ENV', 'KEDRO_LOG_FORMAT', 'FORCE_COLOR', 'MLFLOW_TRACKING_URI']) delete oursEnv[key];
  const tracked = execFileSync(process.execPath, [BIN, 'new', '--name', 'Tracking Bench', '--no-example'], { cwd: work, env: oursEnv, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  writeTypeScriptPipeline(tracked);
  const untracked = join(work, 'untracked');
  cpSync(tracked, untracked, { recursive: true });
  writeConf(tracked, { tracked: true, trackingUri: server.url, experiment: 'bench_tracking_hook_ours' });
  writeConf(untracked, { tracked: false });
  disableMlflowHook(join(untracked, 'src', 'settings.ts'));

  const commands = [
    { label: 'kedro-mlflow run', command: process.execPath, args: [BIN, 'run'], options: { cwd: tracked, env: oursEnv } },
    { label: 'kedro-mlflow run (untracked)', command: process.execPath, args: [BIN, 'run'], options: { cwd: untracked, env: oursEnv } },
  ];

  // --- kedro + kedro-mlflow ----------------------------------------------------------------------
  const python = anchorPython();
  const kedroEnv = { ...process.env, KEDRO_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1', PYTHONWARNINGS: 'ignore', MLFLOW_HTTP_REQUEST_MAX_RETRIES: '0' };
  delete kedroEnv.MLFLOW_TRACKING_URI;
  if (python !== undefined) {
    const kedro = join(dirname(python), 'kedro');
    if (!existsSync(join(dirname(dirname(python)), '.kedro-datasets'))) throw new Error('the anchor venv lacks kedro-datasets: run bench/anchors/setup');
    execFileSync(kedro, ['new', '--name', 'tbench', '--tools', 'none', '--example', 'n', '--telemetry', 'no'], { cwd: work, env: kedroEnv, stdio: ['ignore', 'ignore', 'inherit'] });
    const project = join(work, 'tbench');
    writePythonPipeline(project, 'tbench');
    writeConf(project, { tracked: true, trackingUri: server.url, experiment: 'bench_tracking_hook_kedro' });
    commands.push({ label: 'kedro run (kedro-mlflow)', command: kedro, args: ['run'], options: { cwd: project, env: kedroEnv } });
  }

  // The same tracked run into the embedded ./mlruns store: the hook's own cost, without a server's latency.
  const embedded = join(work, 'embedded');
  cpSync(tracked, embedded, { recursive: true });
  writeConf(embedded, { tracked: true, trackingUri: 'mlruns', experiment: 'bench_tracking_hook_embedded' });
  commands.push({ label: 'kedro-mlflow run (into ./mlruns)', command: process.execPath, args: [BIN, 'run'], options: { cwd: embedded, env: oursEnv } });

  for (const c of commands) timeRun(c.command, c.args, c.options); // warm-up: compile caches, experiments created
  const times = commands.map(() => []);
  for (let i = 0; i < REPEAT; i += 1) commands.forEach((c, j) => times[j].push(timeRun(c.command, c.args, c.options)));
  commands.forEach((c, j) => console.error(`${c.label}: ${times[j].map((t) => t.toFixed(3)).join(' ')} s`));
  const medians = times.map((t) => median(t));
  const [ours, bare] = medians;
  const theirs = python === undefined ? undefined : medians[2];
  const intoMlruns = medians.at(-1);

  await checkRuns('bench_tracking_hook_ours', REPEAT + 1);
  if (python !== undefined) await checkRuns('bench_tracking_hook_kedro', REPEAT + 1);
  if (existsSync(join(untracked, 'mlruns'))) throw new Error('the untracked project tracked its runs into mlruns: the opt-out of the MLflow hook no longer works');

  printTable(`tracking-hook: a tracked run of ${SHAPE.nodes} nodes, ${SHAPE.params} parameters, ${SHAPE.metrics} metrics, ${SHAPE.artifacts} artifacts (anchor: kedro run with kedro-mlflow 2)`, [
    { measure: 'tracked run, whole process, median', unit: 's', ours, anchor: theirs, goal: '≤ 1/5' },
  ]);
  const overhead = (ours / bare - 1) * 100;
  console.log(`hook overhead: ours ${ours.toFixed(3)} s tracked vs ${bare.toFixed(3)} s untracked = +${overhead.toFixed(0)}% (goal ≤ 25%)`);
  console.log(`hook overhead into the embedded ./mlruns store (no server): ${intoMlruns.toFixed(3)} s vs ${bare.toFixed(3)} s untracked = +${((intoMlruns / bare - 1) * 100).toFixed(0)}%`);
  console.log(`(${REPEAT} timed runs each, alternating, after one untimed warm-up run; mlflow server with a ${BACKEND === 'postgres' ? 'PostgreSQL store and S3 artifacts' : 'SQLite store'} on this machine)`);
  if (python === undefined) console.log(`kedro: ${NO_ANCHOR}`);
} finally {
  await client.close();
  await (stack ?? server).stop();
  rmSync(work, { recursive: true, force: true });
}

/** Every run of `experiment` logged what the pipeline produces; throws naming what is missing. */
async function checkRuns(experiment, expected) {
  const found = await client.getExperimentByName(experiment);
  if (found === undefined) throw new Error(`no experiment '${experiment}' on the server: the runs were not tracked`);
  const runs = (await client.searchRuns(found.experimentId, { maxResults: 100 })).items;
  if (runs.length !== expected) throw new Error(`${experiment}: ${runs.length} runs on the server, expected ${expected}`);
  for (const run of runs) {
    const params = Object.keys(run.data.params).length;
    const metrics = Object.keys(run.data.metrics).length;
    const reports = (await client.listArtifacts(run.info.runId, 'reports')).length;
    if (params !== SHAPE.params + 1 || metrics !== SHAPE.metrics || reports !== SHAPE.artifacts) {
      throw new Error(`${experiment} run ${run.info.runId}: ${params} params, ${metrics} metrics, ${reports} reports; expected ${SHAPE.params + 1}, ${SHAPE.metrics}, ${SHAPE.artifacts}`);
    }
  }
}
