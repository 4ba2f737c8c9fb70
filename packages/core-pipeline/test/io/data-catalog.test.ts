import {
  AbstractDataset,
  CatalogConfigResolver,
  DataCatalog,
  DatasetError,
  DatasetNotFoundError,
  MemoryDataset,
  captureLogs,
  isMemoryDataset,
} from '@kedro-mlflow/core-pipeline';

/** Confirms on request and can be told to fail. */
class ProbeDataset extends AbstractDataset<string> {
  confirmed = 0;
  value: string | undefined;
  constructor(options: { value?: string } = {}) {
    super(options);
    this.value = options.value;
  }
  protected _load(): string {
    if (this.value === 'fail') throw new Error('cannot read');
    if (this.value === undefined) throw new Error('nothing stored');
    return this.value;
  }
  protected _save(data: string): void {
    this.value = data;
  }
  protected _describe(): Record<string, unknown> {
    return { value: this.value };
  }
  confirm(): void {
    this.confirmed += 1;
  }
}

/** No `exists`, no `confirm`. */
class PlainDataset extends AbstractDataset<number> {
  protected _load(): number {
    return 1;
  }
  protected _save(): void {}
  protected _describe(): Record<string, unknown> {
    return {};
  }
}

async function withLogs<T>(fn: () => Promise<T> | T): Promise<{ result: T; warn: string[]; info: string[] }> {
  const logs = captureLogs();
  try {
    const result = await fn();
    return { result, warn: logs.messages('warn'), info: logs.messages('info') };
  } finally {
    logs.restore();
  }
}

describe('DataCatalog save and load', () => {
  it('round-trips through a dataset given at construction', async () => {
    const catalog = new DataCatalog({ datasets: { test: new MemoryDataset() } });
    await catalog.save('test', { a: [1] });
    expect(await catalog.load('test')).toEqual({ a: [1] });
  });

  it('round-trips through a dataset set later', async () => {
    const catalog = new DataCatalog();
    catalog.set('test', new ProbeDataset());
    await catalog.save('test', 'hello');
    expect(await catalog.load<string>('test')).toBe('hello');
  });

  it('logs loads and saves with the dataset type', async () => {
    const catalog = new DataCatalog({ datasets: { cars: new MemoryDataset() } });
    const { info } = await withLogs(async () => {
      await catalog.save('cars', [1]);
      await catalog.load('cars');
    });
    expect(info).toEqual(['Saving data to cars (MemoryDataset)...', 'Loading data from cars (MemoryDataset)...']);
  });

  it.each(['load', 'save'] as const)('%s of an unknown name throws DatasetNotFoundError', async (method) => {
    const catalog = new DataCatalog();
    const run = method === 'load' ? catalog.load('test') : catalog.save('test', 1);
    await expect(run).rejects.toThrow(DatasetNotFoundError);
    await expect(method === 'load' ? catalog.load('test') : catalog.save('test', 1)).rejects.toThrow(
      "Dataset 'test' not found in the catalog",
    );
  });

  it('prefixes dataset errors with the dataset name', async () => {
    const catalog = new DataCatalog({ datasets: { bad: new ProbeDataset({ value: 'fail' }), empty: new MemoryDataset() } });
    await expect(catalog.load('bad')).rejects.toThrow("bad: Failed while loading data from dataset ProbeDataset(value='fail').\ncannot read");
    await expect(catalog.load('empty')).rejects.toThrow('empty: Data for MemoryDataset has not been saved yet.');
    await expect(catalog.save('empty', undefined)).rejects.toThrow("empty: Saving 'None' to a 'Dataset' is not allowed");
    const error = (await catalog.load('empty').catch((e: unknown) => e)) as Error;
    expect(DatasetError.isInstance(error)).toBe(true);
    expect(DatasetError.isInstance(error.cause)).toBe(true);
  });

  it('suggests close names when a name is not found', async () => {
    const catalog = new DataCatalog({ datasets: { test: new MemoryDataset() } });
    await expect(catalog.release('text')).rejects.toThrow(
      "Dataset 'text' not found in the catalog - did you mean one of these instead: test",
    );
    const error = (await catalog.release('wrong_key').catch((e: unknown) => e)) as Error;
    expect(DatasetNotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toBe("Dataset 'wrong_key' not found in the catalog");
    expect(() => catalog.getDataset('tesst')).toThrow("Dataset 'tesst' not found in the catalog - did you mean one of these instead: test");
  });
});

describe('DataCatalog set', () => {
  it('wraps raw data in a MemoryDataset', async () => {
    const catalog = new DataCatalog();
    catalog.set('numbers', [1, 2, 3]);
    catalog.set('test', 123);
    expect(isMemoryDataset(catalog.getDataset('numbers'))).toBe(true);
    expect(catalog.getDataset('test')).toBeInstanceOf(MemoryDataset);
    expect(await catalog.load('numbers')).toEqual([1, 2, 3]);
    expect(await catalog.load('test')).toBe(123);
  });

  it('replacing a name warns and drops its config entry and load version', async () => {
    const catalog = await DataCatalog.fromConfig(
      { test: { type: 'MemoryDataset', data: 'from config' } },
      { loadVersions: { test: 'v1' } },
    );
    expect(catalog.loadVersions).toEqual({ test: 'v1' });
    const { warn } = await withLogs(() => catalog.set('test', 'replaced'));
    expect(warn).toEqual(["Replacing dataset 'test'"]);
    expect(catalog.configResolver.config).toEqual({});
    expect(catalog.loadVersions).toEqual({});
    expect(catalog.keys()).toEqual(['test']);
    expect(await catalog.load('test')).toBe('replaced');
  });

  it('does not warn for a new name', async () => {
    const { warn } = await withLogs(() => new DataCatalog().set('fresh', 1));
    expect(warn).toEqual([]);
  });

  it('lets datasets given at construction win over config entries, with a warning', async () => {
    const resolver = new CatalogConfigResolver({
      config: { existing_ds: { type: 'MemoryDataset', data: 'config' }, other: { type: 'MemoryDataset' } },
    });
    const given = new MemoryDataset({ data: 'given' });
    const { result: catalog, warn } = await withLogs(
      () => new DataCatalog({ datasets: { existing_ds: given }, configResolver: resolver }),
    );
    expect(warn).toEqual([
      "Cannot register dataset 'existing_ds' from config: a dataset with the same name was already provided in the `datasets` argument.",
    ]);
    expect(catalog.getDataset('existing_ds')).toBe(given);
    expect(Object.keys(catalog.configResolver.config)).toEqual(['other']);
  });
});

describe('DataCatalog exists, release, confirm', () => {
  it('exists is false before saving, true after, false for unknown names', async () => {
    const catalog = new DataCatalog({ datasets: { test: new MemoryDataset() } });
    expect(await catalog.exists('test')).toBe(false);
    await catalog.save('test', 1);
    expect(await catalog.exists('test')).toBe(true);
    expect(await catalog.exists('wrong_key')).toBe(false);
  });

  it('exists warns and answers false for a dataset without _exists', async () => {
    const catalog = new DataCatalog({ datasets: { test: new PlainDataset() } });
    const { result, warn } = await withLogs(() => catalog.exists('test'));
    expect(result).toBe(false);
    expect(warn).toEqual(["'exists()' not implemented for 'PlainDataset'. Assuming output does not exist."]);
  });

  it('release empties a MemoryDataset and rejects unknown names', async () => {
    const catalog = new DataCatalog({ datasets: { test: new MemoryDataset({ data: 1 }) } });
    await catalog.release('test');
    expect(await catalog.exists('test')).toBe(false);
    await expect(catalog.release('missing')).rejects.toThrow(DatasetNotFoundError);
  });

  it('confirm calls the dataset once and logs it', async () => {
    const probe = new ProbeDataset();
    const catalog = new DataCatalog({ datasets: { mocked: probe } });
    const { info } = await withLogs(() => catalog.confirm('mocked'));
    expect(probe.confirmed).toBe(1);
    expect(info).toEqual(["Confirming dataset 'mocked'"]);
  });

  it('confirm rejects unknown names and datasets without confirm', async () => {
    const catalog = new DataCatalog({ datasets: { test: new PlainDataset() } });
    await expect(catalog.confirm('missing')).rejects.toThrow("Dataset 'missing' not found in the catalog");
    await expect(catalog.confirm('test')).rejects.toThrow(new DatasetError("Dataset 'test' does not have 'confirm' method"));
  });
});

describe('DataCatalog lookup', () => {
  it('get returns undefined for unknown names unless falling back to the runtime pattern', () => {
    const catalog = new DataCatalog();
    expect(catalog.get('intermediate')).toBeUndefined();
    expect(catalog.has('intermediate')).toBe(false);
    const ds = catalog.get('intermediate', { fallbackToRuntimePattern: true });
    expect(ds).toBeInstanceOf(MemoryDataset);
    expect(catalog.get('intermediate')).toBe(ds);
    expect(catalog.keys()).toEqual(['intermediate']);
    expect(catalog.getType('unknown')).toBeUndefined();
  });

  it('membership covers explicit, lazy and pattern names but not the runtime default', async () => {
    const catalog = await DataCatalog.fromConfig({ lazy: { type: 'MemoryDataset' }, '{name}_csv': { type: 'MemoryDataset' } });
    catalog.set('explicit', 1);
    expect(catalog.has('explicit')).toBe(true);
    expect(catalog.has('lazy')).toBe(true);
    expect(catalog.has('cars_csv')).toBe(true);
    expect(catalog.has('cars')).toBe(false);
    expect(catalog.listPatterns()).toEqual(['{name}_csv', '{default}']);
  });

  it('a user catch-all pattern makes every name a member', async () => {
    const catalog = await DataCatalog.fromConfig({ '{anything}': { type: 'MemoryDataset' } });
    expect(catalog.has('whatever')).toBe(true);
    const { result, warn } = await withLogs(() => catalog.get('whatever'));
    expect(result).toBeInstanceOf(MemoryDataset);
    expect(warn).toEqual([
      "Config from the dataset pattern '{anything}' in the catalog will be used to override the default dataset creation for 'whatever'",
    ]);
  });

  it('iterates keys in config order, lazy entries before built ones', async () => {
    const catalog = await DataCatalog.fromConfig({
      boats: { type: 'MemoryDataset' },
      cars: { type: 'MemoryDataset' },
      planes: { type: 'MemoryDataset' },
    });
    expect(catalog.keys()).toEqual(['boats', 'cars', 'planes']);
    expect([...catalog]).toEqual(['boats', 'cars', 'planes']);
    expect(catalog.size).toBe(3);
    catalog.getDataset('cars');
    expect(catalog.keys()).toEqual(['boats', 'planes', 'cars']);
    expect(catalog.listDatasets()).toEqual(catalog.keys());
    const values = catalog.values();
    expect(values).toHaveLength(3);
    expect(values.every((v) => v instanceof MemoryDataset)).toBe(true);
    // Building moves a name behind the lazy ones: all are built now, in build order.
    expect(catalog.entries().map(([name]) => name)).toEqual(['cars', 'boats', 'planes']);
  });

  it('prints one line per dataset', async () => {
    const catalog = await DataCatalog.fromConfig({ lazy: { type: 'MemoryDataset' } });
    catalog.set('numbers', [1]);
    expect(catalog.toString()).toBe("'lazy': <lazy MemoryDataset>\n'numbers': MemoryDataset(data='<Array>')");
  });

  it('rejects unsafe versions given to the catalog', () => {
    expect(() => new DataCatalog({ saveVersion: '../x' })).toThrow("Version string '../x' is not allowed.");
    expect(() => new DataCatalog({ loadVersions: { a: '..' } })).toThrow("Version string '..' is not allowed.");
  });
});
