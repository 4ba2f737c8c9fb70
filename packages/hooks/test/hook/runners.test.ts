/**
 * The run travels with the work: with every runner (and with async loading and saving), what nodes
 * and datasets log goes into the one pipeline run — kedro-mlflow's multi-run bugs (#613, #624,
 * #646, #689). With ParallelRunner, node functions run on worker threads while datasets are loaded
 * and saved on the main thread, inside the run. Python MLflow reads the result.
 */
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { makeProject, mlrunsUri, removeTempDirs, runProject, runsOf } from '../project.js';
import { runSummaryOf } from '../summary/summary-project.js';

afterAll(removeTempDirs);
jest.setTimeout(120_000);

const g = globalThis as Record<string, unknown>;
beforeEach(() => {
  g.__savedIn = [];
  g.__loadedIn = [];
});

/** `metrics` is saved by `fit` and loaded by `score`: both must see the pipeline run. */
const cases: Array<[string, string, Record<string, unknown>]> = [
  ['SequentialRunner', 'SequentialRunner', {}],
  ['SequentialRunner --async', 'SequentialRunner', { isAsync: true }],
  ['ConcurrentRunner', 'ConcurrentRunner', { maxWorkers: 4 }],
  ['ConcurrentRunner --async', 'ConcurrentRunner', { maxWorkers: 4, isAsync: true }],
  ['ParallelRunner', 'ParallelRunner', { maxWorkers: 2 }],
];

describe.each(cases)('%s', (_label, runner, runnerOptions) => {
  it('logs params, dataset metrics and tags into the single pipeline run', async () => {
    const root = makeProject();
    await runProject(root, { pipelineNames: ['train'], runner, runnerOptions });
    const runs = await runsOf(mlrunsUri(root));
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.params).toEqual({ model: '{"scale":2,"lr":0.1}', parameters: '{"model":{"scale":2,"lr":0.1}}' });
    expect(run.data.metrics).toEqual({ 'fit.total': 12, 'fit.lr': 0.1 });
    expect(g.__savedIn).toEqual([run.info.runId]);
    expect(g.__loadedIn).toEqual([run.info.runId]);
    expect(run.data.tags.runner).toBe(runner);
    if (runnerOptions.isAsync === true) expect(run.data.tags.kedro_command).toContain('is_async=true');
    // Every node timed by the hook's node hooks, which run on the main thread whatever the runner.
    const summary = await runSummaryOf(mlrunsUri(root), run.info.runId);
    expect(summary.nodes.map((n) => [n.name, n.status, typeof n.duration_ms])).toEqual([
      ['prepare', 'completed', 'number'],
      ['fit', 'completed', 'number'],
      ['score', 'completed', 'number'],
    ]);
    expect(summary.runner).toBe(runner);
  });
});

it.each([
  ['SequentialRunner', {}],
  ['ConcurrentRunner', { isAsync: true }],
])('node code reaches the pipeline run through currentMlflowRun() (%s)', async (runner, runnerOptions) => {
  const root = makeProject();
  await runProject(root, { pipelineNames: ['other'], runner, runnerOptions });
  const [run] = await runsOf(mlrunsUri(root));
  expect(run!.data.tags['shout.seen_run']).toBe(run!.info.runId);
});

(mlflowAvailable() ? it : it.skip)('Python MLflow reads the run, its params and its tags from the project mlruns', async () => {
  const root = makeProject();
  await runProject(root, { pipelineNames: ['train'], runner: 'ConcurrentRunner', runnerOptions: { isAsync: true } });
  const [run] = await runsOf(mlrunsUri(root));
  const seen = await runPythonJson<{ status: string; name: string; params: Record<string, string>; metrics: Record<string, number>; command: string; runs: number }>(
    `
import json, mlflow
client = mlflow.MlflowClient(tracking_uri=${JSON.stringify(mlrunsUri(root))})
exp = client.get_experiment_by_name("fake_project")
runs = client.search_runs([exp.experiment_id])
r = client.get_run(${JSON.stringify(run!.info.runId)})
print(json.dumps({"status": r.info.status, "name": r.info.run_name, "params": r.data.params, "metrics": r.data.metrics, "command": r.data.tags["kedro_command"], "runs": len(runs)}))
`,
    { env: { MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet' } },
  );
  expect(seen).toEqual({
    status: 'FINISHED',
    name: 'train',
    params: run!.data.params,
    metrics: { 'fit.total': 12, 'fit.lr': 0.1 },
    command: 'kedro-mlflow run --pipelines=train --env=local --runner=ConcurrentRunner --runner-params=is_async=true',
    runs: 1,
  });
});
