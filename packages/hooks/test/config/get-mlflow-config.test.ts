/**
 * mlflow.yml read through a real project's config loader: defaults, environments, interpolation,
 * the URI rule, the random-name resolver, and the setup the hook does (credentials, experiment).
 */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { KedroSession, type KedroContext } from '@kedro-mlflow/core-pipeline';
import { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { getMlflowConfig, mlflowConfigOf, mlflowConfigSchema, MlflowHook, RANDOM_NAME_ADJECTIVES, RANDOM_NAME_NOUNS, setupMlflow, type MlflowSetup } from '@kedro-mlflow/hooks';
import { makeProject, removeTempDirs, testHookOptions } from '../project.js';

afterAll(removeTempDirs);

const fileUri = (root: string, sub: string): string => pathToFileURL(join(root, sub)).href;

async function contextOf(root: string, hook?: MlflowHook): Promise<KedroContext> {
  const session = await KedroSession.create({ projectPath: root, ...(hook === undefined ? {} : { hooks: [hook] }) });
  return session.loadContext();
}

const FULL = `server:
  mlflow_tracking_uri: mlruns
  mlflow_registry_uri: null
  credentials: null
  request_header_provider:
    type: null
    pass_context: false
    init_kwargs: {}
tracking:
  disable_tracking:
    pipelines: [my_disabled_pipeline]
    disable_autologging: true
  experiment:
    name: fake_package
    create_experiment_kwargs:
      artifact_location: null
      tags: null
    restore_if_deleted: true
  run:
    id: "123456789"
    name: my_run
    nested: false
  params:
    dict_params:
      flatten: true
      recursive: false
      sep: "-"
    long_params_strategy: truncate
    long_params_max_length: 500
ui:
  port: 5151
  host: localhost
`;

describe('getMlflowConfig', () => {
  it('loads a fully specified conf/local/mlflow.yml as written, with the tracking URI resolved against the project', async () => {
    const root = makeProject({ 'conf/local/mlflow.yml': FULL });
    const config = await getMlflowConfig(await contextOf(root), { env: {} });
    const expected = mlflowConfigSchema.parse((await import('js-yaml')).load(FULL));
    expect(config).toEqual({ ...expected, server: { ...expected.server, mlflow_tracking_uri: fileUri(root, 'mlruns') } });
    expect(config.tracking.run.id).toBe('123456789');
    expect(config.ui).toEqual({ port: 5151, host: 'localhost' });
  });

  it.each([
    ['no file', {}],
    ['an empty file', { 'conf/base/mlflow.yml': '' }],
    ['a commented-out file', { 'conf/base/mlflow.yml': '# server:\n#   mlflow_tracking_uri: x\n' }],
    ['an explicit null experiment name', { 'conf/base/mlflow.yml': 'tracking:\n  experiment:\n    name: null\n' }],
  ])('gives every default with %s: experiment named after the package, tracking into <project>/mlruns', async (_label, files) => {
    const root = makeProject(files);
    const config = await getMlflowConfig(await contextOf(root), { env: {} });
    const defaults = mlflowConfigSchema.parse({});
    expect(config).toEqual({
      ...defaults,
      server: { ...defaults.server, mlflow_tracking_uri: fileUri(root, 'mlruns') },
      tracking: { ...defaults.tracking, experiment: { ...defaults.tracking.experiment, name: 'fake_project' } },
    });
  });

  it('resolves globals, runtime params and the environment overlay', async () => {
    const root = makeProject({
      'conf/base/globals.yml': 'mlflow_tracking_uri: dynamic_mlruns\n',
      'conf/base/mlflow.yml': 'server:\n  mlflow_tracking_uri: ${globals:mlflow_tracking_uri}\ntracking:\n  run:\n    name: ${runtime_params:run_name, fallback}\n',
      'conf/prod/mlflow.yml': 'ui:\n  port: "6000"\n',
    });
    const session = await KedroSession.create({ projectPath: root, env: 'prod', runtimeParams: { run_name: 'from-cli' } });
    const config = await getMlflowConfig(await session.loadContext(), { env: {} });
    expect(config.server.mlflow_tracking_uri).toBe(fileUri(root, 'dynamic_mlruns'));
    expect(config.tracking.run.name).toBe('from-cli');
    expect(config.ui.port).toBe(6000);
  });

  it('uses MLFLOW_TRACKING_URI (relative to the project) when mlflow.yml has none, and the file wins over it', async () => {
    const root = makeProject();
    expect((await getMlflowConfig(await contextOf(root), { env: { MLFLOW_TRACKING_URI: 'my_mlruns' } })).server.mlflow_tracking_uri).toBe(fileUri(root, 'my_mlruns'));
    const withFile = makeProject({ 'conf/base/mlflow.yml': 'server:\n  mlflow_tracking_uri: mlruns1\n' });
    expect((await getMlflowConfig(await contextOf(withFile), { env: { MLFLOW_TRACKING_URI: 'mlruns2' } })).server.mlflow_tracking_uri).toBe(fileUri(withFile, 'mlruns1'));
  });

  it('resolves ${km.random_name:} once the hook exists', async () => {
    const root = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  run:\n    name: ${km.random_name:}\n' });
    const hook = new MlflowHook(testHookOptions());
    const context = await contextOf(root, hook);
    const name = mlflowConfigOf(context)!.tracking.run.name!;
    const [adjective, noun, number] = name.split('-');
    expect(RANDOM_NAME_ADJECTIVES).toContain(adjective);
    expect(RANDOM_NAME_NOUNS).toContain(noun);
    expect(number).toMatch(/^\d+$/);
    expect(Number(number)).toBeLessThanOrEqual(1000);
  });
});

/** setupMlflow on the project's context, its client closed (its URIs stay readable). */
async function setupOf(root: string, env: Record<string, string | undefined> = {}): Promise<MlflowSetup> {
  const context = await contextOf(root);
  const setup = await setupMlflow(context, await getMlflowConfig(context, { env }), env);
  await setup.client.close();
  return setup;
}

describe('setupMlflow', () => {
  it('creates the experiment with a project-relative artifact location and tags, then finds it again', async () => {
    const root = makeProject({
      'conf/base/mlflow.yml':
        'tracking:\n  experiment:\n    name: exp1\n    create_experiment_kwargs:\n      artifact_location: mlruns_custom\n      tags:\n        my_tag: my_value\n',
    });
    const context = await contextOf(root);
    const config = await getMlflowConfig(context, { env: {} });
    const first = await setupMlflow(context, config, {});
    expect(first.experiment).toMatchObject({ name: 'exp1', artifactLocation: fileUri(root, 'mlruns_custom'), tags: { my_tag: 'my_value' } });
    await first.client.close();
    const again = await setupMlflow(context, config, {});
    expect(again.experiment.experimentId).toBe(first.experiment.experimentId);
    await again.client.close();
  });

  it('restores a deleted experiment (restore_if_deleted), or refuses to use it when told not to', async () => {
    const root = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  experiment:\n    name: exp1\n' });
    const client = new MlflowClient({ trackingUri: fileUri(root, 'mlruns'), env: {} });
    const id = await client.createExperiment('exp1');
    await client.deleteExperiment(id);
    const context = await contextOf(root);
    const setup = await setupMlflow(context, await getMlflowConfig(context, { env: {} }), {});
    expect(setup.experiment).toMatchObject({ experimentId: id, lifecycleStage: 'active' });
    await setup.client.close();
    await client.deleteExperiment(id);
    await client.close();
    const strict = makeProject({ 'conf/base/mlflow.yml': 'tracking:\n  experiment:\n    name: exp1\n    restore_if_deleted: false\n' });
    const strictClient = new MlflowClient({ trackingUri: fileUri(strict, 'mlruns'), env: {} });
    await strictClient.deleteExperiment(await strictClient.createExperiment('exp1'));
    await strictClient.close();
    const strictContext = await contextOf(strict);
    await expect(setupMlflow(strictContext, await getMlflowConfig(strictContext, { env: {} }), {})).rejects.toThrow("set 'tracking.experiment.restore_if_deleted: true'");
  });

  it('makes the client on the configured tracking and registry URIs, creating a store folder from MLFLOW_TRACKING_URI', async () => {
    const root = makeProject({
      'conf/base/mlflow.yml': 'server:\n  mlflow_tracking_uri: awesome_tracking\n  mlflow_registry_uri: awesome_registry\n',
    });
    const setup = await setupOf(root);
    expect(setup.client.trackingUri).toBe(fileUri(root, 'awesome_tracking'));
    expect(setup.client.registryUri).toBe(fileUri(root, 'awesome_registry'));

    const fromEnv = makeProject();
    const envSetup = await setupOf(fromEnv, { MLFLOW_TRACKING_URI: 'my_mlruns' });
    expect(envSetup.client.trackingUri).toBe(fileUri(fromEnv, 'my_mlruns'));
    expect(existsSync(join(fromEnv, 'my_mlruns'))).toBe(true);
  });

  it('keeps the mlflow.yml tracking URI over one exported from credentials', async () => {
    const root = makeProject({
      'conf/base/mlflow.yml': 'server:\n  mlflow_tracking_uri: mlruns1\n  credentials: my_mlflow_creds\n',
      'conf/local/credentials.yml': 'my_mlflow_creds:\n  MLFLOW_TRACKING_URI: mlruns2\n',
    });
    const env: Record<string, string | undefined> = {};
    const setup = await setupOf(root, env);
    expect(env.MLFLOW_TRACKING_URI).toBe('mlruns2');
    expect(setup.client.trackingUri).toBe(fileUri(root, 'mlruns1'));
    expect(existsSync(join(root, 'mlruns2'))).toBe(false);
  });

  it('exports the named credentials as environment variables before making the client, and logs no value', async () => {
    const root = makeProject({
      'conf/base/mlflow.yml': 'server:\n  credentials: my_mlflow_creds\n',
      'conf/local/credentials.yml': 'my_mlflow_creds:\n  fake_mlflow_cred: my_fake_cred\n  MLFLOW_TRACKING_URI: mlruns2\n',
    });
    const { captureLogs } = await import('@kedro-mlflow/core-pipeline');
    const logs = captureLogs('debug');
    const env: Record<string, string | undefined> = {};
    try {
      const context = await contextOf(root);
      const config = await getMlflowConfig(context, { env });
      const setup = await setupMlflow(context, config, env);
      await setup.client.close();
      expect(env.fake_mlflow_cred).toBe('my_fake_cred');
      // mlflow.yml (here: its default) was resolved before the export, so it wins over the exported URI.
      expect(setup.client.trackingUri).toBe(fileUri(root, 'mlruns'));
      expect(existsSync(join(root, 'mlruns2'))).toBe(false);
      expect(JSON.stringify(logs.records)).not.toContain('my_fake_cred');
    } finally {
      logs.restore();
    }
  });
});
