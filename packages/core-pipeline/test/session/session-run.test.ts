import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DatasetNotFoundError,
  KedroSession,
  KedroSessionError,
  NodeRunError,
  PipelineError,
  type RunResult,
  type SessionCreateOptions,
  type SessionRunOptions,
} from '@kedro-mlflow/core-pipeline';
import { removeProjects } from '../project/project-fixture.js';
import { makeDemoProject, recorder } from './demo-project.js';

afterAll(removeProjects);

async function load(result: RunResult): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [name, dataset] of Object.entries(result)) out[name] = await dataset.load();
  return out;
}

/** Runs the demo project once; returns the free outputs' data and the nodes that ran, in order. */
async function runDemo(run: SessionRunOptions = {}, create: SessionCreateOptions = {}, root = makeDemoProject()) {
  const events: string[] = [];
  const session = await KedroSession.create({ projectPath: root, hooks: [recorder(events)], ...create });
  const outputs = await load(await session.run(run));
  const nodes = events.filter((e) => e.startsWith('afterNodeRun:')).map((e) => e.slice('afterNodeRun:'.length));
  return { outputs, nodes, session, root };
}

describe('session.run: pipelines and filters', () => {
  it('runs __default__ (every pipeline) and returns the free outputs', async () => {
    const { outputs, nodes } = await runDemo();
    expect(nodes.sort()).toEqual(['double', 'echo', 'reporting.report', 'shout', 'total']);
    expect(outputs).toEqual({ report: 'base: 12', echo: 'echo HELLO!' });
  });

  it('runs named pipelines, combined', async () => {
    const { outputs, nodes } = await runDemo({ pipelineNames: ['reporting', 'data_processing', 'reporting'] });
    expect(nodes).toEqual(['double', 'total', 'reporting.report']);
    expect(outputs).toEqual({ report: 'base: 12' });
  });

  it.each<[string, SessionRunOptions, string[]]>([
    ['tags', { tags: ['agg', 'io'] }, ['echo', 'shout', 'total']],
    ['nodeNames', { nodeNames: ['double', 'shout'] }, ['double', 'shout']],
    ['fromNodes', { fromNodes: ['total'] }, ['reporting.report', 'total']],
    ['toNodes', { toNodes: ['total'] }, ['double', 'total']],
    ['fromInputs', { fromInputs: ['doubled'] }, ['reporting.report', 'total']],
    ['toOutputs', { toOutputs: ['doubled', 'shout'] }, ['double', 'shout']],
    ['namespaces', { namespaces: ['reporting'] }, ['reporting.report']],
    ['several criteria at once', { tags: ['prep', 'agg'], toNodes: ['total'], fromNodes: ['total'] }, ['total']],
  ])('filters with %s', async (_label, options, expected) => {
    const { nodes } = await runDemo(options);
    expect(nodes.sort()).toEqual(expected);
  });

  it('uses the catalog data of datasets upstream of the filtered nodes', async () => {
    const { outputs } = await runDemo({ nodeNames: ['total'] });
    expect(outputs).toEqual({ total: 100 });
  });

  it('fails with the pipeline error when the filters leave no node', async () => {
    const error = await runDemo({ tags: ['prep'], nodeNames: ['total'] }).catch((e: unknown) => e);
    expect(PipelineError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('Pipeline contains no nodes after applying all provided filters');
  });

  it('lists the existing pipelines (and close matches) for an unknown name', async () => {
    const error = await runDemo({ pipelineNames: ['reportin'] }).catch((e: unknown) => e);
    expect(KedroSessionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      "Failed to find the pipeline named 'reportin'. It needs to be generated and returned by the 'registerPipelines' function. " +
        "Existing pipelines: ['__default__', 'data_processing', 'greeting', 'reporting'].\nDid you mean one of these instead?\n    reporting",
    );
  });
});

describe('session.run: configuration', () => {
  it('lets runtime parameters override parameters', async () => {
    const { outputs } = await runDemo({ pipelineNames: ['data_processing', 'reporting'] }, { runtimeParams: { factor: 10, label: 'cli' } });
    expect(outputs).toEqual({ report: 'cli: 60' });
  });

  it('switches configuration with the environment', async () => {
    const { outputs } = await runDemo({ pipelineNames: ['data_processing', 'reporting'] }, { env: 'prod' });
    expect(outputs).toEqual({ report: 'prod: 12' });
  });

  it('reads $KEDRO_ENV', async () => {
    const saved = process.env.KEDRO_ENV;
    process.env.KEDRO_ENV = 'prod';
    try {
      const { outputs, session } = await runDemo({ pipelineNames: ['data_processing', 'reporting'] });
      expect(session.env).toBe('prod');
      expect(outputs).toEqual({ report: 'prod: 12' });
    } finally {
      if (saved === undefined) delete process.env.KEDRO_ENV;
      else process.env.KEDRO_ENV = saved;
    }
  });
});

describe('session.run: versions', () => {
  it('saves versioned datasets under the session id', async () => {
    const { session, root } = await runDemo({ pipelineNames: ['greeting'] });
    expect(existsSync(join(root, 'data', '02_out', 'shout.txt', session.sessionId, 'shout.txt'))).toBe(true);
  });

  it('loads pinned versions, else the latest', async () => {
    const root = makeDemoProject();
    for (const [version, text] of [['2024-01-01T00.00.00.000Z', 'one'], ['2024-06-01T00.00.00.000Z', 'two']] as const) {
      mkdirSync(join(root, 'data', '02_out', 'shout.txt', version), { recursive: true });
      writeFileSync(join(root, 'data', '02_out', 'shout.txt', version, 'shout.txt'), text);
    }
    const pinned = await runDemo({ nodeNames: ['echo'], loadVersions: { shout: '2024-01-01T00.00.00.000Z' } }, {}, root);
    expect(pinned.outputs).toEqual({ echo: 'echo one' });
    const latest = await runDemo({ nodeNames: ['echo'] }, {}, root);
    expect(latest.outputs).toEqual({ echo: 'echo two' });
  });

  it('refuses load versions of datasets the catalog does not have', async () => {
    const error = await runDemo({ loadVersions: { nope: '2024-01-01T00.00.00.000Z' } }).catch((e: unknown) => e);
    expect(DatasetNotFoundError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe("'load_versions' keys [nope] are not found in the catalog.");
  });
});

describe('session.run: one run per session', () => {
  it('refuses a second run after a successful one, with kedro message', async () => {
    const { session } = await runDemo({ pipelineNames: ['data_processing'] });
    const error = await session.run().catch((e: unknown) => e);
    expect(KedroSessionError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'A run has already been completed as part of the active KedroSession. KedroSession has a 1-1 mapping with runs, and thus only one run should be executed per session.',
    );
  });

  it('allows another run after a failed one, as kedro does', async () => {
    const session = await KedroSession.create({ projectPath: makeDemoProject() });
    await expect(session.run({ pipelineNames: ['nope'] })).rejects.toThrow("Failed to find the pipeline named 'nope'");
    await expect(session.run({ pipelineNames: ['data_processing'] })).resolves.toHaveProperty('total');
  });

  it('refuses a concurrent run', async () => {
    const session = await KedroSession.create({ projectPath: makeDemoProject() });
    const first = session.run({ pipelineNames: ['data_processing'] });
    await expect(session.run()).rejects.toThrow('A run is already in progress in this KedroSession');
    await first;
  });

  it('rethrows node failures as NodeRunError with the resume hint', async () => {
    const error = await runDemo({ pipelineNames: ['data_processing'] }, { runtimeParams: { factor: 'x' } }).catch((e: unknown) => e);
    expect(NodeRunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('factor must be a number, got string');
  });
});
