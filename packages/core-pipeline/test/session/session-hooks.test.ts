import {
  CORE_PIPELINE_VERSION,
  DataCatalog,
  KedroContext,
  KedroSession,
  NodeRunError,
  Pipeline,
  ProjectError,
  registerPluginHooks,
  unregisterPluginHooks,
  type KedroHookSpecs,
} from '@kedro-mlflow/core-pipeline';
import { removeProjects } from '../project/project-fixture.js';
import { makeDemoProject, recorder } from './demo-project.js';

afterAll(removeProjects);
afterEach(() => {
  unregisterPluginHooks('plugin-a');
  unregisterPluginHooks('plugin-b');
});

// Settings hooks push to an array the test puts on globalThis (the settings module is imported by the session).
const SETTINGS_WITH_HOOKS = `
const events = () => globalThis.__settingsEvents;
class Recorder {
  constructor(label) { this.label = label; }
  beforePipelineRun() { events().push(this.label + ':beforePipelineRun'); }
  afterContextCreated() { events().push(this.label + ':afterContextCreated'); }
}
export default { hooks: [new Recorder('A'), new Recorder('B')], disableHooksForPlugins: ['plugin-b'] };
`;

describe('hooks of a session', () => {
  it('calls pipeline hooks in kedro order: caller hooks, plugins, then settings hooks (last registered first)', async () => {
    const events: string[] = [];
    (globalThis as { __settingsEvents?: string[] }).__settingsEvents = events;
    registerPluginHooks('plugin-a', { beforePipelineRun: () => void events.push('P:beforePipelineRun') });
    registerPluginHooks('plugin-b', { beforePipelineRun: () => void events.push('disabled plugin ran') });
    const root = makeDemoProject({ 'src/settings.mjs': SETTINGS_WITH_HOOKS });
    const session = await KedroSession.create({
      projectPath: root,
      hooks: [{ beforePipelineRun: () => void events.push('C:beforePipelineRun') }],
    });
    expect(session.hookManager.getPlugins().map((p) => p.name)).toEqual(['Recorder', 'Recorder', 'plugin-a', 'Object']);
    await session.run({ pipelineNames: ['data_processing'] });
    expect(events).toEqual(['B:afterContextCreated', 'A:afterContextCreated', 'C:beforePipelineRun', 'P:beforePipelineRun', 'B:beforePipelineRun', 'A:beforePipelineRun']);
  });

  it('makes fresh plugin hooks per session from a factory, and explains a class registered by mistake', async () => {
    const made: object[] = [];
    registerPluginHooks('plugin-a', () => {
      const hooks = { afterContextCreated: () => undefined };
      made.push(hooks);
      return [hooks];
    });
    const root = makeDemoProject();
    const one = await KedroSession.create({ projectPath: root });
    const two = await KedroSession.create({ projectPath: root });
    expect(made).toHaveLength(2);
    expect(one.hookManager.isRegistered(made[0]!)).toBe(true);
    expect(two.hookManager.isRegistered(made[1]!)).toBe(true);

    class PluginHooks {}
    registerPluginHooks('plugin-b', PluginHooks as unknown as () => object);
    const error = await KedroSession.create({ projectPath: root }).catch((e: unknown) => e);
    expect(ProjectError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain("Plugin 'plugin-b' registered the class 'PluginHooks' as its hooks. KedroSession expects hooks to be registered as instances");
  });

  it('follows the timeline of a run, each hook once, with its arguments', async () => {
    const events: string[] = [];
    const calls: Partial<{ [K in keyof KedroHookSpecs]: KedroHookSpecs[K] }> = {};
    const hooks = {
      ...recorder(events),
      afterContextCreated: (args: KedroHookSpecs['afterContextCreated']) => {
        events.push('afterContextCreated');
        calls.afterContextCreated = args;
      },
      afterCatalogCreated: (args: KedroHookSpecs['afterCatalogCreated']) => {
        events.push('afterCatalogCreated');
        calls.afterCatalogCreated = args;
      },
      beforePipelineRun: (args: KedroHookSpecs['beforePipelineRun']) => {
        events.push('beforePipelineRun');
        calls.beforePipelineRun = args;
      },
      afterPipelineRun: (args: KedroHookSpecs['afterPipelineRun']) => {
        events.push('afterPipelineRun');
        calls.afterPipelineRun = args;
      },
    };
    const root = makeDemoProject();
    const session = await KedroSession.create({ projectPath: root, env: 'prod', runtimeParams: { label: 'x' }, hooks: [hooks] });
    await session.run({ pipelineNames: ['data_processing', 'reporting'], tags: ['agg'], runner: 'ConcurrentRunner', onlyMissingOutputs: false });
    expect(events).toEqual(['afterContextCreated', 'afterCatalogCreated', 'beforePipelineRun', 'afterNodeRun:total', 'afterPipelineRun']);

    expect(calls.afterContextCreated!.context).toBeInstanceOf(KedroContext);
    const catalogArgs = calls.afterCatalogCreated!;
    expect(catalogArgs.catalog).toBeInstanceOf(DataCatalog);
    expect(catalogArgs.saveVersion).toBe(session.sessionId);
    expect(catalogArgs.loadVersions).toEqual({});
    expect(Object.keys(catalogArgs.confCatalog)).toEqual(['raw', 'doubled', 'total', 'greeting', 'shout']);
    // Credentials live in conf/local, which the prod environment does not read.
    expect(catalogArgs.confCreds).toEqual({});
    expect(catalogArgs.parameters['params:label']).toBe('x');

    const expectedRunParams = {
      runId: session.sessionId,
      projectPath: root,
      env: 'prod',
      kedroVersion: CORE_PIPELINE_VERSION,
      tags: ['agg'],
      fromNodes: [],
      toNodes: [],
      nodeNames: [],
      fromInputs: [],
      toOutputs: [],
      loadVersions: {},
      runtimeParams: { label: 'x' },
      pipelineNames: ['data_processing', 'reporting'],
      namespaces: [],
      runner: 'ConcurrentRunner',
      onlyMissingOutputs: false,
    };
    const before = calls.beforePipelineRun!;
    expect(before.runParams).toEqual(expectedRunParams);
    expect(Pipeline.isInstance(before.pipeline)).toBe(true);
    expect(before.pipeline.nodes.map((n) => n.name)).toEqual(['total']);
    expect(before.catalog).toBe(catalogArgs.catalog);
    const after = calls.afterPipelineRun!;
    expect(after.runParams).toEqual(expectedRunParams);
    expect(Object.keys(after.runResult)).toEqual(['total']);
    await expect(after.runResult.total!.load()).resolves.toBe(100);
  });

  it('fires afterContextCreated and afterCatalogCreated once per creation', async () => {
    const events: string[] = [];
    const session = await KedroSession.create({ projectPath: makeDemoProject(), hooks: [recorder(events)] });
    const context = await session.loadContext();
    expect(events).toEqual(['afterContextCreated']);
    await context.catalog();
    await context.catalog();
    expect(events).toEqual(['afterContextCreated', 'afterCatalogCreated', 'afterCatalogCreated']);
    await session.run({ pipelineNames: ['data_processing'] });
    expect(events.filter((e) => e === 'afterContextCreated')).toHaveLength(2);
    expect(events.filter((e) => e === 'afterCatalogCreated')).toHaveLength(3);
  });

  it('calls onPipelineError (not afterPipelineRun) when the run fails, then rethrows', async () => {
    const events: string[] = [];
    let seen: KedroHookSpecs['onPipelineError'] | undefined;
    const session = await KedroSession.create({
      projectPath: makeDemoProject(),
      runtimeParams: { factor: 'not a number' },
      hooks: [recorder(events), { onPipelineError: (args: KedroHookSpecs['onPipelineError']) => void (seen = args) }],
    });
    const error = await session.run({ pipelineNames: ['data_processing'] }).catch((e: unknown) => e);
    expect(NodeRunError.isInstance(error)).toBe(true);
    expect(events).toEqual(['afterContextCreated', 'afterCatalogCreated', 'beforePipelineRun', 'onPipelineError']);
    expect(seen!.error).toBe(error);
    expect(seen!.runParams.runtimeParams).toEqual({ factor: 'not a number' });
    expect(seen!.pipeline.nodes.map((n) => n.name)).toEqual(['double', 'total']);
  });
});
