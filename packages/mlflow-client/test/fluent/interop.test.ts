/**
 * What the fluent API writes, read back by Python's `mlflow.MlflowClient` — through the real server
 * and from an `mlruns` folder (the FileStore, where batching, nesting and ending runs must write
 * what MLflow's own file store would).
 */
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import type { MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { closeAll, removeTempDirs, tempDir, tracking } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

interface PyRun {
  name: string;
  status: string;
  user: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  history: Array<[number, number, string]>;
  children: string[];
}

/** Logs the same small story through a tracker: a parent run with params, tags, metrics, and a nested child. */
async function story(mlflow: MlflowTracking): Promise<{ parent: string; child: string; experimentId: string }> {
  return mlflow.withRun({ runName: 'parent', description: 'from the fluent API', tags: { team: 'ts' } }, async (parent) => {
    mlflow.logParams({ lr: 0.01, optimizer: 'adam' });
    mlflow.setTag('stage', 'dev');
    for (let step = 0; step < 2500; step += 1) mlflow.logMetric('loss', 1 / (step + 1), { step, timestamp: 1_700_000_000_000 + step });
    mlflow.logMetric('odd', NaN, 1);
    const child = await mlflow.withRun({ runName: 'child', nested: true }, async (c) => {
      mlflow.logMetric('fold_score', 0.5);
      return c.runId;
    });
    return { parent: parent.runId, child, experimentId: parent.experimentId };
  });
}

function pythonReads(trackingUri: string, ids: { parent: string; child: string; experimentId: string }): string {
  return `
import json, mlflow
c = mlflow.MlflowClient(tracking_uri=${JSON.stringify(trackingUri)})
r = c.get_run(${JSON.stringify(ids.parent)})
hist = sorted((m.step, m.timestamp, repr(m.value)) for m in c.get_metric_history(r.info.run_id, "loss"))
kids = c.search_runs([${JSON.stringify(ids.experimentId)}], filter_string="tags.mlflow.parentRunId = '${ids.parent}'")
print(json.dumps({
  "name": r.info.run_name, "status": r.info.status, "user": r.info.user_id,
  "params": r.data.params, "tags": r.data.tags,
  "history": hist, "children": [k.info.run_name + ":" + k.info.status + ":" + repr(k.data.metrics.get("fold_score")) for k in kids],
}))
`;
}

function expectStory(py: PyRun): void {
  expect(py).toMatchObject({ name: 'parent', status: 'FINISHED', params: { lr: '0.01', optimizer: 'adam' } });
  expect(py.tags).toMatchObject({
    team: 'ts',
    stage: 'dev',
    'mlflow.runName': 'parent',
    'mlflow.note.content': 'from the fluent API',
    'mlflow.source.type': 'LOCAL',
    'mlflow.user': py.user,
  });
  expect(py.history).toHaveLength(2500);
  expect(py.history[0]).toEqual([0, 1_700_000_000_000, '1.0']);
  expect(py.history[2499]).toEqual([2499, 1_700_000_002_499, String(1 / 2500)]);
  expect(py.children).toEqual(['child:FINISHED:0.5']);
}

withMlflow('Python MLflow reads what the fluent API wrote', () => {
  afterEach(closeAll);
  afterAll(removeTempDirs);

  it('through the server', async () => {
    const { url } = await sharedMlflowServer();
    const mlflow = tracking({ trackingUri: url, experimentName: uniqueName('fluent-interop') });
    const ids = await story(mlflow);
    const py = await runPythonJson<PyRun>(pythonReads(url, ids));
    expectStory(py);
  }, 120_000);

  it('from an mlruns folder (FileStore)', async () => {
    const root = join(tempDir('mlruns-'), 'mlruns');
    const mlflow = tracking({ trackingUri: root, experimentName: 'fluent-file-store' });
    const ids = await story(mlflow);
    // Nothing went through a network, and nothing is left behind in a journal.
    expect((await mlflow.pendingInJournal()).entries).toBe(0);
    const py = await runPythonJson<PyRun>(pythonReads(`file://${root}`, ids), { env: { MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet' } });
    expectStory(py);
  }, 120_000);
});
