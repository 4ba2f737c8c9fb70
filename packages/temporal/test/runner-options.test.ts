import { DataCatalog, MemoryDataset, node, pipeline } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import { dagPlanOf, datasetsToTravel, parseRunnerOptions, TemporalRunnerError } from '../src/index.js';
import { intermediateDataset } from '../src/intermediates.js';

describe('parseRunnerOptions', () => {
  it('fills the defaults and takes --runner-params strings', () => {
    const options = parseRunnerOptions({ taskQueue: 'ml', maxWidth: '4', retryNodeErrors: 'true', heartbeatTimeout: '2.5' });
    expect(options).toMatchObject({ taskQueue: 'ml', maxWidth: 4, retryNodeErrors: true, heartbeatTimeout: 2.5, maxAttempts: 3, historyBatch: 1000, namespace: 'default' });
  });

  it.each([
    [{ maxWidth: 0 }, 'maxWidth'],
    [{ maxAttempts: 'many' }, 'maxAttempts'],
    [{ retryNodeErrors: 'yes' }, 'retryNodeErrors'],
    [{ taskQueue: '' }, 'taskQueue'],
    [{ bogus: 1 }, 'bogus'],
  ])('refuses %j with a typed error naming the option', (given, option) => {
    let thrown: unknown;
    try {
      parseRunnerOptions(given);
    } catch (error) {
      thrown = error;
    }
    expect(TemporalRunnerError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ kind: 'option', option });
    expect((thrown as Error).message).toContain('--runner-params');
  });
});

describe('dagPlanOf', () => {
  it('gives each node the indexes of the nodes it waits for, in topological order', () => {
    const p = pipeline([
      node((a: number) => a, 'b', 'c', { name: 'third' }),
      node(() => 1, [], 'a', { name: 'first' }),
      node((a: number) => a, 'a', 'b', { name: 'second' }),
      node((a: number, c: number) => a + c, ['a', 'c'], 'd', { name: 'fourth' }),
    ]);
    const plan = dagPlanOf(p);
    expect(plan.names).toEqual(['first', 'second', 'third', 'fourth']);
    expect(plan.deps).toEqual([[], [0], [1], [0, 2]]);
  });
});

describe('datasetsToTravel', () => {
  it('sends in-memory and undeclared datasets through intermediates, not parameters or files', () => {
    const catalog = new DataCatalog({
      datasets: {
        raw: new JSONDataset({ filepath: '/tmp/raw.json' }),
        declared: new MemoryDataset(),
        'params:rate': new MemoryDataset({ data: 0.1 }),
      },
    });
    const p = pipeline([
      node((raw: unknown, rate: number) => [raw, rate], ['raw', 'params:rate'], 'declared', { name: 'one' }),
      node((x: unknown) => x, 'declared', 'undeclared', { name: 'two' }),
    ]);
    expect(datasetsToTravel(p, catalog)).toEqual({ intermediates: ['declared', 'undeclared'], cannotTravel: [] });
  });

  it('keeps a dataset name inside its run folder, whatever it contains', () => {
    const dataset = intermediateDataset('/shared/root', '2026-01-01T00.00.00.000Z', '../../etc/passwd');
    expect(dataset.filepath).toBe('/shared/root/2026-01-01T00.00.00.000Z/..%2F..%2Fetc%2Fpasswd.v8');
    expect(intermediateDataset('s3://bucket/runs', 'v1', 'a/b').filepath).toBe('s3://bucket/runs/v1/a%2Fb.v8');
  });
});
