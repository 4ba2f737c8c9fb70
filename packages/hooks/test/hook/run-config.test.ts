/**
 * What mlflow.yml decides about the run, seen on real runs in the embedded store: the experiment
 * they land in (kedro-mlflow sets it process-wide; here the hook passes it to the run it starts) and
 * a `${km.random_name:}` run name, drawn once per context: the run carries the name its context's
 * configuration shows.
 */
import { KedroSession, type KedroContext } from '@kedro-mlflow/core-pipeline';
import { mlflowConfigOf, MlflowHook, MlflowHookError, RANDOM_NAME_ADJECTIVES } from '@kedro-mlflow/hooks';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { makeProject, mlrunsUri, removeTempDirs, runsOf, testHookOptions } from '../project.js';

afterAll(removeTempDirs);

it('starts the run in the configured experiment, and in no other', async () => {
  const root = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  experiment:\n    name: exp1\n' });
  const session = await KedroSession.create({ projectPath: root, hooks: [new MlflowHook(testHookOptions())] });
  await session.run({ pipelineNames: ['other'] });
  expect(await runsOf(mlrunsUri(root), 'exp1')).toHaveLength(1);
  expect(await runsOf(mlrunsUri(root), 'fake_project')).toHaveLength(0);
  expect(await runsOf(mlrunsUri(root), 'Default')).toHaveLength(0);
});

it('names the run with the random name its context resolved: one draw per context', async () => {
  const root = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  run:\n    name: ${km.random_name:}\n' });
  const contexts: KedroContext[] = [];
  const recorder = { afterContextCreated: ({ context }: { context: unknown }) => void contexts.push(context as KedroContext) };
  const session = await KedroSession.create({ projectPath: root, hooks: [new MlflowHook(testHookOptions()), recorder] });
  // session.run() creates the run's own context (as kedro does), so the name is drawn for that one.
  await session.run({ pipelineNames: ['other'] });
  const name = mlflowConfigOf(contexts.at(-1)!)!.tracking.run.name!;
  expect(RANDOM_NAME_ADJECTIVES).toContain(name.split('-')[0]);
  const [run] = await runsOf(mlrunsUri(root));
  expect(run!.info.runName).toBe(name);
  expect(run!.data.tags['mlflow.runName']).toBe(name);
});

it('stops the run before its first node when the experiment cannot be used (looked up while the pipelines load)', async () => {
  const root = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  experiment:\n    name: gone\n    restore_if_deleted: false\n' });
  const client = new MlflowClient({ trackingUri: mlrunsUri(root), env: {} });
  try {
    await client.deleteExperiment(await client.createExperiment('gone'));
  } finally {
    await client.close();
  }
  const ran: string[] = [];
  const recorder = { beforeNodeRun: ({ node }: { node: { name: string } }) => void ran.push(node.name) };
  const session = await KedroSession.create({ projectPath: root, hooks: [new MlflowHook(testHookOptions()), recorder] });
  const failed = await session.run({ pipelineNames: ['other'] }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(MlflowHookError.isInstance(failed)).toBe(true);
  expect((failed as Error).message).toContain("set 'tracking.experiment.restore_if_deleted: true'");
  expect(ran).toEqual([]);
});
