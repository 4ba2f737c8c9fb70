/**
 * Orchestrator mode (a run is already active in the tracking object given to the hook: Airflow,
 * a notebook, a script) and cleanup after a failure that must never hide the pipeline's own error.
 */
import { captureLogs, KedroSession, NodeRunError } from '@kedro-mlflow/core-pipeline';
import { MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { MlflowHook, mlflowConfigOf } from '@kedro-mlflow/hooks';
import { makeProject, mlrunsUri, removeTempDirs, runsOf, tempDir, testHookOptions } from '../project.js';
import { runSummaryOf } from '../summary/summary-project.js';

afterAll(removeTempDirs);

function orchestratorTracking(uri: string): MlflowTracking {
  return new MlflowTracking({ trackingUri: uri, env: {}, journalDir: tempDir('journal-'), exitHandlers: false });
}

describe('orchestrator mode', () => {
  it('reuses the active run of the given tracking, with its tracking URI and experiment, and leaves it open', async () => {
    const root = makeProject({ 'conf/base/mlflow.yml': 'server:\n  mlflow_tracking_uri: ignored_mlruns\n' });
    const otherStore = mlrunsUri(tempDir());
    const tracking = orchestratorTracking(otherStore);
    const hook = new MlflowHook({ ...testHookOptions(), tracking });
    await tracking.withRun({ runName: 'airflow-task' }, async (active) => {
      const session = await KedroSession.create({ projectPath: root, hooks: [hook] });
      const context = await session.loadContext();
      expect(mlflowConfigOf(context)!.server.mlflow_tracking_uri).toBe(otherStore);
      expect(mlflowConfigOf(context)!.tracking.experiment.name).toBe('Default');
      expect(mlflowConfigOf(context)!.tracking.run.id).toBe(active.runId);
      await session.run({ pipelineNames: ['train'] });
      expect(tracking.activeRun()?.runId).toBe(active.runId);
      const run = await tracking.client.getRun(active.runId);
      expect(run.info.status).toBe('RUNNING');
      expect(run.data.params.model).toBe('{"scale":2,"lr":0.1}');
      expect(run.data.tags.pipeline_names).toBe('["train"]');
      // The run summary goes to the orchestrator's run as well, though the run stays open.
      expect(await runSummaryOf(otherStore, active.runId)).toMatchObject({ status: 'FINISHED', mlflow_run_id: active.runId, totals: { completed: 3 } });
    });
    await tracking.close();
    expect(await runsOf(mlrunsUri(root))).toHaveLength(0);
  });

  it('leaves the run open after a pipeline error too', async () => {
    const root = makeProject();
    const tracking = orchestratorTracking(mlrunsUri(tempDir()));
    const hook = new MlflowHook({ ...testHookOptions(), tracking });
    await tracking.withRun({ runName: 'outer' }, async (active) => {
      const session = await KedroSession.create({ projectPath: root, hooks: [hook] });
      await expect(session.run({ pipelineNames: ['failing'] })).rejects.toThrow('the node failed on purpose');
      expect((await tracking.client.getRun(active.runId)).info.status).toBe('RUNNING');
    });
    await tracking.close();
  });
});

describe('cleanup after a failure', () => {
  it('logs a failed cleanup and rethrows the pipeline error, not its own', async () => {
    // The node ends the pipeline run itself and deletes it, so marking it FAILED cannot work.
    const root = makeProject({
      'src/pipelines/failing/pipeline.mjs': `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { currentMlflowRun } from '@kedro-mlflow/hooks';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
export const sabotage = async (_greeting) => {
  const run = currentMlflowRun();
  await run.tracking.endRun();
  rmSync(join(fileURLToPath(run.config.server.mlflow_tracking_uri), run.experimentId, run.runId), { recursive: true });
  throw new RangeError('the real error');
};
export function createPipeline() { return pipeline([node(sabotage, 'greeting', 'never', { name: 'sabotage' })]); }
`,
    });
    const logs = captureLogs('error');
    try {
      const session = await KedroSession.create({ projectPath: root, hooks: [new MlflowHook(testHookOptions())] });
      const error = await session.run({ pipelineNames: ['failing'] }).catch((e: unknown) => e);
      expect(NodeRunError.isInstance(error)).toBe(true);
      expect(((error as NodeRunError).cause as Error).message).toBe('the real error');
      expect(logs.messages('error').some((m) => m.startsWith('Could not mark the MLflow run'))).toBe(true);
    } finally {
      logs.restore();
    }
  });
});
