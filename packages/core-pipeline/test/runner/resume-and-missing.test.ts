import { captureLogs, DataCatalog, MemoryDataset, node, NodeRunError, Pipeline, SequentialRunner } from '@kedro-mlflow/core-pipeline';
import { LoggingDataset } from './helpers.js';

const first = (x: unknown): unknown => x;
const multi = (a: unknown, b: unknown): unknown[] => [a, b];

/** kedro's "two branches crossed" fixture: two chains that meet in node2 and part again. */
function crossed(failing: string, fail: (x: unknown) => unknown): Pipeline {
  const f = (name: string) => (name === failing ? fail : first);
  return new Pipeline([
    node(f('node1_A'), 'ds0_A', 'ds1_A', { name: 'node1_A' }),
    node(f('node1_B'), 'ds0_B', 'ds1_B', { name: 'node1_B' }),
    node(failing === 'node2' ? (_a: unknown, _b: unknown) => fail(_a) : multi, ['ds1_A', 'ds1_B'], ['ds2_A', 'ds2_B'], { name: 'node2' }),
    node(f('node3_A'), 'ds2_A', 'ds3_A', { name: 'node3_A' }),
    node(f('node3_B'), 'ds2_B', 'ds3_B', { name: 'node3_B' }),
    node(f('node4_A'), 'ds3_A', 'ds4_A', { name: 'node4_A' }),
    node(f('node4_B'), 'ds3_B', 'ds4_B', { name: 'node4_B' }),
  ]);
}

function persistentCatalog(): DataCatalog {
  const log: string[] = [];
  const catalog = new DataCatalog();
  for (const name of ['ds0_A', 'ds0_B', 'ds2_A', 'ds2_B']) catalog.set(name, new LoggingDataset(log, name, 0));
  catalog.set('params:p', new MemoryDataset({ data: 1 }));
  return catalog;
}

const boom = (_x: unknown): never => {
  throw new Error('boom');
};

describe('resume suggestion', () => {
  it.each([
    ['node1_A', []],
    ['node2', ['node1_A', 'node1_B']],
    ['node3_A', ['node3_A', 'node3_B']],
    ['node4_A', ['node3_A', 'node3_B']],
  ])('when %s fails, suggests %j', async (failing, expected) => {
    const logs = captureLogs();
    let error: unknown;
    try {
      error = await new SequentialRunner().run(crossed(failing, boom), persistentCatalog()).catch((e: unknown) => e);
    } finally {
      logs.restore();
    }
    expect(NodeRunError.isInstance(error)).toBe(true);
    expect((error as NodeRunError).resumeFromNodes).toEqual(expected);
    const warnings = logs.messages('warn').join('\n');
    if (expected.length === 0) {
      expect(warnings).toContain('No nodes ran. Repeat the previous command to attempt a new run.');
    } else {
      expect((error as Error).message).toContain(`--from-nodes "${expected.join(',')}"`);
      expect(warnings).toContain('You can resume the pipeline run from the nearest nodes with persisted inputs');
    }
  });

  it('is consistent with fromNodes: resuming from the hint reruns everything that did not finish', async () => {
    const error = (await new SequentialRunner().run(crossed('node3_A', boom), persistentCatalog()).catch((e: unknown) => e)) as NodeRunError;
    const resumed = crossed('none', boom).fromNodes(...error.resumeFromNodes);
    expect(resumed.nodes.map((n) => n.name).sort()).toEqual(['node3_A', 'node3_B', 'node4_A', 'node4_B']);
  });
});

describe('onlyMissingOutputs', () => {
  it('runs every node when the outputs are missing', async () => {
    const log: string[] = [];
    const catalog = new DataCatalog({ datasets: { in: new LoggingDataset(log, 'in', 1), out: new LoggingDataset(log, 'out') } });
    const logs = captureLogs();
    try {
      await new SequentialRunner().run(new Pipeline([node(first, 'in', 'out', { name: 'n1' })]), catalog, { onlyMissingOutputs: true });
    } finally {
      logs.restore();
    }
    expect(log).toContain('save out');
    expect(logs.messages('info')).toContain('Running 1 out of 1 nodes');
  });

  it('skips everything when the final persistent output exists, even with ephemeral upstream', async () => {
    const log: string[] = [];
    const catalog = new DataCatalog({ datasets: { in: new LoggingDataset(log, 'in', 1), out: new LoggingDataset(log, 'out', 'done') } });
    const pipe = new Pipeline([node(first, 'in', 'mid', { name: 'n1' }), node(first, 'mid', 'out', { name: 'n2' })]);
    const logs = captureLogs();
    let result: Record<string, unknown>;
    try {
      result = await new SequentialRunner().run(pipe, catalog, { onlyMissingOutputs: true });
    } finally {
      logs.restore();
    }
    expect(result).toEqual({});
    expect(log).toEqual([]);
    expect(logs.messages('info')).toContain('Skipping all 2 nodes (all persistent outputs exist)');
  });

  it('skips only the nodes whose outputs exist', async () => {
    const log: string[] = [];
    const catalog = new DataCatalog({
      datasets: { in: new LoggingDataset(log, 'in', 1), a: new LoggingDataset(log, 'a', 'exists'), b: new LoggingDataset(log, 'b') },
    });
    const pipe = new Pipeline([node(first, 'in', 'a', { name: 'node1' }), node(first, 'a', 'b', { name: 'node2' })]);
    const logs = captureLogs();
    try {
      await new SequentialRunner().run(pipe, catalog, { onlyMissingOutputs: true });
    } finally {
      logs.restore();
    }
    expect(logs.messages('info')).toEqual(expect.arrayContaining(['Skipping 1 nodes with existing outputs: node1', 'Running 1 out of 2 nodes']));
    expect(log).toEqual(['load a', 'save b']);
  });

  it('always runs nodes without outputs, and never filters when the flag is off', async () => {
    const seen: string[] = [];
    const log: string[] = [];
    const catalog = new DataCatalog({ datasets: { in: new LoggingDataset(log, 'in', 1), out: new LoggingDataset(log, 'out', 'exists') } });
    const pipe = new Pipeline([
      node(first, 'in', 'out', { name: 'producer' }),
      node((x: unknown) => void seen.push(String(x)), 'in', null, { name: 'reporter' }),
    ]);
    await new SequentialRunner().run(pipe, catalog, { onlyMissingOutputs: true });
    expect(seen).toEqual(['1']);
    expect(log).not.toContain('save out');
    await new SequentialRunner().run(pipe, catalog);
    expect(log).toContain('save out');
  });
});
