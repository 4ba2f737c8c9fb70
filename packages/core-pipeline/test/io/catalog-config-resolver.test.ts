import { CatalogConfigResolver, DatasetError, captureLogs } from '@kedro-mlflow/core-pipeline';

const csv = (filepath: string): Record<string, unknown> => ({ type: 'CSVDataset', filepath });

describe('CatalogConfigResolver', () => {
  it('separates explicit entries from patterns and ranks the patterns', () => {
    const resolver = new CatalogConfigResolver({
      config: {
        cars: csv('cars.csv'),
        '{name}': { type: 'MemoryDataset' },
        'data/{d}': csv('{d}.csv'),
        'path/{d}/file': csv('{d}.csv'),
        'path/to/{d}/data': csv('{d}.csv'),
      },
      defaultRuntimePatterns: { '{default}': { type: 'MemoryDataset' } },
    });
    expect(Object.keys(resolver.config)).toEqual(['cars']);
    expect(resolver.listPatterns()).toEqual(['path/to/{d}/data', 'path/{d}/file', 'data/{d}', '{name}', '{default}']);
  });

  it('lists ranked dataset patterns, the user catch-all, then runtime patterns', () => {
    const resolver = new CatalogConfigResolver({
      config: { '{namespace}.int_{name}': csv('{name}.csv') },
      defaultRuntimePatterns: { '{default}': { type: 'MemoryDataset' } },
    });
    expect(resolver.listPatterns()).toEqual(['{namespace}.int_{name}', '{default}']);
  });

  it('rejects more than one catch-all pattern', () => {
    expect(
      () => new CatalogConfigResolver({ config: { '{a}': { type: 'MemoryDataset' }, '{b}': { type: 'MemoryDataset' } } }),
    ).toThrow(
      new DatasetError(
        'Multiple catch-all patterns found in the catalog: {a}, {b}. Only one catch-all pattern is allowed, remove the extras.',
      ),
    );
  });

  it.each([
    ['{dataset}#excel', { type: 'ExcelDataset', filepath: 'data/{user}.xlsx' }, "{'{user}'}"],
    ['{a}', { type: 'MemoryDataset', load_args: { nested: ['{b}', '{a}'] } }, "{'{b}'}"],
    ['{a}_x', { type: 'MemoryDataset', filepath: '{}.csv' }, "{'{}'}"],
  ])('rejects placeholders of %s that the pattern does not define', (pattern, config, shown) => {
    expect(() => new CatalogConfigResolver({ config: { [pattern]: config } })).toThrow(
      `Incorrect dataset configuration provided. Keys used in the configuration ${shown} should be present in the dataset pattern name ${pattern}.`,
    );
  });

  it('accepts escaped braces in pattern configs', () => {
    const resolver = new CatalogConfigResolver({ config: { '{a}_x': { type: 'MemoryDataset', sep: '{{' } } });
    expect(resolver.resolvePattern('q_x')).toEqual({ type: 'MemoryDataset', sep: '{' });
  });

  it('fills placeholders into strings, arrays and nested objects, leaving class instances alone', () => {
    class Point {
      constructor(readonly label: string) {}
    }
    const point = new Point('{name}');
    const resolver = new CatalogConfigResolver({
      config: {
        '{namespace}.{name}': {
          type: 'CSVDataset',
          filepath: 'data/{namespace}/{name}.csv',
          columns: ['{name}_id', 3],
          load_args: { deep: { names: ['{namespace}'] }, count: 2 },
          point,
        },
      },
    });
    const config = resolver.resolvePattern('raw.cars.v2') as Record<string, unknown>;
    expect(config).toEqual({
      type: 'CSVDataset',
      filepath: 'data/raw/cars.v2.csv',
      columns: ['cars.v2_id', 3],
      load_args: { deep: { names: ['raw'] }, count: 2 },
      point,
    });
    expect(config.point).toBe(point);
    expect(point.label).toBe('{name}');
  });

  it('returns explicit entries as they are, even when a pattern matches', () => {
    const resolver = new CatalogConfigResolver({ config: { cars_csv: csv('explicit.csv'), '{name}_csv': csv('{name}.csv') } });
    expect(resolver.resolvePattern('cars_csv')).toEqual(csv('explicit.csv'));
    expect(resolver.resolvePattern('boats_csv')).toEqual(csv('boats.csv'));
  });

  it('uses the best-ranked matching pattern, then the catch-all, then runtime patterns', () => {
    const logs = captureLogs();
    const resolver = new CatalogConfigResolver({
      config: { '{a}.{b}': csv('two/{a}/{b}'), 'x.{b}': csv('x/{b}'), '{any}': csv('all/{any}') },
      defaultRuntimePatterns: { '{default}': { type: 'MemoryDataset' } },
    });
    try {
      expect(resolver.resolvePattern('x.y')).toEqual(csv('x/y'));
      expect(resolver.resolvePattern('p.q')).toEqual(csv('two/p/q'));
      expect(logs.messages('warn')).toEqual([]);
      expect(resolver.resolvePattern('single')).toEqual(csv('all/single'));
    } finally {
      logs.restore();
    }
    expect(logs.messages('warn')).toEqual([
      "Config from the dataset pattern '{any}' in the catalog will be used to override the default dataset creation for 'single'",
    ]);
    expect(resolver.matchDatasetPattern('single')).toBeUndefined();
    expect(resolver.matchUserCatchAllPattern('single')).toBe('{any}');
    expect(resolver.matchRuntimePattern('single')).toBe('{default}');
    expect(resolver.matchPattern('x.y')).toBe('x.{b}');
  });

  it('falls back to runtime patterns, or nothing', () => {
    const withRuntime = new CatalogConfigResolver({ defaultRuntimePatterns: { '{default}': { type: 'MemoryDataset' } } });
    expect(withRuntime.resolvePattern('anything')).toEqual({ type: 'MemoryDataset' });
    expect(new CatalogConfigResolver().resolvePattern('anything')).toBeUndefined();
    expect(new CatalogConfigResolver().matchPattern('anything')).toBeUndefined();
  });

  it('hands out copies, so callers cannot change the stored config', () => {
    const resolver = new CatalogConfigResolver({ config: { cars: { type: 'CSVDataset', load_args: { sep: ',' } } } });
    const first = resolver.resolvePattern('cars') as { load_args: { sep: string } };
    first.load_args.sep = ';';
    expect(resolver.resolvePattern('cars')).toEqual({ type: 'CSVDataset', load_args: { sep: ',' } });
  });

  it('ignores keys starting with an underscore', () => {
    const resolver = new CatalogConfigResolver({ config: { _template: 'anything', cars: csv('a.csv') } });
    expect(Object.keys(resolver.config)).toEqual(['cars']);
  });

  it('removes explicit entries on request', () => {
    const resolver = new CatalogConfigResolver({ config: { cars: csv('a.csv') } });
    resolver.removeConfig('cars');
    expect(resolver.config).toEqual({});
    expect(resolver.getUnresolvedConfig('cars')).toBeUndefined();
  });

  it('rejects a configuration that is not an object', () => {
    expect(() => new CatalogConfigResolver({ config: [] as never })).toThrow(
      "The catalog configuration must be an object of dataset entries, got 'Array'.",
    );
    expect(() => new CatalogConfigResolver({ credentials: 'x' as never })).toThrow(
      "The credentials must be an object of named credentials, got 'string'.",
    );
  });
});

describe('credentials', () => {
  const credentials = {
    s3: { key: 'FAKE_ACCESS_KEY', secret: 'FAKE_SECRET_KEY' },
    other: { client_kwargs: { aws_access_key_id: 'OTHER_KEY' } },
  };

  it('replaces credentials references at any depth, eagerly', () => {
    const resolver = new CatalogConfigResolver({
      config: {
        cars: { type: 'CSVDataset', credentials: 's3' },
        boats: { type: 'CSVDataset', credentials: { client_kwargs: { credentials: 'other' }, key: 'inline' } },
      },
      credentials,
    });
    expect(resolver.config.cars).toEqual({ type: 'CSVDataset', credentials: credentials.s3 });
    expect(resolver.config.boats).toEqual({
      type: 'CSVDataset',
      credentials: { client_kwargs: { credentials: credentials.other }, key: 'inline' },
    });
    expect(resolver.getUnresolvedConfig('cars')).toEqual({ type: 'CSVDataset', credentials: 's3' });
    expect(resolver.resolvePattern('cars', { resolveCredentials: false })).toEqual({ type: 'CSVDataset', credentials: 's3' });
    expect(resolver.referencedCredentials({ type: 'x', credentials: 's3' })).toEqual({ s3: credentials.s3 });
  });

  it('names the missing credentials and never prints credential values', () => {
    const make = (): CatalogConfigResolver =>
      new CatalogConfigResolver({ config: { cars: { type: 'CSVDataset', credentials: 'missing' } }, credentials });
    expect(make).toThrow(
      "Unable to find credentials 'missing': check your data catalog and credentials configuration. Dataset 'cars' refers to it with 'credentials: missing'",
    );
    expect(make).toThrow(DatasetError);
    try {
      make();
    } catch (error) {
      expect((error as Error).message).not.toContain('FAKE');
    }
  });

  it('checks pattern credentials eagerly and resolves them per dataset', () => {
    expect(
      () => new CatalogConfigResolver({ config: { '{name}_csv': { type: 'CSVDataset', credentials: 'nope' } }, credentials }),
    ).toThrow("Unable to find credentials 'nope'");
    const resolver = new CatalogConfigResolver({
      config: { '{name}_csv': { type: 'CSVDataset', credentials: 's3' }, '{env}_db': { type: 'SQL', credentials: '{env}' } },
      credentials,
    });
    expect(resolver.resolvePattern('cars_csv')).toEqual({ type: 'CSVDataset', credentials: credentials.s3 });
    // A reference built from a placeholder is resolved once the name is known.
    expect(resolver.resolvePattern('other_db')).toEqual({ type: 'SQL', credentials: credentials.other });
    expect(() => resolver.resolvePattern('prod_db')).toThrow("Unable to find credentials 'prod'");
  });

  it('does not format placeholders inside credential values', () => {
    const resolver = new CatalogConfigResolver({
      config: { '{name}_csv': { type: 'CSVDataset', credentials: 'braces' } },
      credentials: { braces: { password: 'p{name}w}' } },
    });
    expect(resolver.resolvePattern('cars_csv')).toEqual({ type: 'CSVDataset', credentials: { password: 'p{name}w}' } });
  });
});
