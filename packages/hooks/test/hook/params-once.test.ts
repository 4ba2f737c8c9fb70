/**
 * A parameter read by several nodes is sent to the run once: the hook remembers what each run was
 * given. Observed on the real tracking object the hook logs through (its calls still go through).
 */
import { KedroSession } from '@kedro-mlflow/core-pipeline';
import { MlflowTracking, type LogBatchInput } from '@kedro-mlflow/mlflow-client';
import { MlflowHook } from '@kedro-mlflow/hooks';
import { makeProject, mlrunsUri, removeTempDirs, tempDir, testHookOptions } from '../project.js';

afterAll(removeTempDirs);

const SHARED_PIPELINE_MJS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export function createPipeline() {
  return pipeline([
    node((raw, model) => raw.map((x) => x * model.scale), ['raw', 'params:model'], 'scaled', { name: 'scale' }),
    node((scaled, model) => scaled.map((x) => x * model.lr), ['scaled', 'params:model'], 'rated', { name: 'rate' }),
    node((rated, model) => rated.length * model.scale, ['rated', 'params:model'], 'count', { name: 'count' }),
  ]);
}
`;

/** The params of every logBatch the hook sends, per run id. */
function recordParams(tracking: MlflowTracking): Map<string, string[]> {
  const sent = new Map<string, string[]>();
  const forRun = tracking.forRun.bind(tracking);
  jest.spyOn(tracking, 'forRun').mockImplementation((runId: string) => {
    const logger = forRun(runId);
    const logBatch = logger.logBatch.bind(logger);
    jest.spyOn(logger, 'logBatch').mockImplementation((batch: LogBatchInput) => {
      const keys = Array.isArray(batch.params) ? batch.params.map((p) => p.key) : Object.keys(batch.params ?? {});
      sent.set(runId, [...(sent.get(runId) ?? []), ...keys]);
      return logBatch(batch);
    });
    return logger;
  });
  return sent;
}

describe('node parameters are logged once per run', () => {
  it('sends a parameter three nodes read once, and again to the next run', async () => {
    const root = makeProject({ 'src/pipelines/shared/pipeline.mjs': SHARED_PIPELINE_MJS });
    const tracking = new MlflowTracking({ trackingUri: mlrunsUri(tempDir()), env: {}, journalDir: tempDir('journal-'), exitHandlers: false });
    const sent = recordParams(tracking);
    const hook = new MlflowHook({ ...testHookOptions(), tracking });
    const runIds: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      await tracking.withRun({ runName: `outer-${i}` }, async (active) => {
        runIds.push(active.runId);
        const session = await KedroSession.create({ projectPath: root, hooks: [hook] });
        await session.run({ pipelineNames: ['shared'] });
        await tracking.flush();
        expect((await tracking.client.getRun(active.runId)).data.params).toEqual({ model: '{"scale":2,"lr":0.1}' });
      });
    }
    expect(runIds[0]).not.toBe(runIds[1]);
    for (const runId of runIds) expect(sent.get(runId)).toEqual(['model']);
    await tracking.close();
  });
});
