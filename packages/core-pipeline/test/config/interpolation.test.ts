import { join } from 'node:path';
import { ConfigLoader } from '@kedro-mlflow/core-pipeline';
import { makeConf } from './conf-fixture.js';

describe('ConfigLoader: interpolation and resolvers', () => {
  it('resolves ${a.b} within an environment, keeping types for whole-value references', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'split: 0.2\nmodel:\n  test_size: ${split}\n  name: "size-${split}"\n  layers: ${sizes}\nsizes: [1, 2]\n' });
    const params = await new ConfigLoader({ confSource: conf }).get('parameters');
    expect(params.model).toEqual({ test_size: 0.2, name: 'size-0.2', layers: [1, 2] });
  });

  it('keeps an escaped \\${ literally', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'template: "\\\\${not_a_ref}"\n' });
    expect((await new ConfigLoader({ confSource: conf }).get('parameters')).template).toBe('${not_a_ref}');
  });

  it('cannot refer from base to a key defined only in local', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'a: ${b}\n', 'local/parameters.yml': 'b: 1\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow(
      `Interpolation key 'b' not found (at key 'a' in ${join(conf, 'base', 'parameters.yml')})`,
    );
  });

  it('detects circular references', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'a: ${b}\nb: ${a}\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow('Circular interpolation');
  });

  it('reads globals with defaults, env overriding base, nested keys', async () => {
    const conf = makeConf({
      'base/globals.yml': 'bucket: s3://base\nfolders:\n  raw: 01_raw\n',
      'local/globals.yml': 'bucket: s3://local\n',
      'base/catalog.yml': 'cars:\n  type: MemoryDataset\n  filepath: ${globals:bucket}/${globals:folders.raw}/cars.csv\n  other: ${globals:missing, fallback}\n',
    });
    const catalog = await new ConfigLoader({ confSource: conf }).get('catalog');
    expect(catalog.cars).toEqual({ type: 'MemoryDataset', filepath: 's3://local/01_raw/cars.csv', other: 'fallback' });
  });

  it('refuses missing globals without default and _ keys in globals', async () => {
    let conf = makeConf({ 'base/parameters.yml': 'a: ${globals:nope}\n', 'base/globals.yml': 'x: 1\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow("Globals key 'nope' not found and no default value provided.");
    conf = makeConf({ 'base/parameters.yml': 'a: 1\n', 'base/globals.yml': '_x: 1\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow("Keys starting with '_' are not supported for globals.");
  });

  it('merges runtime params over parameters and into interpolations, never into the catalog', async () => {
    const conf = makeConf({
      'base/parameters.yml': 'model:\n  lr: 0.1\n  depth: 3\nlabel: lr=${model.lr}\n',
      'base/catalog.yml': 'cars:\n  type: MemoryDataset\n  lr: ${runtime_params:model.lr, 9}\n  absent: ${runtime_params:nothing, 7}\n',
    });
    const loader = new ConfigLoader({ confSource: conf, runtimeParams: { model: { lr: 0.5 } } });
    expect(await loader.get('parameters')).toEqual({ model: { lr: 0.5, depth: 3 }, label: 'lr=0.5' });
    const catalog = await loader.get('catalog');
    expect(catalog.cars).toEqual({ type: 'MemoryDataset', lr: 0.5, absent: 7 });
    expect(catalog.model).toBeUndefined();
  });

  it('never lets runtime params erase file keys through the environment merge (kedro quirk fixed)', async () => {
    const conf = makeConf({
      'base/parameters.yml': 'model:\n  lr: 0.1\n  depth: 3\n',
      'local/parameters.yml': 'model:\n  depth: 5\nother: 1\n',
    });
    const params = await new ConfigLoader({ confSource: conf, runtimeParams: { model: { lr: 0.9 }, extra: { on: true } } }).get('parameters');
    expect(params).toEqual({ model: { depth: 5, lr: 0.9 }, other: 1, extra: { on: true } });
  });

  it('refuses runtime_params in globals and missing runtime params without default', async () => {
    let conf = makeConf({ 'base/globals.yml': 'x: ${runtime_params:y}\n', 'base/parameters.yml': 'a: 1\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow('The `runtime_params:` resolver is not supported for globals.');
    conf = makeConf({ 'base/parameters.yml': 'a: ${runtime_params:y}\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow("Runtime parameter 'y' not found and no default value provided.");
  });

  it('nests defaults: ${runtime_params:x, ${globals:y}}', async () => {
    const conf = makeConf({ 'base/globals.yml': 'y: from-globals\n', 'base/parameters.yml': 'a: ${runtime_params:x, ${globals:y}}\n' });
    expect((await new ConfigLoader({ confSource: conf }).get('parameters')).a).toBe('from-globals');
  });

  it('reads environment variables only in credentials', async () => {
    process.env.KEDRO_TEST_SECRET = 's3cr3t';
    try {
      const conf = makeConf({
        'local/credentials.yml': 'db:\n  password: ${oc.env:KEDRO_TEST_SECRET}\n  user: ${oc.env:KEDRO_TEST_UNSET, anon}\n',
        'base/parameters.yml': 'leak: ${oc.env:KEDRO_TEST_SECRET}\n',
      });
      const loader = new ConfigLoader({ confSource: conf });
      expect(await loader.get('credentials')).toEqual({ db: { password: 's3cr3t', user: 'anon' } });
      const error = (await loader.get('parameters').catch((e: unknown) => e)) as Error;
      expect(error.message).toContain('The `oc.env:` resolver only works in credentials files');
      expect(error.message).not.toContain('s3cr3t');
    } finally {
      delete process.env.KEDRO_TEST_SECRET;
    }
  });

  it('calls custom resolvers with typed arguments', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'sum: ${add:1,2,3}\nname: run-${upper:"abc"}\n' });
    const loader = new ConfigLoader({
      confSource: conf,
      customResolvers: { add: (...xs: unknown[]) => (xs as number[]).reduce((a, b) => a + b, 0), upper: (s: unknown) => String(s).toUpperCase() },
    });
    expect(await loader.get('parameters')).toEqual({ sum: 6, name: 'run-ABC' });
  });

  it('names unknown resolvers and lists the known ones', async () => {
    const conf = makeConf({ 'base/parameters.yml': 'a: ${today:}\n' });
    await expect(new ConfigLoader({ confSource: conf }).get('parameters')).rejects.toThrow(
      `Unsupported interpolation type 'today' in '\${today:}'. Known resolvers: globals, oc.env, runtime_params (at key 'a' in ${join(conf, 'base', 'parameters.yml')})`,
    );
  });
});
