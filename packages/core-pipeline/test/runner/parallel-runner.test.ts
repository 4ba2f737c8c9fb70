import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import {
  ConfigError,
  DataCatalog,
  DatasetError,
  HookManager,
  MemoryDataset,
  NodeRunError,
  ParallelRunner,
  PipelineError,
  type KedroHookSpecs,
  node,
  Pipeline,
} from '@kedro-mlflow/core-pipeline';
// The same module the worker threads import (they resolve the package to its built dist/).
import { createPipeline, registry } from './fixtures/parallel-pipeline.mjs';

const moduleFile = join(__dirname, 'fixtures', 'parallel-pipeline.mjs');

/** Runs a one-node pipeline of the fixture on a worker, with `input` (a value or a dataset) as A, and returns its NodeRunError. */
async function failureOf(pipeline: Pipeline, input: unknown = 1): Promise<NodeRunError> {
  const catalog = new DataCatalog();
  catalog.set('A', input);
  const runner = new ParallelRunner({ maxWorkers: 1, pipelineModule: moduleFile, pipelineExport: 'registry' });
  const error = await runner.run(pipeline, catalog).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!NodeRunError.isInstance(error)) throw new Error(`expected a NodeRunError, got ${String(error)}`);
  return error;
}

describe('ParallelRunner', () => {
  it('runs CPU-bound nodes on several worker threads and brings the data back', async () => {
    const catalog = new DataCatalog();
    catalog.set('A', 21);
    const events: string[] = [];
    const threads = new Set<number>();
    const hooks = new HookManager<KedroHookSpecs>();
    hooks.register({
      afterNodeRun: ({ node: n, outputs }: KedroHookSpecs['afterNodeRun']) => {
        events.push(n.name);
        for (const value of Object.values(outputs)) {
          const thread = (value as { thread?: number }).thread;
          if (thread !== undefined) threads.add(thread);
        }
      },
    });
    const runner = new ParallelRunner({ maxWorkers: 3, pipelineModule: moduleFile, pipelineExport: 'createPipeline' });
    const result = await runner.run(createPipeline(), catalog, { hookManager: hooks });
    await expect(result.Z!.load()).resolves.toEqual([42, 42, 42]);
    expect(threads.has(0)).toBe(false);
    expect(threads.size).toBeGreaterThan(1);
    expect(events.sort()).toEqual(['combine', 'h1', 'h2', 'h3']);
  }, 60_000);

  it('reports a node error from a worker as a NodeRunError keeping the message', async () => {
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    const runner = new ParallelRunner({ maxWorkers: 2, pipelineModule: moduleFile, pipelineExport: 'registry' });
    const error = await runner.run(registry.failing, catalog).catch((e: unknown) => e);
    expect(NodeRunError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('worker failure');
    expect(((error as NodeRunError).cause as Error).name).toBe('RangeError');
  }, 60_000);

  it('refuses outputs that would lose their class on the way back', async () => {
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    const runner = new ParallelRunner({ maxWorkers: 1, pipelineModule: moduleFile, pipelineExport: 'registry' });
    await expect(runner.run(registry.instance, catalog)).rejects.toThrow("Dataset 'B' (output of node instance) holds an instance of Fancy");
  }, 60_000);

  it('refuses inputs that would lose their class on the way out', async () => {
    class Model {
      weights = [1];
    }
    const catalog = new DataCatalog();
    catalog.set('A', new Model());
    const runner = new ParallelRunner({ maxWorkers: 1, pipelineModule: moduleFile, pipelineExport: 'registry' });
    await expect(runner.run(registry.failing, catalog)).rejects.toThrow("Dataset 'A' (input of node fails) holds an instance of Model");
  }, 60_000);

  it('checks every item of an output array, not only the first, and fails with a real DatasetError', async () => {
    const error = await failureOf(registry.laterInstance);
    expect(error.nodeName).toBe('later_instance');
    expect(DatasetError.isInstance(error.cause)).toBe(true);
    expect(error.cause).toBeInstanceOf(DatasetError);
    expect((error.cause as DatasetError).message).toContain("Dataset 'B' (output of node later_instance) holds an instance of Fancy");
  }, 60_000);

  it('checks every item of an input array on the main thread with the same check', async () => {
    class Model {
      weights = [1];
    }
    // 'assign': a deep copy on load would already have turned the Model into a plain object.
    const error = await failureOf(registry.failing, new MemoryDataset({ data: [1, 2, new Model()], copy_mode: 'assign' }));
    expect(error.cause).toBeInstanceOf(DatasetError);
    expect((error.cause as DatasetError).message).toContain("Dataset 'A' (input of node fails) holds an instance of Model");
  }, 60_000);

  it("rebuilds a node's DatasetError on the main thread with its class, message and worker stack", async () => {
    const cause = (await failureOf(registry.datasetError)).cause;
    expect(DatasetError.isInstance(cause)).toBe(true);
    expect(cause).toBeInstanceOf(DatasetError);
    expect(cause).toBeInstanceOf(Error);
    expect((cause as DatasetError).name).toBe('DatasetError');
    expect((cause as DatasetError).message).toBe('shard 3 is unreadable');
    expect((cause as DatasetError).stack).toContain('parallel-pipeline.mjs');
  }, 60_000);

  it('keeps the typed fields of an error thrown on a worker', async () => {
    const cause = (await failureOf(registry.configError)).cause;
    expect(ConfigError.isInstance(cause)).toBe(true);
    expect(cause).toBeInstanceOf(ConfigError);
    expect(cause).toMatchObject({ message: 'bad learning rate', file: 'conf/base/parameters.yml', keyPath: 'model.lr', line: 4 });
  }, 60_000);

  it("keeps a user error's name, message, fields and cause", async () => {
    const cause = (await failureOf(registry.userError)).cause as Error & { limit?: number };
    expect(cause).toBeInstanceOf(Error);
    expect(cause.name).toBe('QuotaError');
    expect(cause.message).toBe('quota exceeded');
    expect(cause.limit).toBe(3);
    expect(cause.cause).toBeInstanceOf(TypeError);
    expect((cause.cause as Error).message).toBe('limit is 3');
  }, 60_000);

  it('passes a thrown value that is not an error back as it is', async () => {
    expect((await failureOf(registry.throwsString)).cause).toBe('not an error object');
  }, 60_000);

  it('starts its workers from a process run as `node --input-type=module -e` (a flag workers must not inherit)', () => {
    const script = `import { DataCatalog, ParallelRunner } from '@kedro-mlflow/core-pipeline';
import { registry } from './parallel-pipeline.mjs';
const catalog = new DataCatalog();
catalog.set('A', 1);
const runner = new ParallelRunner({ maxWorkers: 1, pipelineModule: 'parallel-pipeline.mjs', pipelineExport: 'registry' });
const error = await runner.run(registry.datasetError, catalog).catch((e) => e);
console.log(error.cause.message);`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(__dirname, 'fixtures'), encoding: 'utf8', env: { ...process.env, KEDRO_LOG_LEVEL: 'silent' } });
    expect(out.trim()).toBe('shard 3 is unreadable');
  }, 60_000);

  it('checks before the first node that workers can find every node', async () => {
    const ran: string[] = [];
    const elsewhere = new Pipeline([node((x: unknown) => ran.push('x') && x, 'A', 'B', { name: 'not_in_module' })]);
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    const runner = new ParallelRunner({ maxWorkers: 1, pipelineModule: moduleFile, pipelineExport: 'registry' });
    await expect(runner.run(elsewhere, catalog)).rejects.toThrow("Worker threads cannot find the nodes ['not_in_module']");
    expect(ran).toEqual([]);
  }, 60_000);

  it('says what to do when no pipeline module is given, or it cannot be loaded', async () => {
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    await expect(new ParallelRunner().run(registry.failing, catalog)).rejects.toThrow(PipelineError);
    await expect(new ParallelRunner().run(registry.failing, catalog)).rejects.toThrow('ParallelRunner needs to know which module defines the pipeline');
    await expect(new ParallelRunner({ pipelineModule: join(__dirname, 'nope.mjs') }).run(registry.failing, catalog)).rejects.toThrow(
      'Worker threads could not load the pipeline from',
    );
  }, 60_000);

  it('refuses generator nodes before running', async () => {
    function* gen(_a: unknown): Generator<number> {
      yield 1;
    }
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    await expect(new ParallelRunner({ pipelineModule: moduleFile }).run(new Pipeline([node(gen, 'A', 'B', { name: 'g' })]), catalog)).rejects.toThrow(
      "ParallelRunner does not run generator nodes: ['g']",
    );
  });
});
