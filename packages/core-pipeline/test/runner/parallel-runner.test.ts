import { join } from 'node:path';
import { DataCatalog, HookManager, NodeRunError, ParallelRunner, PipelineError, type KedroHookSpecs, node, Pipeline } from '@kedro-mlflow/core-pipeline';
// The same module the worker threads import (they resolve the package to its built dist/).
import { createPipeline, registry } from './fixtures/parallel-pipeline.mjs';

const moduleFile = join(__dirname, 'fixtures', 'parallel-pipeline.mjs');

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
      'ParallelRunner could not load the pipeline in a worker thread',
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
