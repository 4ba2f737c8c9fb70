import { resolve } from 'node:path';
import {
  AbstractDataset,
  CachedDataset,
  CatalogConfigResolver,
  DataCatalog,
  DatasetError,
  DatasetNotFoundError,
  MemoryDataset,
} from '@kedro-mlflow/core-pipeline';
import { ListDataset } from './fixtures/custom-datasets.js';

const projectPath = resolve(__dirname, '..', '..');
const fixtures = './test/io/fixtures/custom-datasets.ts';
const list = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({ type: `${fixtures}#ListDataset`, ...extra });

async function fromConfigError(config: Record<string, unknown>, credentials?: Record<string, unknown>): Promise<Error> {
  const error = await DataCatalog.fromConfig(config, { projectPath, credentials }).catch((e: unknown) => e);
  expect(DatasetError.isInstance(error)).toBe(true);
  return error as Error;
}

describe('DataCatalog.fromConfig', () => {
  it('builds an empty catalog from nothing', async () => {
    const catalog = await DataCatalog.fromConfig(null);
    expect(catalog.keys()).toEqual([]);
    expect(catalog.listPatterns()).toEqual(['{default}']);
    expect(catalog.saveVersion).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}\.\d{3}Z$/);
  });

  it('keeps entries lazy until first access', async () => {
    const catalog = await DataCatalog.fromConfig(
      { boats: list({ items: ['b'] }), cars: list({ items: ['c'] }) },
      { projectPath },
    );
    expect(catalog.keys()).toEqual(['boats', 'cars']);
    const boats = catalog.getDataset('boats');
    expect(boats).toBeInstanceOf(ListDataset);
    expect(catalog.keys()).toEqual(['cars', 'boats']);
    expect(catalog.getDataset('boats')).toBe(boats);
    expect(await catalog.load('cars')).toEqual(['c']);
    expect(catalog.keys()).toEqual(['boats', 'cars']);
  });

  it('builds pattern datasets on demand with the placeholders filled in', async () => {
    const catalog = await DataCatalog.fromConfig({ '{name}_list': list({ items: ['{name}'] }) }, { projectPath });
    expect(catalog.keys()).toEqual([]);
    expect(await catalog.load('cars_list')).toEqual(['cars']);
    expect(catalog.keys()).toEqual(['cars_list']);
    expect(catalog.getType('boats_list')).toBe('ListDataset');
    expect(catalog.keys()).toEqual(['cars_list']);
  });

  it('resolves credentials, nested ones included', async () => {
    const credentials = {
      s3_credentials: { key: 'FAKE_ACCESS_KEY', secret: 'FAKE_SECRET_KEY' },
      other_credentials: { client_kwargs: { aws_access_key_id: 'OTHER_FAKE_ACCESS_KEY' } },
    };
    const catalog = await DataCatalog.fromConfig(
      {
        cars: list({ credentials: 's3_credentials' }),
        boats: list({ credentials: { client_kwargs: { credentials: 'other_credentials' }, key: 'secret' } }),
      },
      { projectPath, credentials },
    );
    expect((catalog.getDataset('cars') as ListDataset).credentials).toEqual(credentials.s3_credentials);
    expect((catalog.getDataset('boats') as ListDataset).credentials).toEqual({
      client_kwargs: { credentials: credentials.other_credentials },
      key: 'secret',
    });
  });

  it('builds a CachedDataset around a module dataset named in its nested entry', async () => {
    const catalog = await DataCatalog.fromConfig(
      { cached: { type: 'CachedDataset', dataset: list({ items: ['x'] }) } },
      { projectPath },
    );
    const cached = catalog.getDataset('cached') as CachedDataset;
    expect(cached.dataset).toBeInstanceOf(ListDataset);
    expect(await catalog.load('cached')).toEqual(['x']);
  });

  it('works for subclasses, which may change the runtime default', async () => {
    class ListCatalog extends DataCatalog {
      static override readonly defaultRuntimePatterns = { '{default}': { type: `${fixtures}#ListDataset` } };
    }
    const catalog = await ListCatalog.fromConfig({}, { projectPath });
    expect(catalog).toBeInstanceOf(ListCatalog);
    expect(catalog.get('anything', { fallbackToRuntimePattern: true })).toBeInstanceOf(ListDataset);
  });
});

describe('DataCatalog.fromConfig errors', () => {
  it('rejects an entry that is not an object, with the underscore hint', async () => {
    const error = await fromConfigError({ not_a_dataset: 'just a string' });
    expect(error.message).toBe(
      "Catalog entry 'not_a_dataset' is not a valid dataset configuration. \n" +
        'Hint: If this catalog entry is intended for variable interpolation, make sure that the key is preceded by an underscore.',
    );
  });

  it('rejects an entry without type', async () => {
    const error = await fromConfigError({ boats: { filepath: 'a.csv' } });
    expect(error.message).toBe(
      "An exception occurred when parsing config for dataset 'boats':\n'type' is missing from dataset catalog configuration.\n" +
        'Hint: If this catalog entry is intended for variable interpolation, make sure that the top level key is preceded by an underscore.',
    );
  });

  it('fails up front on an unknown type, naming the dataset', async () => {
    const error = await fromConfigError({ boats: { type: 'CSVDatasetInvalid' } });
    expect(error.message).toMatch(/^An exception occurred when parsing config for dataset 'boats':\nDataset type 'CSVDatasetInvalid' not found, is this a typo\?/);
  });

  it('fails up front on an unknown type in a pattern, naming the pattern', async () => {
    const error = await fromConfigError({ '{name}_csv': { type: 'MemoryDatset' } });
    expect(error.message).toMatch(/^An exception occurred when parsing config for dataset '\{name\}_csv':\n.*Did you mean 'MemoryDataset'\?/);
  });

  it('fails on a bad module path or a missing export', async () => {
    expect((await fromConfigError({ boats: { type: './invalid/module.ts#CSVDataset' } })).message).toContain(
      "Cannot find module './invalid/module.ts' of dataset type './invalid/module.ts#CSVDataset'",
    );
    expect((await fromConfigError({ boats: { type: `${fixtures}#CSVDatasetInvalid` } })).message).toContain(
      `Dataset 'CSVDatasetInvalid' not found in '${fixtures}'. Make sure the dataset name is correct.`,
    );
  });

  it('refuses a relative class path', async () => {
    expect((await fromConfigError({ boats: { type: '.CSVDatasetInvalid' } })).message).toContain(
      "'type' class path does not support relative paths or paths ending with a dot.",
    );
  });

  it('refuses a class that is not a dataset', async () => {
    expect((await fromConfigError({ boats: { type: `${fixtures}#NotADataset` } })).message).toBe(
      "An exception occurred when parsing config for dataset 'boats':\n" +
        `Dataset type '${fixtures}#NotADataset' is invalid: all dataset types must extend 'AbstractDataset'.`,
    );
  });

  it('fails on missing credentials without printing the others', async () => {
    const error = await fromConfigError({ cars: list({ credentials: 'missing' }) }, { real: { token: 'SECRET_VALUE' } });
    expect(error.message).toContain("Unable to find credentials 'missing'");
    expect(error.message).not.toContain('SECRET_VALUE');
  });

  it('reports constructor argument errors when the dataset is first built', async () => {
    const catalog = await DataCatalog.fromConfig(
      {
        strict: { type: `${fixtures}#StrictDataset`, bad: 1 },
        memory: { type: 'MemoryDataset', filepath: 'x.csv', copymode: 'copy' },
        naughty: { type: `${fixtures}#NaughtyDataset` },
      },
      { projectPath },
    );
    expect(() => catalog.getDataset('strict')).toThrow(
      "An exception occurred when parsing config for dataset 'strict':\n__init__() got an unexpected keyword argument 'bad'.\n" +
        "Dataset 'strict' must only contain arguments valid for the constructor of 'StrictDataset'.",
    );
    expect(() => catalog.getDataset('memory')).toThrow(
      "An exception occurred when parsing config for dataset 'memory':\nUnknown option(s) ['filepath', 'copymode'] for 'MemoryDataset' " +
        "(did you mean 'copymode' → 'copy_mode'?); valid options are ['data', 'copy_mode', 'metadata'].\n" +
        "Dataset 'memory' must only contain arguments valid for the constructor of 'MemoryDataset'.",
    );
    expect(() => catalog.getDataset('naughty')).toThrow(
      "An exception occurred when parsing config for dataset 'naughty':\nNaughty!.\nFailed to instantiate dataset 'naughty' of type 'NaughtyDataset'.",
    );
    // A failed build leaves the entry lazy, so the error repeats instead of vanishing.
    expect(catalog.keys()).toEqual(['strict', 'memory', 'naughty']);
  });

  it('refuses versioning for a dataset type that does not support it', async () => {
    const catalog = await DataCatalog.fromConfig({ mem: { type: 'MemoryDataset', versioned: true } });
    expect(() => catalog.getDataset('mem')).toThrow(
      "An exception occurred when parsing config for dataset 'mem':\n'MemoryDataset' does not support versioning: remove 'versioned: true' from the catalog entry of 'mem'.",
    );
  });

  it('refuses an abstract dataset class', async () => {
    const catalog = await DataCatalog.fromConfig({ abstract: { type: AbstractDataset } });
    expect(() => catalog.getDataset('abstract')).toThrow(
      "Dataset type 'AbstractDataset' cannot be instantiated. Please implement the missing abstract methods ['_load', '_save', '_describe'] in 'AbstractDataset'.",
    );
  });

  it('requires load_versions keys to be entries or dataset pattern matches', async () => {
    const config = { cars: { type: 'MemoryDataset' }, '{name}_csv': { type: 'MemoryDataset' }, '{all}': { type: 'MemoryDataset' } };
    await expect(DataCatalog.fromConfig(config, { loadVersions: { version: 'v1', another: 'v2' } })).rejects.toThrow(
      new DatasetNotFoundError("'load_versions' keys [another, version] are not found in the catalog."),
    );
    const catalog = await DataCatalog.fromConfig(config, { loadVersions: { cars: 'v1', boats_csv: 'v2' } });
    expect(catalog.loadVersions).toEqual({ cars: 'v1', boats_csv: 'v2' });
  });

  it('resolves types lazily for catalogs built directly, and on request', async () => {
    // Another project folder, so that nothing was imported for it yet.
    const type = './io/fixtures/custom-datasets.ts#ListDataset';
    const resolver = new CatalogConfigResolver({ config: { items: { type, items: ['a'] } } });
    const catalog = new DataCatalog({ configResolver: resolver, projectPath: resolve(projectPath, 'test') });
    expect(() => catalog.getDataset('items')).toThrow(`Dataset type '${type}' is not loaded yet`);
    await catalog.resolveDatasetTypes();
    expect(await catalog.load('items')).toEqual(['a']);
  });

  it('leaves types built from placeholders to be resolved by name', async () => {
    const catalog = await DataCatalog.fromConfig({ '{kind}_thing': { type: '{kind}Dataset' } });
    expect(catalog.getDataset('Memory_thing')).toBeInstanceOf(MemoryDataset);
  });
});
