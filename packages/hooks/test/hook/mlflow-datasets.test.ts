/**
 * The MLflow datasets inside real KedroSession runs with MlflowHook: kedro-mlflow's
 * tests/framework/hooks/test_hook_log_metrics.py and test_hook_log_artifact.py (named in each
 * test), and the one-run guarantee for artifact and metric datasets with every runner and --async
 * (kedro-mlflow #613, #624, #646, #689): the run scope travels with the work, never a global.
 */
import { symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { MlflowMetricDataset, MlflowMetricHistoryDataset, MlflowMetricsHistoryDataset } from '@kedro-mlflow/datasets';
import { DAG_ARTIFACT, MlflowHook, RUN_SUMMARY_ARTIFACT } from '@kedro-mlflow/hooks';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { makeProject, mlrunsUri, removeTempDirs, runProject, runsOf, testHookOptions } from '../project.js';

afterAll(removeTempDirs);
jest.setTimeout(180_000);

const PACKAGES = join(__dirname, '..', '..', '..');

/** train: a JSON report (an artifact), metrics of every kind, and a node that reads a metric back. */
const PIPELINE_MJS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export const evaluate = (raw) => [{ n: raw.length }, raw.length / 10, [0.5, 0.4, 0.3], { f1: { value: 0.8, step: 0 } }, 0.7];
export const summarize = (accuracy) => 'accuracy=' + accuracy;
export function createPipeline() {
  return pipeline([
    node(evaluate, 'raw', ['report', 'accuracy', 'loss_history', 'scores', 'precision_metric'], { name: 'evaluate' }),
    node(summarize, 'accuracy', 'summary', { name: 'summarize' }),
  ]);
}
`;

const CATALOG = `raw:
  type: MemoryDataset
  data: [1, 2, 3]
report:
  type: kedro_mlflow.io.artifacts.MlflowArtifactDataset
  artifact_path: reports
  dataset:
    type: json.JSONDataset
    filepath: data/08_reporting/report.json
accuracy:
  type: kedro_mlflow.io.metrics.MlflowMetricDataset
loss_history:
  type: MlflowMetricHistoryDataset
scores:
  type: MlflowMetricsHistoryDataset
"{name}_metric":
  type: MlflowMetricDataset
`;

function datasetsProject(files: Record<string, string> = {}): string {
  const root = makeProject({ 'src/pipelines/evaluate/pipeline.mjs': PIPELINE_MJS, 'conf/base/catalog.yml': CATALOG, ...files });
  symlinkSync(join(PACKAGES, 'datasets'), join(root, 'node_modules', '@kedro-mlflow', 'datasets'), 'dir');
  return root;
}

async function withClient<T>(root: string, fn: (client: MlflowClient) => Promise<T>): Promise<T> {
  const client = new MlflowClient({ trackingUri: mlrunsUri(root), env: {} });
  try {
    return await fn(client);
  } finally {
    await client.close();
  }
}

const SUMMARY = new Set([RUN_SUMMARY_ARTIFACT, DAG_ARTIFACT]);

describe.each([
  ['SequentialRunner', 'SequentialRunner', {}],
  ['SequentialRunner --async', 'SequentialRunner', { isAsync: true }],
  ['ConcurrentRunner', 'ConcurrentRunner', { maxWorkers: 4 }],
  ['ConcurrentRunner --async', 'ConcurrentRunner', { maxWorkers: 4, isAsync: true }],
  ['ParallelRunner', 'ParallelRunner', { maxWorkers: 2 }],
])('%s', (_label, runner, runnerOptions) => {
  it('test_mlflow_hook_log_artifacts_within_same_run_with_thread_runner: the artifact and every metric go to the one pipeline run', async () => {
    const root = datasetsProject();
    const { result } = await runProject(root, { pipelineNames: ['evaluate'], runner, runnerOptions });
    const runs = await runsOf(mlrunsUri(root));
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.data.metrics).toEqual({ accuracy: 0.3, loss_history: 0.3, 'scores.f1': 0.8, precision_metric: 0.7 });
    await withClient(root, async (client) => {
      const artifacts = (await client.listArtifacts(run.info.runId)).filter((a) => !SUMMARY.has(a.path));
      expect(artifacts.map((a) => a.path)).toEqual(['reports']);
      expect((await client.listArtifacts(run.info.runId, 'reports')).map((a) => a.path)).toEqual(['reports/report.json']);
      expect((await client.getMetricHistory(run.info.runId, 'loss_history')).map((m) => [m.step, m.value])).toEqual([[0, 0.5], [1, 0.4], [2, 0.3]]);
    });
    expect(await result.summary!.load()).toBe('accuracy=0.3'); // loaded back from the run by the next node
  });
});

it('test_mlflow_hook_automatically_prefix_metrics_dataset: missing keys and prefixes become the catalog names, explicit ones stay', async () => {
  const catalog = await DataCatalog.fromConfig({
    my_metrics: { type: 'MlflowMetricsHistoryDataset' },
    foo: { type: 'MlflowMetricsHistoryDataset', prefix: 'foo' },
    my_metric: { type: 'MlflowMetricDataset' },
    foo_metric: { type: 'kedro_mlflow.io.metrics.MlflowMetricDataset', key: 'foo', metadata: { owner: 'me' } },
  }, { projectPath: join(PACKAGES, 'hooks') });
  // Added in code without a catalog name: the hook gives it the name it is stored under.
  catalog.set('my_metric_history', new MlflowMetricHistoryDataset());
  catalog.set('bar_history', new MlflowMetricHistoryDataset({ key: 'bar' }));
  new MlflowHook(testHookOptions()).afterCatalogCreated({ catalog, confCatalog: {}, confCreds: {}, parameters: {}, saveVersion: undefined, loadVersions: {} });
  expect((catalog.getDataset('my_metrics') as MlflowMetricsHistoryDataset).prefix).toBe('my_metrics');
  expect((catalog.getDataset('foo') as MlflowMetricsHistoryDataset).prefix).toBe('foo');
  expect((catalog.getDataset('my_metric') as MlflowMetricDataset).key).toBe('my_metric');
  expect((catalog.getDataset('foo_metric') as MlflowMetricDataset).key).toBe('foo');
  expect(catalog.getDataset('foo_metric').metadata).toEqual({ owner: 'me' }); // kept (§9.2 item 6)
  expect((catalog.getDataset('my_metric_history') as MlflowMetricHistoryDataset).key).toBe('my_metric_history');
  expect((catalog.getDataset('bar_history') as MlflowMetricHistoryDataset).key).toBe('bar');
});

it('an artifact dataset over a dataset with no file fails when the catalog is created, before any node runs', async () => {
  const root = datasetsProject({
    'conf/base/catalog.yml': `${CATALOG}broken:\n  type: MlflowArtifactDataset\n  dataset:\n    type: MemoryDataset\n`,
  });
  const error = await runProject(root, { pipelineNames: ['evaluate'] }).then(
    () => undefined,
    (e: unknown) => e as Error,
  );
  expect(error?.message).toContain("MlflowArtifactDataset 'broken' wraps a MemoryDataset, which keeps no local file or folder to log as an artifact.");
  expect(await runsOf(mlrunsUri(root))).toHaveLength(0);
});

it('test_mlflow_hook_metrics_dataset_with_run_id: datasets with a run_id log into that run; only the two runs exist', async () => {
  const root = datasetsProject();
  const existing = await withClient(root, async (client) => {
    const experimentId = await client.createExperiment('fake_project');
    return (await client.createRun(experimentId)).info.runId;
  });
  const pipeline = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export const produce = () => [{ metric_key: { value: 1.1, step: 0 } }, { metric_key: { value: 1.1, step: 0 } }, 1.1, 1.1, [0.1, 0.2], [0.1, 0.2]];
export function createPipeline() {
  return pipeline([node(produce, null, ['my_metrics', 'foo_metrics', 'my_metric', 'foo_metric', 'my_metric_history', 'bar_history'], { name: 'produce' })]);
}
`;
  const catalog = `my_metrics:\n  type: MlflowMetricsHistoryDataset\n  run_id: ${existing}
foo_metrics:\n  type: MlflowMetricsHistoryDataset\n  prefix: foo\n  run_id: ${existing}
my_metric:\n  type: MlflowMetricDataset\n  run_id: ${existing}
foo_metric:\n  type: MlflowMetricDataset\n  key: foo\n  run_id: ${existing}
my_metric_history:\n  type: MlflowMetricHistoryDataset\n  run_id: ${existing}
bar_history:\n  type: MlflowMetricHistoryDataset\n  key: bar\n  run_id: ${existing}
`;
  const project = datasetsProject({ 'src/pipelines/produce/pipeline.mjs': pipeline, 'conf/base/catalog.yml': catalog });
  // The run lives in the first project's store: point the second project at it.
  writeFileSync(join(project, 'conf', 'local', 'mlflow.yml'), `server:\n  mlflow_tracking_uri: ${mlrunsUri(root)}\n`);
  await runProject(project, { pipelineNames: ['produce'] });
  const runs = await runsOf(mlrunsUri(root));
  expect(runs).toHaveLength(2);
  const target = runs.find((r) => r.info.runId === existing)!;
  const pipelineRun = runs.find((r) => r.info.runId !== existing)!;
  expect(target.data.metrics).toEqual({ 'my_metrics.metric_key': 1.1, 'foo.metric_key': 1.1, my_metric: 1.1, foo: 1.1, my_metric_history: 0.2, bar: 0.2 });
  expect(pipelineRun.data.metrics).toEqual({});
});

it("append-mode metric steps: counted in the process for the hook's new run, read from the store for a resumed one (tracking.run.id)", async () => {
  const pipeline = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export const twice = () => [0.5, 0.4];
export function createPipeline() {
  return pipeline([node(twice, null, ['loss_a', 'loss_b'], { name: 'twice' })]);
}
`;
  const catalog = `loss_a:\n  type: MlflowMetricDataset\n  key: loss\n  save_args: {mode: append}
loss_b:\n  type: MlflowMetricDataset\n  key: loss\n  save_args: {mode: append}
`;
  const root = datasetsProject({ 'src/pipelines/twice/pipeline.mjs': pipeline, 'conf/base/catalog.yml': catalog });
  await runProject(root, { pipelineNames: ['twice'] });
  const [first] = await runsOf(mlrunsUri(root));
  // Resuming it: its history holds the first session's points, which this process did not log.
  writeFileSync(join(root, 'conf', 'local', 'mlflow.yml'), `tracking:\n  run:\n    id: ${first!.info.runId}\n`);
  await runProject(root, { pipelineNames: ['twice'] });
  const history = await withClient(root, (client) => client.getMetricHistory(first!.info.runId, 'loss'));
  expect(history.map((m) => [m.step, m.value])).toEqual([[0, 0.5], [1, 0.4], [2, 0.5], [3, 0.4]]);
});
