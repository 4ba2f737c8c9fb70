/**
 * What a session offers plugins beyond kedro's hooks: `aroundPipelineRun` (the runner's work runs
 * inside the async context a hook sets up), plugin config resolvers, and the session id on the context.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import {
  HookManager,
  KedroSession,
  registerConfigResolver,
  unregisterConfigResolver,
  type KedroContext,
  type KedroHookSpecs,
} from '@kedro-mlflow/core-pipeline';
import { removeProjects } from '../project/project-fixture.js';
import { makeDemoProject } from './demo-project.js';

afterAll(removeProjects);

const storage = new AsyncLocalStorage<string>();

/** A project whose data_processing node records what the storage holds while it runs. */
function project(): string {
  return makeDemoProject({
    'src/pipelines/data_processing/pipeline.mjs': `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export function createPipeline() {
  return pipeline([node((xs) => { globalThis.__seenInNode.push(globalThis.__storage.getStore() ?? 'none'); return xs.length; }, 'raw', 'count', { name: 'count' })]);
}
`,
  });
}

describe('aroundPipelineRun', () => {
  beforeEach(() => {
    (globalThis as Record<string, unknown>).__storage = storage;
    (globalThis as Record<string, unknown>).__seenInNode = [];
  });

  it.each(['SequentialRunner', 'ConcurrentRunner'])('runs the nodes of %s inside the context the hook enters', async (runner) => {
    const order: string[] = [];
    const hook = {
      aroundPipelineRun: async ({ proceed, runParams }: KedroHookSpecs['aroundPipelineRun']) => {
        order.push('enter');
        await storage.run(`run-of-${runParams.runId}`, proceed);
        order.push('leave');
      },
      afterPipelineRun: () => void order.push('afterPipelineRun'),
    };
    const session = await KedroSession.create({ projectPath: project(), hooks: [hook] });
    const result = await session.run({ pipelineNames: ['data_processing'], runner });
    await expect(result.count!.load()).resolves.toBe(3);
    expect((globalThis as Record<string, unknown>).__seenInNode).toEqual([`run-of-${session.sessionId}`]);
    expect(order).toEqual(['enter', 'leave', 'afterPipelineRun']);
    expect(storage.getStore()).toBeUndefined();
  });

  it('nests several wrappers, the first called outermost, and returns the runner result', async () => {
    const manager = new HookManager<KedroHookSpecs>();
    const order: string[] = [];
    const wrapper = (label: string) => ({
      aroundPipelineRun: async ({ proceed }: { proceed: () => Promise<unknown> }) => {
        order.push(`${label}:in`);
        await proceed();
        await proceed(); // a second call does not run the work again
        order.push(`${label}:out`);
        return 'ignored';
      },
    });
    manager.register(wrapper('project'));
    manager.register(wrapper('plugin'));
    const result = await manager.wrap('aroundPipelineRun', {} as never, async () => {
      order.push('run');
      return { ok: true };
    });
    expect(result).toEqual({ ok: true });
    expect(order).toEqual(['plugin:in', 'project:in', 'run', 'project:out', 'plugin:out']);
  });

  it('refuses a wrapper that never calls proceed(), and passes errors of the work through', async () => {
    const manager = new HookManager<KedroHookSpecs>();
    manager.register({ aroundPipelineRun: () => undefined }, 'lazy-plugin');
    await expect(manager.wrap('aroundPipelineRun', {} as never, async () => 1)).rejects.toThrow(
      "The 'aroundPipelineRun' hook of 'lazy-plugin' returned without calling proceed()",
    );
    const passing = new HookManager<KedroHookSpecs>();
    passing.register({ aroundPipelineRun: ({ proceed }: { proceed: () => Promise<unknown> }) => proceed() });
    await expect(passing.wrap('aroundPipelineRun', {} as never, async () => Promise.reject(new RangeError('boom')))).rejects.toThrow(RangeError);
  });

  it('hands runner options and isAsync to pipeline hooks', async () => {
    let seen: KedroHookSpecs['beforePipelineRun']['runParams'] | undefined;
    const session = await KedroSession.create({
      projectPath: project(),
      hooks: [{ beforePipelineRun: ({ runParams }: KedroHookSpecs['beforePipelineRun']) => void (seen = runParams) }],
    });
    await session.run({ pipelineNames: ['data_processing'], runner: 'ConcurrentRunner', runnerOptions: { maxWorkers: 2, isAsync: true } });
    expect(seen).toMatchObject({ runner: 'ConcurrentRunner', runnerOptions: { maxWorkers: 2, isAsync: true }, isAsync: true });
  });
});

describe('plugin config resolvers and the context session id', () => {
  afterEach(() => unregisterConfigResolver('demo.upper'));

  it('lets a plugin add a resolver that every later context can use', async () => {
    expect(registerConfigResolver('demo.upper', (value: unknown) => String(value).toUpperCase())).toBe(true);
    expect(registerConfigResolver('demo.upper', () => 'second')).toBe(false);
    const root = makeDemoProject({ 'conf/base/extra.yml': 'name: ${demo.upper:hello}\n' });
    let context: KedroContext | undefined;
    const session = await KedroSession.create({ projectPath: root, hooks: [{ afterContextCreated: ({ context: c }: { context: unknown }) => void (context = c as KedroContext) }] });
    const loaded = await session.loadContext();
    loaded.configLoader.addPatterns('extra', ['extra*']);
    await expect(loaded.configLoader.get('extra')).resolves.toEqual({ name: 'HELLO' });
    expect(context?.sessionId).toBe(session.sessionId);
  });

  it('gives sessions created in the same millisecond different ids', async () => {
    const root = makeDemoProject();
    const sessions = await Promise.all([1, 2, 3].map(() => KedroSession.create({ projectPath: root })));
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(3);
  });
});
