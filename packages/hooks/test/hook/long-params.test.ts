/**
 * Parameters longer than the limit, end to end: a node input `params:long` logged by the hook with
 * each long_params_strategy into a real run (embedded store), the limit lowered in mlflow.yml, and
 * the tag strategy within the tag limit of the real MLflow server (kedro-mlflow's tag strategy could
 * exceed it). With `fail`, the node fails before it runs, and the run summary says which.
 */
import { randomUUID } from 'node:crypto';
import { KedroSession, NodeRunError } from '@kedro-mlflow/core-pipeline';
import { MAX_RUN_TAG_VALUE_LENGTH } from '@kedro-mlflow/mlflow-client';
import { MlflowHook, ParamTooLongError } from '@kedro-mlflow/hooks';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { makeProject, mlrunsUri, removeTempDirs, runProject, runsOf, testHookOptions } from '../project.js';
import { runSummaryOf } from '../summary/summary-project.js';

afterAll(removeTempDirs);
jest.setTimeout(120_000);

const LONG_PIPELINE_MJS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export const useLong = (greeting, long) => greeting + long.length;
export function createPipeline() {
  return pipeline([node(useLong, ['greeting', 'params:long'], 'used', { name: 'use_long' })]);
}
`;

function longProject(length: number, mlflowYml: string): string {
  return makeProject({
    'src/pipelines/long/pipeline.mjs': LONG_PIPELINE_MJS,
    'conf/base/parameters.yml': `model:\n  scale: 2\n  lr: 0.1\nlong: "${'x'.repeat(length)}"\n`,
    'conf/base/mlflow.yml': mlflowYml,
  });
}

const strategy = (name: string, extra = ''): string => `tracking:\n  params:\n    long_params_strategy: ${name}\n${extra}`;

describe.each([
  ['fail', 6000 - 10],
  ['fail', 6000],
  ['truncate', 6000 - 10],
  ['truncate', 6000],
  ['tag', 6000 - 10],
  ['tag', 6000],
])('within the limit (%s, length %d)', (name, length) => {
  it('logs the value as a param, unchanged', async () => {
    const root = longProject(length, strategy(name));
    await runProject(root, { pipelineNames: ['long'] });
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.data.params.long).toBe('x'.repeat(length));
    expect(run!.data.tags.long).toBeUndefined();
  });
});

describe('above the limit', () => {
  it('truncate: logs the first characters', async () => {
    const root = longProject(6020, strategy('truncate'));
    await runProject(root, { pipelineNames: ['long'] });
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.data.params.long).toBe('x'.repeat(6000));
  });

  it('tag: logs it as a tag, no param', async () => {
    const root = longProject(6020, strategy('tag'));
    await runProject(root, { pipelineNames: ['long'] });
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.data.params.long).toBeUndefined();
    expect(run!.data.tags.long).toBe('x'.repeat(6020));
  });

  it('honours a lower long_params_max_length', async () => {
    const root = longProject(300, strategy('truncate', '    long_params_max_length: 250\n'));
    await runProject(root, { pipelineNames: ['long'] });
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.data.params.long).toBe('x'.repeat(250));
  });

  it('fail: the node fails with a ParamTooLongError, the run ends FAILED, and the summary names the node', async () => {
    const root = longProject(6020, strategy('fail'));
    const session = await KedroSession.create({ projectPath: root, hooks: [new MlflowHook(testHookOptions())] });
    const error = await session.run({ pipelineNames: ['long'] }).catch((e: unknown) => e);
    const cause = NodeRunError.isInstance(error) ? (error as NodeRunError).cause : error;
    expect(ParamTooLongError.isInstance(cause)).toBe(true);
    expect((cause as Error).message).toContain("Parameter 'long' length is 6020");
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.info.status).toBe('FAILED');
    expect(run!.data.params).toEqual({});
    const summary = await runSummaryOf(mlrunsUri(root), run!.info.runId);
    expect(summary.nodes).toMatchObject([{ name: 'use_long', status: 'failed', error: { type: 'ParamTooLongError' } }]);
  });
});

(mlflowAvailable() ? it : it.skip)('tag: a value beyond the tag limit is cut to it, and the real server takes it', async () => {
  const url = (await sharedMlflowServer()).url;
  const experiment = `hooks-long-${randomUUID()}`;
  const root = longProject(MAX_RUN_TAG_VALUE_LENGTH + 500, `server:\n  mlflow_tracking_uri: ${url}\n${strategy('tag')}  experiment:\n    name: ${experiment}\n`);
  await runProject(root, { pipelineNames: ['long'] });
  const [run] = await runsOf(url, experiment);
  expect(run!.info.status).toBe('FINISHED');
  expect(run!.data.tags.long).toBe('x'.repeat(MAX_RUN_TAG_VALUE_LENGTH));
});
