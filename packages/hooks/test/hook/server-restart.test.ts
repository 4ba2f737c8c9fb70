/**
 * Nothing a pipeline run logs is lost when the real `mlflow server` is killed (SIGKILL, no proxy) in
 * the middle of the run: a node kills it, the nodes after it save metric, history and artifact
 * datasets and log params and a tag while it is down, and it is started again ~10 s later on the
 * same port with the same store. The run completes; once the session is over, every param, metric,
 * tag and artifact (the run summary and the DAG picture too) and FINISHED are on the server, through
 * REST and Python's MlflowClient. And when the server is still down at the end of the run, the next
 * process that uses the tracking URI sends it all.
 */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { captureLogs } from '@kedro-mlflow/core-pipeline';
import { MlflowClient, type Run } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, runPythonJson, startMlflowServer, type MlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { MlflowHook } from '@kedro-mlflow/hooks';
import { makeProject, removeTempDirs, runProject, runsOf, tempDir } from '../project.js';
import { runSummaryOf } from '../summary/summary-project.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;
jest.setTimeout(300_000);

const PACKAGES = join(__dirname, '..', '..', '..');
const OUTAGE_MS = 10_000;

/**
 * prepare (server up) → train: kills the server, tags the run, returns two metrics (saved while it is
 * down) → report: its params and outputs (history, metrics, an artifact) while it is down → finish:
 * waits for the server to be back (or not, when it stays down), one more metric. No node reads a
 * metric dataset: loads need the server.
 */
const PIPELINE_MJS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { currentMlflowRun } from '@kedro-mlflow/hooks';
export const prepare = (raw, model) => raw.map((x) => x * model.scale);
export const train = async (features) => {
  await globalThis.__outage.kill();
  currentMlflowRun().tracking.setTag('phase', 'outage');
  return [features.length / 10, 0.25, features.length];
};
export const report = (n, late) => [[0.5, 0.4, 0.3], { f1: { value: 0.8, step: 1 }, auc: [{ value: 0.6 }, { value: 0.7, step: 1 }] }, { n, late }];
export const finish = async (report) => {
  await globalThis.__outage.back;
  return report.late.factor * 2;
};
export function createPipeline() {
  return pipeline([
    node(prepare, ['raw', 'params:model'], 'features', { name: 'prepare' }),
    node(train, 'features', ['accuracy', 'loss', 'trained'], { name: 'train' }),
    node(report, ['trained', 'params:late'], ['curve', 'scores', 'report'], { name: 'report' }),
    node(finish, 'report', 'final_metric', { name: 'finish' }),
  ]);
}
`;

const CATALOG = `raw:
  type: MemoryDataset
  data: [1, 2, 3]
accuracy:
  type: MlflowMetricDataset
loss:
  type: MlflowMetricDataset
  save_args:
    mode: append
curve:
  type: MlflowMetricHistoryDataset
scores:
  type: MlflowMetricsHistoryDataset
report:
  type: MlflowArtifactDataset
  artifact_path: reports
  dataset:
    type: json.JSONDataset
    filepath: data/08_reporting/report.json
"{name}_metric":
  type: MlflowMetricDataset
`;

interface Outage {
  kill(): Promise<void>;
  back: Promise<void>;
}

/** What the pipeline's `train` and `finish` nodes wait on: the server killed, then (maybe) restarted after OUTAGE_MS. */
function outage(server: MlflowServer, restart: boolean): Outage {
  let resolveBack!: () => void;
  let failBack!: (error: unknown) => void;
  const back = new Promise<void>((resolve, reject) => {
    resolveBack = resolve;
    failBack = reject;
  });
  return {
    back,
    kill: async () => {
      await server.kill();
      if (!restart) return resolveBack();
      setTimeout(() => void server.restart().then(resolveBack, failBack), OUTAGE_MS);
    },
  };
}

function project(url: string, experiment: string): string {
  const root = makeProject({
    'src/pipelines/train/pipeline.mjs': PIPELINE_MJS,
    'conf/base/catalog.yml': CATALOG,
    'conf/base/parameters.yml': 'model:\n  scale: 2\nlate:\n  factor: 3\n',
    'conf/base/mlflow.yml': `server:\n  mlflow_tracking_uri: ${url}\ntracking:\n  experiment:\n    name: ${experiment}\n`,
  });
  symlinkSync(join(PACKAGES, 'datasets'), join(root, 'node_modules', '@kedro-mlflow', 'datasets'), 'dir');
  return root;
}

/** Quick retries (an outage is noticed in well under a second) and a private journal. */
function hook(journalDir: string): MlflowHook {
  const env = { MLFLOW_HTTP_REQUEST_MAX_RETRIES: '1', MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.05', MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0' };
  return new MlflowHook({ env, trackingOptions: { journalDir, exitHandlers: false, flushIntervalMs: 50, probeIntervalMs: 250 } });
}

interface SeenByPython {
  status: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  tags: Record<string, string>;
  histories: Record<string, Array<[number, number]>>;
  files: string[];
  report: unknown;
}

function seenByPython(url: string, runId: string): Promise<SeenByPython> {
  return runPythonJson<SeenByPython>(
    `
import json, tempfile, mlflow
from mlflow import MlflowClient
c = MlflowClient(tracking_uri=${JSON.stringify(url)})
run_id = ${JSON.stringify(runId)}
r = c.get_run(run_id)
files = []
def walk(path=None):
    for a in c.list_artifacts(run_id, path):
        walk(a.path) if a.is_dir else files.append(a.path)
walk()
histories = {k: [[m.step, m.value] for m in c.get_metric_history(run_id, k)] for k in ("loss", "curve", "scores.auc")}
local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path="reports/report.json", dst_path=tempfile.mkdtemp(), tracking_uri=${JSON.stringify(url)})
print(json.dumps({"status": r.info.status, "params": r.data.params, "metrics": r.data.metrics, "tags": r.data.tags,
    "histories": histories, "files": sorted(files), "report": json.load(open(local))}))
`,
    { timeoutMs: 120_000 },
  );
}

async function expectEverything(url: string, run: Run, sessionId: string): Promise<void> {
  const client = new MlflowClient({ trackingUri: url, env: {} });
  try {
    const full = await client.getRun(run.info.runId);
    expect(full.info.status).toBe('FINISHED');
    expect(full.data.params).toEqual({ model: '{"scale":2}', late: '{"factor":3}' });
    expect(full.data.metrics).toEqual({ accuracy: 0.3, loss: 0.25, curve: 0.3, 'scores.f1': 0.8, 'scores.auc': 0.7, final_metric: 6 });
    expect(full.data.tags).toMatchObject({ phase: 'outage', run_id: sessionId });
    expect((await client.getMetricHistory(run.info.runId, 'curve')).map((m) => [m.step, m.value])).toEqual([[0, 0.5], [1, 0.4], [2, 0.3]]);
    const summary = await runSummaryOf(url, run.info.runId);
    expect(summary).toMatchObject({ status: 'FINISHED', session_id: sessionId, totals: { nodes: 4, completed: 4 } });
  } finally {
    await client.close();
  }
  const python = await seenByPython(url, run.info.runId);
  expect(python).toMatchObject({
    status: 'FINISHED',
    params: { model: '{"scale":2}', late: '{"factor":3}' },
    metrics: { accuracy: 0.3, loss: 0.25, curve: 0.3, 'scores.f1': 0.8, 'scores.auc': 0.7, final_metric: 6 },
    tags: { phase: 'outage', run_id: sessionId },
    histories: { loss: [[0, 0.25]], curve: [[0, 0.5], [1, 0.4], [2, 0.3]], 'scores.auc': [[0, 0.6], [1, 0.7]] },
    files: ['pipeline_dag.svg', 'reports/report.json', 'run_summary.json'],
    report: { n: 3, late: { factor: 3 } },
  });
}

/** A second Node process that only makes a tracking object of `url` with `journalDir` and closes it (the built mlflow-client). */
function secondProcess(url: string, journalDir: string): Promise<string> {
  const code = `import { MlflowTracking } from '@kedro-mlflow/mlflow-client';
const t = new MlflowTracking({ trackingUri: ${JSON.stringify(url)}, journalDir: ${JSON.stringify(journalDir)}, env: {}, exitHandlers: false });
await t.close();
console.log(JSON.stringify(await t.pendingInJournal()));
`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', code], { cwd: join(PACKAGES, 'hooks'), env: { ...process.env, KEDRO_LOG_LEVEL: 'warn' }, timeout: 120_000 }, (error, stdout, stderr) =>
      error === null ? resolve(stdout.trim()) : reject(new Error(`the second process failed: ${error.message}\n${stderr}`)),
    );
  });
}

withMlflow('a pipeline run through a real MLflow server killed and restarted', () => {
  let server: MlflowServer;
  const globals = globalThis as { __outage?: Outage };

  beforeAll(async () => {
    server = await startMlflowServer();
  }, 120_000);
  afterEach(async () => {
    delete globals.__outage;
    if (!server.running) await server.restart();
  });
  afterAll(async () => {
    await server?.stop();
    removeTempDirs();
  });

  it('killed for ~10 s mid-run: the run completes, and every param, metric, tag, artifact and FINISHED reach the server', async () => {
    const experiment = `restart-${Date.now()}`;
    const journalDir = tempDir('journal-');
    globals.__outage = outage(server, true);
    const logs = captureLogs('warn');
    let session;
    try {
      ({ session } = await runProject(project(server.url, experiment), { pipelineNames: ['train'] }, hook(journalDir)));
    } finally {
      logs.restore();
    }
    expect(server.running).toBe(true);
    // The run did meet the outage: what it logged meanwhile went to the journal first.
    expect(logs.messages('warn').some((m) => m.includes('unreachable') && m.includes(journalDir))).toBe(true);
    const runs = await runsOf(server.url, experiment);
    expect(runs).toHaveLength(1);
    await expectEverything(server.url, runs[0]!, session.sessionId);
    expect(readdirSync(journalDir).filter((f) => !f.includes('dropped'))).toEqual([]); // nothing waits, nothing refused
  });

  it('down at the end of the run and back later: the run stays RUNNING, then a second process sends everything', async () => {
    const experiment = `down-at-end-${Date.now()}`;
    const journalDir = tempDir('journal-');
    globals.__outage = outage(server, false);
    const { session } = await runProject(project(server.url, experiment), { pipelineNames: ['train'] }, hook(journalDir));
    expect(server.running).toBe(false);
    const journal = readdirSync(journalDir).find((f) => f.endsWith('.jsonl'));
    expect(journal).toBeDefined();
    await server.restart();
    const [before] = await runsOf(server.url, experiment);
    expect(before!.info.status).toBe('RUNNING');
    expect(JSON.parse(await secondProcess(server.url, journalDir))).toMatchObject({ entries: 0 });
    expect(existsSync(join(journalDir, journal!))).toBe(false);
    await expectEverything(server.url, before!, session.sessionId);
  });
});
