import { ConfigError, ConfigLoader, MissingConfigError } from '@kedro-mlflow/core-pipeline';
import { makeConf } from './conf-fixture.js';

describe('ConfigLoader: environments and files', () => {
  it('lets local override base at the top level (destructive merge)', async () => {
    const conf = makeConf({
      'base/parameters.yml': 'model:\n  lr: 0.1\n  depth: 3\nseed: 1\n',
      'local/parameters.yml': 'model:\n  lr: 0.5\n',
    });
    const params = await new ConfigLoader({ confSource: conf }).get('parameters');
    expect(params).toEqual({ model: { lr: 0.5 }, seed: 1 });
  });

  it('deep-merges with the soft strategy', async () => {
    const conf = makeConf({
      'base/parameters.yml': 'model:\n  lr: 0.1\n  depth: 3\n',
      'local/parameters.yml': 'model:\n  lr: 0.5\n',
    });
    const params = await new ConfigLoader({ confSource: conf, mergeStrategy: { parameters: 'soft' } }).get('parameters');
    expect(params).toEqual({ model: { lr: 0.5, depth: 3 } });
  });

  it('refuses an unknown merge strategy', () => {
    expect(() => new ConfigLoader({ confSource: '/tmp', mergeStrategy: { parameters: 'hard' } })).toThrow(
      "Merging strategy hard not supported for 'parameters'. The accepted merging strategies are ['soft', 'destructive'].",
    );
  });

  it('merges every matching file of an environment, including sub-folders', async () => {
    const conf = makeConf({
      'base/catalog.yml': 'cars:\n  type: MemoryDataset\n',
      'base/catalog/boats.yml': 'boats:\n  type: MemoryDataset\n',
      'base/pipelines/ds/catalog_ds.yaml': 'planes:\n  type: MemoryDataset\n',
      'base/notes.txt': 'ignored',
      'base/catalog.txt': 'ignored: too',
    });
    const catalog = await new ConfigLoader({ confSource: conf }).get('catalog');
    expect(Object.keys(catalog).sort()).toEqual(['boats', 'cars', 'planes']);
  });

  it('reports duplicate top-level keys within one environment, naming both files', async () => {
    const conf = makeConf({
      'base/catalog.yml': 'cars:\n  type: MemoryDataset\ntrains:\n  type: MemoryDataset\n',
      'base/catalog_2.yml': 'cars:\n  type: MemoryDataset\ntrains:\n  type: MemoryDataset\n',
    });
    const error = await new ConfigLoader({ confSource: conf }).get('catalog').catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Duplicate keys found in .*catalog\.yml and .*catalog_2\.yml: cars, trains/);
  });

  it('allows parameter files to share a top-level key with different sub-keys, and ignores _ keys', async () => {
    const conf = makeConf({
      'base/parameters.yml': 'model:\n  lr: 0.1\n_template: 1\n',
      'base/parameters_other.yml': 'model:\n  depth: 4\n_template: 2\n',
    });
    const params = await new ConfigLoader({ confSource: conf }).get('parameters');
    expect(params.model).toEqual({ lr: 0.1, depth: 4 });
  });

  it('drops _-prefixed top-level keys from the catalog but uses them for interpolation', async () => {
    const conf = makeConf({ 'base/catalog.yml': '_csv:\n  type: CSVDataset\ncars:\n  type: ${_csv.type}\n  filepath: data/cars.csv\n' });
    const catalog = await new ConfigLoader({ confSource: conf }).get('catalog');
    expect(catalog).toEqual({ cars: { type: 'CSVDataset', filepath: 'data/cars.csv' } });
  });

  it('fails for a missing environment folder, and for a key without patterns', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'a: 1\n' });
    await expect(new ConfigLoader({ confSource: conf, env: 'prod' }).get('parameters')).rejects.toThrow(
      /Given configuration path either does not exist or is not a valid directory: .*conf\/prod/,
    );
    await expect(new ConfigLoader({ confSource: conf }).get('spark')).rejects.toThrow("No config patterns were found for 'spark' in your config loader");
  });

  it('fails when no file matches in base or env', async () => {
    const conf = makeConf({});
    const error = await new ConfigLoader({ confSource: conf }).get('catalog').catch((e: unknown) => e);
    expect(MissingConfigError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('No files of YAML or JSON format found in');
  });

  it('points at the file, line and position of invalid YAML', async () => {
    const conf = makeConf({ 'base/catalog.yml': 'cars:\n  type: MemoryDataset\n  bad: [unclosed\n' });
    const error = (await new ConfigLoader({ confSource: conf }).get('catalog').catch((e: unknown) => e)) as ConfigError;
    expect(ConfigError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^Invalid YAML or JSON file .*catalog\.yml, unable to read line \d+, position \d+\./);
    expect(error.file).toMatch(/catalog\.yml$/);
    expect(error.line).toBeGreaterThan(1);
  });

  it('reports a duplicated key inside one YAML file', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'a: 1\na: 2\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow(/Invalid YAML or JSON file .*parameters\.yml/);
  });

  it('ignores hidden files and folders unless asked', async () => {
    const conf = makeConf({
      'base/parameters.yml': 'a: 1\n',
      'base/.ipynb_checkpoints/parameters.yml': 'b: 2\n',
      'base/.hidden_parameters.yml': 'c: 3\n',
    });
    expect(await new ConfigLoader({ confSource: conf }).get('parameters')).toEqual({ a: 1 });
    expect(await new ConfigLoader({ confSource: conf, ignoreHidden: false }).get('parameters')).toEqual({ a: 1, b: 2 });
  });

  it('reads JSON files and extra keys added by plugins', async () => {
    const conf = makeConf({ 'base/mlflow.json': '{"server": {"mlflow_tracking_uri": "mlruns"}}' });
    const loader = new ConfigLoader({ confSource: conf, configPatterns: { mlflow: ['mlflow*', '**/mlflow*'] } });
    expect(loader.keys()).toContain('mlflow');
    expect(await loader.get('mlflow')).toEqual({ server: { mlflow_tracking_uri: 'mlruns' } });
  });

  it('returns values set directly without reading files', async () => {
    const loader = new ConfigLoader({ confSource: '/does/not/exist' });
    loader.set('parameters', { x: 1 });
    expect(await loader.get('parameters')).toEqual({ x: 1 });
  });
});
