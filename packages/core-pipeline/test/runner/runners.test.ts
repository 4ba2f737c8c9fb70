import {
  captureLogs,
  ConcurrentRunner,
  DataCatalog,
  DatasetError,
  MemoryDataset,
  node,
  NodeRunError,
  Pipeline,
  SequentialRunner,
  type AbstractRunner,
} from '@kedro-mlflow/core-pipeline';
import { fanOutFanIn, identity, source, sink, LoggingDataset, ConfirmableDataset } from './helpers.js';

const runners: Array<[string, () => AbstractRunner]> = [
  ['SequentialRunner', () => new SequentialRunner()],
  ['SequentialRunner async', () => new SequentialRunner({ isAsync: true })],
  ['ConcurrentRunner', () => new ConcurrentRunner()],
  ['ConcurrentRunner async', () => new ConcurrentRunner({ isAsync: true, maxWorkers: 2 })],
];

describe.each(runners)('%s', (_name, makeRunner) => {
  it('runs fan-out/fan-in and returns the free output datasets', async () => {
    const catalog = new DataCatalog();
    catalog.set('A', 42);
    const result = await makeRunner().run(fanOutFanIn(), catalog);
    expect(Object.keys(result)).toEqual(['Z']);
    await expect(result.Z!.load()).resolves.toEqual([42, 42, 42]);
  });

  it('gives equal results when run twice on the same catalog and keeps the patterns', async () => {
    const catalog = new DataCatalog();
    catalog.set('A', 42);
    const patterns = catalog.listPatterns();
    const first = await makeRunner().run(fanOutFanIn(), catalog);
    const firstZ = await first.Z!.load();
    const second = await makeRunner().run(fanOutFanIn(), catalog);
    expect(await second.Z!.load()).toEqual(firstZ);
    expect(catalog.listPatterns()).toEqual(patterns);
  });

  it('returns only the final output of a branchless pipeline without inputs', async () => {
    const pipe = new Pipeline([node(source, null, 'ds1'), node(identity, 'ds1', 'ds2'), node(identity, 'ds2', 'ds3')]);
    const result = await makeRunner().run(pipe, new DataCatalog());
    expect(Object.keys(result)).toEqual(['ds3']);
    await expect(result.ds3!.load()).resolves.toBe('stuff');
  });

  it('overrides a produced dataset by raw data put into the catalog', async () => {
    const pipe = new Pipeline([node(identity, 'ds1', 'ds2'), node(identity, 'ds2', 'ds3')]);
    const catalog = new DataCatalog();
    catalog.set('ds1', 42);
    const result = await makeRunner().run(pipe, catalog);
    await expect(result.ds3!.load()).resolves.toBe(42);
  });

  it('refuses a node that returns nothing into a dataset', async () => {
    const pipe = new Pipeline([node((_a: unknown) => undefined, 'A', 'B', { name: 'returns_nothing' })]);
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    const run = makeRunner().run(pipe, catalog);
    await expect(run).rejects.toThrow(NodeRunError);
    await expect(run).rejects.toThrow(/B: Saving 'None' to a 'Dataset' is not allowed/);
  });

  it('returns exactly the free outputs of a branched pipeline', async () => {
    const pipe = new Pipeline([
      node(source, null, 'ds1', { name: 'n1' }),
      node(identity, 'ds1', 'ds2', { name: 'n2' }),
      node(identity, 'ds2', 'ds5', { name: 'n3' }),
      node(identity, 'ds2', 'ds6', { name: 'n4' }),
      node((a: unknown) => a, 'ds1', 'ds8', { name: 'n5' }),
    ]);
    const result = await makeRunner().run(pipe, new DataCatalog());
    expect(new Set(Object.keys(result))).toEqual(new Set(['ds5', 'ds6', 'ds8']));
  });

  it('fails before any node runs when a free input is missing', async () => {
    const ran: string[] = [];
    const pipe = new Pipeline([node((x: unknown) => ran.push('x') && x, 'missing_input', 'out')]);
    await expect(makeRunner().run(pipe, new DataCatalog())).rejects.toThrow("Pipeline input(s) {'missing_input'} not found in the DataCatalog");
    expect(ran).toEqual([]);
  });

  it('fails at load time for a registered but empty memory dataset', async () => {
    const catalog = new DataCatalog({ datasets: { A: new MemoryDataset() } });
    await expect(makeRunner().run(fanOutFanIn(), catalog)).rejects.toThrow('Data for MemoryDataset has not been saved yet.');
  });

  it('lets a catch-all pattern satisfy the inputs, then fails when loading unsaved data', async () => {
    const catalog = await DataCatalog.fromConfig({ '{default_dataset}': { type: 'MemoryDataset' } });
    await expect(makeRunner().run(fanOutFanIn(), catalog)).rejects.toThrow('Data for MemoryDataset has not been saved yet.');
  });

  it('calls confirm() exactly once, on the node that confirms', async () => {
    const log: string[] = [];
    const confirmable = new ConfirmableDataset(log, 'checkpoint', 'v');
    const pipe = new Pipeline([
      node(identity, 'A', 'B', { name: 'first' }),
      node(identity, 'B', 'C', { name: 'second', confirms: 'checkpoint' }),
    ]);
    const catalog = new DataCatalog({ datasets: { checkpoint: confirmable } });
    catalog.set('A', 1);
    await makeRunner().run(pipe, catalog);
    expect(confirmable.confirmed).toBe(1);
  });

  it('includes free outputs kept in explicit memory datasets, not unrelated entries', async () => {
    const catalog = new DataCatalog({ datasets: { B: new MemoryDataset(), unrelated: new MemoryDataset({ data: 1 }) } });
    catalog.set('A', 3);
    const result = await makeRunner().run(new Pipeline([node(identity, 'A', 'B')]), catalog);
    expect(Object.keys(result)).toEqual(['B']);
    await expect(result.B!.load()).resolves.toBe(3);
  });
});

describe('releasing datasets', () => {
  async function releaseLog(pipe: Pipeline, datasets: Record<string, unknown>, makeRunner: () => AbstractRunner): Promise<string[]> {
    const log: string[] = [];
    const catalog = new DataCatalog();
    for (const [name, value] of Object.entries(datasets)) catalog.set(name, new LoggingDataset(log, name, value));
    await makeRunner().run(pipe, catalog);
    return log.filter((entry) => !entry.startsWith('save'));
  }

  it.each(runners)('releases an intermediate after its last load (%s)', async (_n, makeRunner) => {
    const pipe = new Pipeline([node(identity, 'in', 'middle'), node(identity, 'middle', 'out')]);
    expect(await releaseLog(pipe, { in: 1, middle: undefined }, makeRunner)).toEqual(['load in', 'load middle', 'release middle']);
  });

  it.each(runners)('never releases free inputs and outputs along a chain (%s)', async (_n, makeRunner) => {
    const pipe = new Pipeline([
      node(source, null, 'first', { name: 'a' }),
      node(identity, 'first', 'second', { name: 'b' }),
      node(sink, 'second', null, { name: 'c' }),
    ]);
    expect(await releaseLog(pipe, { first: undefined, second: undefined }, makeRunner)).toEqual([
      'load first',
      'release first',
      'load second',
      'release second',
    ]);
  });

  it('releases a dataset read by two nodes only after both loaded it', async () => {
    const pipe = new Pipeline([
      node(source, null, 'ds', { name: 'a' }),
      node(sink, 'ds', null, { name: 'b' }),
      node(sink, 'ds', null, { name: 'c' }),
    ]);
    expect(await releaseLog(pipe, { ds: undefined }, () => new SequentialRunner())).toEqual(['load ds', 'load ds', 'release ds']);
  });

  it('releases a transcoded output nobody reads under that name', async () => {
    const pipe = new Pipeline([node(source, null, 'ds@save', { name: 'a' }), node(sink, 'ds@load', null, { name: 'b' })]);
    const log: string[] = [];
    const shared = new LoggingDataset(log, 'save');
    const catalog = new DataCatalog({ datasets: { 'ds@save': shared, 'ds@load': new LoggingDataset(log, 'load', 'x') } });
    await new SequentialRunner().run(pipe, catalog);
    expect(log.filter((e) => !e.startsWith('save '))).toEqual(['release save', 'load load', 'release load']);
  });
});

describe('ConcurrentRunner', () => {
  it('keeps as many nodes in flight as the widest layer allows', () => {
    expect(new ConcurrentRunner({ maxWorkers: 3 }).workersFor(fanOutFanIn())).toBe(3);
    expect(new ConcurrentRunner({ maxWorkers: 6 }).workersFor(fanOutFanIn())).toBe(3);
    expect(new ConcurrentRunner({ maxWorkers: 2 }).workersFor(fanOutFanIn())).toBe(2);
  });

  it('refuses a non-positive worker count', () => {
    expect(() => new ConcurrentRunner({ maxWorkers: -1 })).toThrow('maxWorkers should be a positive integer, got -1.');
    expect(() => new ConcurrentRunner({ maxWorkers: 0 })).toThrow('maxWorkers should be a positive integer');
  });

  it('really overlaps independent async nodes', async () => {
    let inFlight = 0;
    let peak = 0;
    const slow = async (x: number): Promise<number> => {
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 20));
      inFlight -= 1;
      return x;
    };
    const pipe = new Pipeline([1, 2, 3, 4].map((i) => node(slow, 'A', `out${i}`, { name: `n${i}` })));
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    await new ConcurrentRunner({ maxWorkers: 3 }).run(pipe, catalog);
    expect(peak).toBe(3);
  });

  it('propagates a node error and starts nothing after it', async () => {
    const started: string[] = [];
    const fail = (_a: unknown): never => {
      throw new Error('boom');
    };
    const pipe = new Pipeline([
      node(fail, 'A', 'B', { name: 'fails' }),
      node((b: unknown) => started.push('after') && b, 'B', 'C', { name: 'after' }),
    ]);
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    const run = new ConcurrentRunner().run(pipe, catalog);
    await expect(run).rejects.toThrow('Node fails: fail([A]) -> [B] failed: boom');
    expect(started).toEqual([]);
  });
});

describe('logging', () => {
  it('logs kedro progress lines', async () => {
    const logs = captureLogs();
    try {
      const catalog = new DataCatalog();
      catalog.set('A', 1);
      await new SequentialRunner().run(new Pipeline([node(identity, 'A', 'B', { name: 'only' })]), catalog);
    } finally {
      logs.restore();
    }
    const info = logs.messages('info');
    expect(info).toContain('Completed node: only');
    expect(info).toContain('Completed 1 out of 1 tasks');
    expect(info.some((m) => /^Pipeline execution completed successfully in \d+\.\d sec\.$/.test(m))).toBe(true);
  });

  it.each([
    ['SequentialRunner', () => new SequentialRunner()],
    ['ConcurrentRunner', () => new ConcurrentRunner({ maxWorkers: 2 })],
  ])("%s: each node's completion line carries its duration (duration_ms)", async (_name, make) => {
    const logs = captureLogs();
    const slow = async (a: unknown) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return a;
    };
    try {
      const catalog = new DataCatalog();
      catalog.set('A', 1);
      await make().run(new Pipeline([node(slow, 'A', 'B', { name: 'slow' }), node(identity, 'B', 'C', { name: 'quick' })]), catalog);
    } finally {
      logs.restore();
    }
    const completed = Object.fromEntries(logs.records.filter((r) => r.msg.startsWith('Completed node: ')).map((r) => [r.msg.slice(16), r.duration_ms]));
    expect(Object.keys(completed).sort()).toEqual(['quick', 'slow']);
    expect(completed.slow).toBeGreaterThanOrEqual(25);
    expect(typeof completed.quick).toBe('number');
  });

  it('keeps the original error as cause', async () => {
    const original = new Error('original');
    const pipe = new Pipeline([node((_a: unknown) => { throw original; }, 'A', 'B', { name: 'n' })]);
    const catalog = new DataCatalog();
    catalog.set('A', 1);
    const error = await new SequentialRunner().run(pipe, catalog).catch((e: unknown) => e);
    expect(NodeRunError.isInstance(error)).toBe(true);
    expect((error as NodeRunError).cause).toBe(original);
    expect((error as NodeRunError).nodeName).toBe('n');
    expect(DatasetError.isInstance(error)).toBe(false);
  });
});
