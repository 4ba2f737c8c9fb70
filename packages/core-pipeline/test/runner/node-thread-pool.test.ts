/** NodeThreadPool: threads that outlive a run, queue nodes beyond their number and replace a thread that ends. */
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataCatalog, DatasetError, HookManager, NodeThreadPool, ParallelRunner, PipelineError, type KedroHookSpecs } from '@kedro-mlflow/core-pipeline';
import { createPipeline, registry } from './fixtures/parallel-pipeline.mjs';

const moduleFile = join(__dirname, 'fixtures', 'parallel-pipeline.mjs');
const threadOf = (outputs: Record<string, unknown>): number => (outputs.B1 as { thread: number }).thread;

describe('NodeThreadPool', () => {
  let pool: NodeThreadPool;
  afterEach(async () => {
    await pool?.close();
  });

  it('serves several ParallelRunner runs on the same threads and stays up after each', async () => {
    pool = await NodeThreadPool.start({ pipelineModule: moduleFile, pipelineExport: 'registry', size: 2 });
    const threadIds = new Set<number>();
    const hookManager = new HookManager<KedroHookSpecs>();
    hookManager.register({
      afterNodeRun: ({ outputs }: KedroHookSpecs['afterNodeRun']) => {
        for (const value of Object.values(outputs)) {
          const thread = (value as { thread?: number }).thread;
          if (thread !== undefined) threadIds.add(thread);
        }
      },
    });
    for (let round = 0; round < 3; round += 1) {
      const catalog = new DataCatalog();
      catalog.set('A', 21);
      const result = await new ParallelRunner({ threads: pool }).run(createPipeline(), catalog, { hookManager });
      await expect(result.Z!.load()).resolves.toEqual([42, 42, 42]);
    }
    // Three runs of three heavy nodes each ran on the pool's two threads, never on the main one.
    expect(threadIds.size).toBe(2);
    expect(threadIds.has(0)).toBe(false);
    expect(threadIds.has(threadOf(await pool.run('h1', { A: 1 })))).toBe(true);
  }, 60_000);

  it('queues nodes beyond its threads and runs each once', async () => {
    pool = await NodeThreadPool.start({ pipelineModule: moduleFile, pipelineExport: 'registry', size: 1 });
    const outputs = await Promise.all([1, 2, 3, 4].map((x) => pool.run('h1', { A: x })));
    expect(outputs.map((o) => (o.B1 as { value: number }).value)).toEqual([2, 4, 6, 8]);
    expect(new Set(outputs.map(threadOf)).size).toBe(1);
  }, 60_000);

  it('lets async nodes share a thread up to perThread at once', async () => {
    pool = await NodeThreadPool.start({ pipelineModule: moduleFile, pipelineExport: 'registry', size: 1, perThread: 3 });
    const runs = (await Promise.all([1, 2, 3].map(() => pool.run('waits', { A: 1 })))).map((o) => o.W as { start: number; end: number; thread: number });
    expect(new Set(runs.map((r) => r.thread)).size).toBe(1);
    // All three were waiting at once: each started before any of them ended.
    expect(Math.max(...runs.map((r) => r.start))).toBeLessThan(Math.min(...runs.map((r) => r.end)));
    // A fourth beyond perThread waits for a place: it starts after one of the first three ended.
    const more = (await Promise.all([1, 2, 3, 4].map(() => pool.run('waits', { A: 1 })))).map((o) => o.W as { start: number; end: number });
    const last = more.reduce((a, b) => (b.start > a.start ? b : a));
    expect(last.start).toBeGreaterThanOrEqual(Math.min(...more.filter((r) => r !== last).map((r) => r.end)));
  }, 60_000);

  it('fails the node whose code ends its thread, and runs the next node on a fresh thread', async () => {
    pool = await NodeThreadPool.start({ pipelineModule: moduleFile, pipelineExport: 'registry', size: 1 });
    const before = threadOf(await pool.run('h1', { A: 1 }));
    const ended = await pool.run('exits', { A: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(PipelineError.isInstance(ended)).toBe(true);
    expect((ended as Error).message).toContain('exited with code 7');
    const after = threadOf(await pool.run('h1', { A: 1 }));
    expect(after).not.toBe(before);
    await expect(pool.run('fails', { A: 1 })).rejects.toThrow(RangeError);
  }, 60_000);

  it("says what its owner's remedy is when data cannot cross to or from a thread, inputs and outputs", async () => {
    const remedy = 'Start the worker with --in-process.';
    pool = await NodeThreadPool.start({ pipelineModule: moduleFile, pipelineExport: 'registry', size: 1, remedy });
    const output = await pool.run('instance', { A: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(DatasetError.isInstance(output)).toBe(true);
    expect((output as Error).message).toBe(`Dataset 'B' (output of node instance) holds an instance of Fancy, which cannot be copied to or from a worker thread without losing it. ${remedy}`);
    class Box {}
    const catalog = new DataCatalog();
    catalog.set('A', new Box());
    const input = await new ParallelRunner({ threads: pool })
      .run(registry.heavy.onlyNodes('h1'), catalog)
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(String((input as Error).message)).toContain(`Dataset 'A' (input of node h1) holds an instance of Box, which cannot be copied to or from a worker thread without losing it. ${remedy}`);
  }, 60_000);

  it('refuses nodes once closed; a module that does not load is a PipelineError naming it', async () => {
    pool = await NodeThreadPool.start({ pipelineModule: moduleFile, pipelineExport: 'registry', size: 1 });
    await pool.close();
    await expect(pool.run('fails', { A: 1 })).rejects.toThrow('The node thread pool is closed');
    const missing = join(__dirname, 'nope.mjs');
    const failed = await NodeThreadPool.start({ pipelineModule: missing, size: 1 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(PipelineError.isInstance(failed)).toBe(true);
    expect((failed as Error).message).toContain(`Worker threads could not load the pipeline from ${pathToFileURL(missing).href}`);
  }, 60_000);
});
