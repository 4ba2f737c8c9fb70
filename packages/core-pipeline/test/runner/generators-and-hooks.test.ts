import { DataCatalog, HookManager, node, Pipeline, SequentialRunner, ConcurrentRunner, type KedroHookSpecs } from '@kedro-mlflow/core-pipeline';
import { LoggingDataset } from './helpers.js';

describe('generator nodes', () => {
  it('saves every yielded chunk, interleaving outputs', async () => {
    const log: string[] = [];
    const saved: unknown[] = [];
    class Recording extends LoggingDataset {
      protected override _save(data: unknown): void {
        saved.push(data);
        super._save(data);
      }
    }
    function* chunks(n: number): Generator<[number, string]> {
      for (let i = 0; i < n; i += 1) yield [i, `c${i}`];
    }
    const catalog = new DataCatalog({ datasets: { nums: new Recording(log, 'nums'), names: new Recording(log, 'names') } });
    catalog.set('n', 3);
    await new SequentialRunner().run(new Pipeline([node(chunks, 'n', ['nums', 'names'])]), catalog);
    expect(log).toEqual(['save nums', 'save names', 'save nums', 'save names', 'save nums', 'save names']);
    expect(saved).toEqual([0, 'c0', 1, 'c1', 2, 'c2']);
  });

  it('supports async generators with record outputs', async () => {
    const log: string[] = [];
    async function* stream(): AsyncGenerator<{ a: number }> {
      yield { a: 1 };
      yield { a: 2 };
    }
    const ds = new LoggingDataset(log, 'A');
    const catalog = new DataCatalog({ datasets: { A: ds } });
    await new SequentialRunner().run(new Pipeline([node(stream, null, { a: 'A' })]), catalog);
    expect(log).toEqual(['save A', 'save A']);
    await expect(ds.load()).resolves.toBe(2);
  });

  it('refuses generator nodes with async loading', async () => {
    function* gen(): Generator<number> {
      yield 1;
    }
    await expect(new SequentialRunner({ isAsync: true }).run(new Pipeline([node(gen, null, 'A', { name: 'g' })]), new DataCatalog())).rejects.toThrow(
      'Async data loading and saving does not work with nodes wrapping generator functions',
    );
  });
});

describe('hooks during a run', () => {
  const double = (x: number): number => x * 2;

  it('lets beforeNodeRun replace an input for that node only', async () => {
    const hooks = new HookManager<KedroHookSpecs>();
    hooks.register({ beforeNodeRun: ({ node: n }: KedroHookSpecs['beforeNodeRun']) => (n.name === 'first' ? { A: 100 } : undefined) });
    const pipe = new Pipeline([node(double, 'A', 'B', { name: 'first' }), node((a: number, b: number) => a + b, ['A', 'B'], 'C', { name: 'second' })]);
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    const result = await new SequentialRunner().run(pipe, catalog, { hookManager: hooks });
    await expect(result.C!.load()).resolves.toBe(201);
  });

  it('rejects a beforeNodeRun result that is not an object', async () => {
    const hooks = new HookManager<KedroHookSpecs>();
    hooks.register({ beforeNodeRun: () => 'nope' });
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    await expect(new SequentialRunner().run(new Pipeline([node(double, 'A', 'B')]), catalog, { hookManager: hooks })).rejects.toThrow(
      "'beforeNodeRun' must return either undefined or an object mapping dataset names to updated values, got 'string' instead.",
    );
  });

  it.each([
    ['sync', false],
    ['async', true],
  ])('fires dataset hooks for every input and output (%s)', async (_label, isAsync) => {
    const events: string[] = [];
    const hooks = new HookManager<KedroHookSpecs>();
    hooks.register({
      beforeDatasetLoaded: ({ datasetName }: { datasetName: string }) => void events.push(`before load ${datasetName}`),
      afterDatasetLoaded: ({ datasetName, data }: { datasetName: string; data: unknown }) => void events.push(`after load ${datasetName}=${String(data)}`),
      beforeDatasetSaved: ({ datasetName }: { datasetName: string }) => void events.push(`before save ${datasetName}`),
      afterDatasetSaved: ({ datasetName, data }: { datasetName: string; data: unknown }) => void events.push(`after save ${datasetName}=${String(data)}`),
    });
    const split = (a: number, b: number): [number, number] => [a + b, a - b];
    const catalog = new DataCatalog();
    catalog.set('A', 3);
    catalog.set('B', 1);
    await new SequentialRunner({ isAsync }).run(new Pipeline([node(split, ['A', 'B'], ['S', 'D'])]), catalog, { hookManager: hooks });
    expect(events.filter((e) => e.includes('load')).sort()).toEqual(['after load A=3', 'after load B=1', 'before load A', 'before load B']);
    expect(events.filter((e) => e.includes('save')).sort()).toEqual(['after save D=2', 'after save S=4', 'before save D', 'before save S']);
    expect(events.indexOf('before save S')).toBeLessThan(events.indexOf('after save S=4'));
  });

  it('calls onNodeError with the inputs, then the error propagates', async () => {
    const seen: Array<{ error: unknown; inputs: Record<string, unknown> }> = [];
    const hooks = new HookManager<KedroHookSpecs>();
    hooks.register({ onNodeError: ({ error, inputs }: KedroHookSpecs['onNodeError']) => void seen.push({ error, inputs }) });
    const catalog = new DataCatalog();
    catalog.set('A', 5);
    const run = new ConcurrentRunner({ maxWorkers: 2 }).run(
      new Pipeline([node((_a: unknown) => { throw new Error('bad data'); }, 'A', 'B', { name: 'broken' })]),
      catalog,
      { hookManager: hooks },
    );
    await expect(run).rejects.toThrow('bad data');
    expect(seen).toHaveLength(1);
    expect((seen[0]!.error as Error).message).toBe('bad data');
    expect(seen[0]!.inputs).toEqual({ A: 5 });
  });

  it('passes node, outputs and run id to afterNodeRun', async () => {
    const seen: string[] = [];
    const hooks = new HookManager<KedroHookSpecs>();
    hooks.register({ afterNodeRun: ({ node: n, outputs, runId }: KedroHookSpecs['afterNodeRun']) => void seen.push(`${n.name}:${JSON.stringify(outputs)}:${runId}`) });
    const catalog = new DataCatalog();
    catalog.set('A', 2);
    await new SequentialRunner().run(new Pipeline([node(double, 'A', 'B', { name: 'd' })]), catalog, { hookManager: hooks, runId: 'run-1' });
    expect(seen).toEqual(['d:{"B":4}:run-1']);
  });
});
