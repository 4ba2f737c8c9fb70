import { resolve } from 'node:path';
import {
  CachedDataset,
  DataCatalog,
  DatasetError,
  MemoryDataset,
  captureLogs,
  parameterEntries,
  registerDatasetType,
  unregisterDatasetType,
} from '@kedro-mlflow/core-pipeline';
import { ListDataset } from './fixtures/custom-datasets.js';

const projectPath = resolve(__dirname, '..', '..');
const LIST = './test/io/fixtures/custom-datasets.ts#ListDataset';

async function multiCatalog(): Promise<DataCatalog> {
  const catalog = await DataCatalog.fromConfig({ abc: { type: LIST, items: ['a'] } }, { projectPath });
  catalog.set('xyz', new MemoryDataset({ data: 1 }));
  return catalog;
}

const pipeline = (...names: string[]): { datasets(): Set<string> } => ({ datasets: () => new Set(names) });

describe('DataCatalog.filter', () => {
  it.each([
    ['^a', ['abc']],
    ['a|x', ['abc', 'xyz']],
    ['^(?!(a|x))', []],
    ['def', []],
    ['', ['abc', 'xyz']],
  ])('nameRegex %j selects %j', async (regex, expected) => {
    expect((await multiCatalog()).filter({ nameRegex: regex })).toEqual(expected);
  });

  it('accepts RegExp objects, ignoring the global flag state', async () => {
    const catalog = await multiCatalog();
    const regex = /^a/g;
    expect(catalog.filter({ nameRegex: regex })).toEqual(['abc']);
    expect(catalog.filter({ nameRegex: regex })).toEqual(['abc']);
  });

  it('rejects a bad regular expression', async () => {
    const catalog = await multiCatalog();
    expect(() => catalog.filter({ nameRegex: '((' })).toThrow(DatasetError);
    expect(() => catalog.filter({ nameRegex: '((' })).toThrow("Invalid regular expression provided for 'nameRegex': '(('.");
    expect(() => catalog.filter({ typeRegex: '[' })).toThrow("Invalid regular expression provided for 'typeRegex': '['.");
  });

  it('filters by type name and by class, lazy entries included, without building them', async () => {
    const catalog = await multiCatalog();
    expect(catalog.filter({ typeRegex: 'List' })).toEqual(['abc']);
    expect(catalog.filter({ typeRegex: '^MemoryDataset$' })).toEqual(['xyz']);
    expect(catalog.filter({ byType: ListDataset })).toEqual(['abc']);
    expect(catalog.filter({ byType: [ListDataset, MemoryDataset] })).toEqual(['abc', 'xyz']);
    expect(catalog.filter({ byType: CachedDataset })).toEqual([]);
    expect(catalog.filter({ nameRegex: 'x', byType: [ListDataset, MemoryDataset] })).toEqual(['xyz']);
    expect(catalog.filter({ nameRegex: 'a', typeRegex: 'Memory' })).toEqual([]);
    expect(catalog.keys()).toEqual(['abc', 'xyz']);
    catalog.getDataset('abc');
    expect(catalog.filter({ byType: ListDataset })).toEqual(['abc']);
  });
});

describe('DataCatalog.getType', () => {
  it('names the type without building the dataset', async () => {
    const catalog = await DataCatalog.fromConfig(
      { abc: { type: LIST }, '{name}_mem': { type: 'MemoryDataset' } },
      { projectPath },
    );
    expect(catalog.getType('abc')).toBe('ListDataset');
    expect(catalog.getType('cars_mem')).toBe('MemoryDataset');
    expect(catalog.getType('unknown')).toBeUndefined();
    expect(catalog.keys()).toEqual(['abc']);
    catalog.getDataset('abc');
    expect(catalog.getType('abc')).toBe('ListDataset');
  });
});

describe('DataCatalog.toConfig', () => {
  afterEach(() => {
    unregisterDatasetType('ListDataset');
  });

  it('dumps what fromConfig needs, without memory datasets or parameters, credentials as references', async () => {
    registerDatasetType('ListDataset', ListDataset);
    const credentials = { db: { token: 'T0K3N' } };
    const catalog = await DataCatalog.fromConfig(
      {
        lazy_ds: { type: LIST, credentials: 'db', items: ['l'] },
        built_ds: { type: LIST, items: ['b'] },
        '{name}_list': { type: LIST, items: ['{name}'] },
      },
      { projectPath, credentials, saveVersion: 'v1' },
    );
    catalog.getDataset('built_ds');
    catalog.getDataset('cars_list');
    catalog.get('intermediate', { fallbackToRuntimePattern: true });
    catalog.set('resolved_ds', new ListDataset({ items: ['r'], credentials: { key: 'K' } }));
    catalog.set('memory_ds', [1, 2, 3]);
    catalog.set('cached', new CachedDataset({ dataset: new ListDataset({ items: ['c'] }) }));
    for (const [name, value] of Object.entries(parameterEntries({ a: { b: 1 } }))) catalog.set(name, value);

    const dump = catalog.toConfig();
    expect(dump.catalog).toEqual({
      lazy_ds: { type: LIST, credentials: 'db', items: ['l'] },
      built_ds: { type: LIST, items: ['b'] },
      cars_list: { type: LIST, items: ['cars'] },
      resolved_ds: { type: 'ListDataset', items: ['r'], credentials: 'resolved_ds_credentials' },
      cached: { type: 'CachedDataset', dataset: { type: 'ListDataset', items: ['c'] } },
    });
    expect(dump.credentials).toEqual({ db: { token: 'T0K3N' }, resolved_ds_credentials: { key: 'K' } });
    expect(dump.saveVersion).toBe('v1');
    expect(dump.loadVersions).toEqual({});

    const rebuilt = await DataCatalog.fromConfig(dump.catalog, {
      credentials: dump.credentials,
      loadVersions: dump.loadVersions,
      saveVersion: dump.saveVersion,
      projectPath,
    });
    expect(rebuilt.keys()).toEqual(Object.keys(dump.catalog));
    expect(await rebuilt.load('resolved_ds')).toEqual(['r']);
    expect((rebuilt.getDataset('lazy_ds') as ListDataset).credentials).toEqual({ token: 'T0K3N' });
    expect(await rebuilt.load('cached')).toEqual(['c']);
  });
});

describe('DataCatalog pipeline helpers', () => {
  async function projectCatalog(): Promise<DataCatalog> {
    const catalog = await DataCatalog.fromConfig(
      {
        cars: { type: LIST, credentials: 'db' },
        unused: { type: 'MemoryDataset' },
        '{name}_csv': { type: LIST, note: '{name}', credentials: 'db' },
      },
      { projectPath, credentials: { db: { token: 'T0K3N' } } },
    );
    catalog.set('direct', new ListDataset());
    catalog.set('params:alpha', 0.1);
    return catalog;
  }

  const pipelines = {
    __default__: pipeline('cars', 'boats_csv', 'intermediate', 'direct', 'params:alpha', 'parameters'),
    other: pipeline('planes_csv'),
  };

  it('describes the datasets of each pipeline by origin and type', async () => {
    const expected = {
      __default__: {
        datasets: { ListDataset: ['cars', 'direct'] },
        factories: { ListDataset: ['boats_csv'] },
        defaults: { MemoryDataset: ['intermediate'] },
      },
      other: { datasets: {}, factories: { ListDataset: ['planes_csv'] }, defaults: {} },
    };
    const catalog = await projectCatalog();
    expect(catalog.describeDatasets(pipelines)).toEqual(expected);
    // Same answer after a runner warm-up has built everything.
    for (const name of ['cars', 'boats_csv', 'intermediate', 'direct', 'planes_csv']) {
      catalog.get(name, { fallbackToRuntimePattern: true });
    }
    expect(catalog.describeDatasets(pipelines)).toEqual(expected);
  });

  it('resolves the patterns the pipelines use, never showing credentials', async () => {
    const catalog = await projectCatalog();
    const resolved = catalog.resolvePatterns(pipelines);
    expect(resolved).toEqual({
      cars: { type: LIST, credentials: 'db' },
      unused: { type: 'MemoryDataset' },
      boats_csv: { type: LIST, note: 'boats', credentials: 'db' },
      planes_csv: { type: LIST, note: 'planes', credentials: 'db' },
    });
    expect(JSON.stringify(resolved)).not.toContain('T0K3N');
  });

  it('never logs credential values while working', async () => {
    const logs = captureLogs();
    try {
      const catalog = await projectCatalog();
      await catalog.save('boats_csv', ['x']);
      await catalog.load('cars');
      catalog.describeDatasets(pipelines);
    } finally {
      logs.restore();
    }
    expect(logs.records.length).toBeGreaterThan(0);
    expect(JSON.stringify(logs.records)).not.toContain('T0K3N');
  });
});
