/**
 * Real KedroSession runs with the MlflowHook into the project's embedded `mlruns` store: one run per
 * pipeline run, its name and tags, node parameters, FINISHED / FAILED, disabled pipelines, and no
 * state shared between sessions of one hook instance.
 */
import { captureLogs, KedroSession, NodeRunError, unregisterPluginHooks } from '@kedro-mlflow/core-pipeline';
import { MLFLOW_PLUGIN_NAME, MlflowHook, registerMlflowPlugin } from '@kedro-mlflow/hooks';
import { makeProject, mlrunsUri, removeTempDirs, runProject, runsOf, testHookOptions } from '../project.js';

afterAll(removeTempDirs);
beforeEach(() => {
  (globalThis as Record<string, unknown>).__savedIn = [];
});

describe('MlflowHook: one MLflow run per pipeline run', () => {
  it('logs the run with its name, tags, kedro_command, node params and dataset metrics, then ends it FINISHED', async () => {
    const root = makeProject();
    const { session } = await runProject(root, { pipelineNames: ['train'], tags: [], runnerOptions: { isAsync: false } });
    const runs = await runsOf(mlrunsUri(root));
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.info.status).toBe('FINISHED');
    expect(run.info.runName).toBe('train');
    expect(run.data.tags['mlflow.runName']).toBe('train');
    expect(run.data.tags).toMatchObject({
      run_id: session.sessionId,
      project_path: root,
      env: 'local',
      pipeline_names: '["train"]',
      runner: 'SequentialRunner',
      kedro_command: 'kedro-mlflow run --pipelines=train --env=local --runner=SequentialRunner --runner-params=is_async=false',
    });
    expect(run.data.tags.tags).toBeUndefined(); // empty lists are not tags
    expect(run.data.params).toEqual({ model: '{"scale":2,"lr":0.1}', parameters: '{"model":{"scale":2,"lr":0.1}}' });
    expect(run.data.metrics).toEqual({ 'fit.total': 12, 'fit.lr': 0.1 });
    expect((globalThis as Record<string, unknown>).__savedIn).toEqual([run.info.runId]);
  });

  it('flattens dict params with the configured separator and names the run from mlflow.yml', async () => {
    const root = makeProject({
      'conf/local/mlflow.yml': 'tracking:\n  run:\n    name: my_cool_pipeline\n  params:\n    dict_params:\n      flatten: true\n      recursive: false\n      sep: "-"\n',
    });
    await runProject(root, { pipelineNames: ['train'] });
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.data.tags['mlflow.runName']).toBe('my_cool_pipeline');
    expect(run!.data.params).toEqual({ 'model-scale': '2', 'model-lr': '0.1', 'parameters-model': '{"scale":2,"lr":0.1}' });
  });

  it.each([
    [undefined, '__default__'],
    [['__default__'], '__default__'],
    [['train', 'other'], 'train+other'],
  ])('names the run after the pipelines (%p → %s)', async (pipelineNames, name) => {
    const root = makeProject();
    await runProject(root, pipelineNames === undefined ? {} : { pipelineNames });
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.data.tags['mlflow.runName']).toBe(name);
  });

  it('disables tracking only when every requested pipeline is disabled', async () => {
    const root = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  disable_tracking:\n    pipelines: [train]\n' });
    await runProject(root, { pipelineNames: ['train'] });
    expect(await runsOf(mlrunsUri(root))).toHaveLength(0);
    // The dataset saw no current run: nothing logged anywhere.
    expect((globalThis as Record<string, unknown>).__savedIn).toEqual(['none']);
    await runProject(root, { pipelineNames: ['train', 'other'] });
    expect(await runsOf(mlrunsUri(root))).toHaveLength(1);
  });

  it('ends the pipeline run and the nested run a failing node opened FAILED, and rethrows the node error', async () => {
    const root = makeProject();
    const hook = new MlflowHook(testHookOptions());
    const session = await KedroSession.create({ projectPath: root, hooks: [hook] });
    const error = await session.run({ pipelineNames: ['failing'] }).catch((e: unknown) => e);
    expect(NodeRunError.isInstance(error)).toBe(true);
    expect((error as NodeRunError).cause).toBeInstanceOf(RangeError);
    const runs = await runsOf(mlrunsUri(root));
    expect(runs.map((r) => [r.info.runName, r.info.status]).sort()).toEqual([
      ['failing', 'FAILED'],
      ['nested-in-node', 'FAILED'],
    ]);
    const nested = runs.find((r) => r.info.runName === 'nested-in-node')!;
    const parent = runs.find((r) => r.info.runName === 'failing')!;
    expect(nested.data.tags['mlflow.parentRunId']).toBe(parent.info.runId);
  });

  it('keeps no state from one session to the next with one hook instance', async () => {
    const root = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  disable_tracking:\n    pipelines: [other]\n' });
    const hook = new MlflowHook(testHookOptions());
    await runProject(root, { pipelineNames: ['train'] }, hook);
    await runProject(root, { pipelineNames: ['other'] }, hook);
    await runProject(root, { pipelineNames: ['train'] }, hook);
    const runs = await runsOf(mlrunsUri(root));
    expect(runs).toHaveLength(2);
    expect(runs.every((r) => r.info.status === 'FINISHED')).toBe(true);
    expect(new Set(runs.map((r) => r.info.runId)).size).toBe(2);
  });

  it('runs two sessions at once with one hook, each logging into its own run', async () => {
    const root = makeProject();
    const hook = new MlflowHook(testHookOptions());
    const [a, b] = await Promise.all([
      runProject(root, { pipelineNames: ['train'] }, hook, { runtimeParams: { model: { lr: 0.5 } } }),
      runProject(root, { pipelineNames: ['train'] }, hook, { runtimeParams: { model: { lr: 0.7 } } }),
    ]);
    const runs = await runsOf(mlrunsUri(root));
    expect(runs).toHaveLength(2);
    const bySession = Object.fromEntries(runs.map((r) => [r.data.tags.run_id, r.data.metrics['fit.lr']]));
    expect(bySession).toEqual({ [a.session.sessionId]: 0.5, [b.session.sessionId]: 0.7 });
  });

  it('warns once when there is no mlflow.yml and tracks into the project mlruns', async () => {
    const logs = captureLogs('warn');
    try {
      const root = makeProject();
      await runProject(root, { pipelineNames: ['other'] });
      expect(logs.messages('warn').filter((m) => m.includes("No 'mlflow.yml' config file found"))).toHaveLength(1);
      expect(await runsOf(mlrunsUri(root))).toHaveLength(1);
    } finally {
      logs.restore();
    }
  });

  it('registers as the plugin @kedro-mlflow/hooks, one fresh hook per session', async () => {
    registerMlflowPlugin(testHookOptions());
    try {
      const root = makeProject();
      for (let i = 0; i < 2; i += 1) {
        const session = await KedroSession.create({ projectPath: root });
        expect(session.hookManager.getPlugins().filter((p) => p.name === MLFLOW_PLUGIN_NAME)).toHaveLength(1);
        await session.run({ pipelineNames: ['other'] });
      }
      const runs = await runsOf(mlrunsUri(root));
      expect(runs.map((r) => r.info.status)).toEqual(['FINISHED', 'FINISHED']);
    } finally {
      unregisterPluginHooks(MLFLOW_PLUGIN_NAME);
    }
  });
});
