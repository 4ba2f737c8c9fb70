import { join } from 'node:path';
import { ConfigError, ConfigLoader, type ConfigLoaderOptions } from '@kedro-mlflow/core-pipeline';
import { makeConf } from './conf-fixture.js';

/** The ConfigError `loader.get(key)` fails with; fails the test when it resolves. */
async function configError(files: Record<string, string>, key: string, options: Partial<ConfigLoaderOptions> = {}): Promise<{ error: ConfigError; conf: string }> {
  const conf = makeConf(files);
  const outcome = await new ConfigLoader({ confSource: conf, ...options }).get(key).then(
    () => new Error(`get('${key}') resolved`),
    (error: unknown) => error,
  );
  expect(ConfigError.isInstance(outcome)).toBe(true);
  return { error: outcome as ConfigError, conf };
}

describe('every ConfigError of the loader names its file', () => {
  it('an unknown interpolation key, in the message and the fields', async () => {
    const { error, conf } = await configError({ 'base/parameters.yml': 'a: ${nope.key}\n' }, 'parameters');
    const file = join(conf, 'base', 'parameters.yml');
    expect(error.message).toBe(`Interpolation key 'nope.key' not found (at key 'a' in ${file})`);
    expect(error).toMatchObject({ file, keyPath: 'a' });
  });

  it('the one file, of several in an environment, that holds the key', async () => {
    const { error, conf } = await configError(
      {
        'base/catalog.yml': 'cars:\n  type: MemoryDataset\n',
        'base/catalog_extra.yml': 'boats:\n  type: MemoryDataset\n  filepath: ${nowhere}\n',
        'base/more/catalog.yml': 'planes:\n  type: MemoryDataset\n',
      },
      'catalog',
    );
    const file = join(conf, 'base', 'catalog_extra.yml');
    expect(error.message).toBe(`Interpolation key 'nowhere' not found (at key 'boats.filepath' in ${file})`);
    expect(error).toMatchObject({ file, keyPath: 'boats.filepath' });
  });

  it('the parameters file holding the sub-key when files share a top-level key', async () => {
    const { error, conf } = await configError(
      {
        'base/parameters.yml': 'model:\n  size: 1\n',
        'base/parameters_train.yml': 'model:\n  epochs: ${missing}\n',
      },
      'parameters',
    );
    expect(error.file).toBe(join(conf, 'base', 'parameters_train.yml'));
    expect(error.message).toContain(`(at key 'model.epochs' in ${join(conf, 'base', 'parameters_train.yml')})`);
  });

  it('the file of a key whose name has dots', async () => {
    const { error, conf } = await configError(
      { 'base/catalog.yml': 'cars:\n  type: MemoryDataset\n', 'base/catalog_raw.yml': '"raw.cars":\n  type: ${missing}\n' },
      'catalog',
    );
    expect(error).toMatchObject({ file: join(conf, 'base', 'catalog_raw.yml'), keyPath: 'raw.cars.type' });
  });

  it('the env file, not the base one, for a key of the env', async () => {
    const { error, conf } = await configError({ 'base/parameters.yml': 'a: 1\n', 'local/parameters.yml': 'b: ${c}\n' }, 'parameters');
    expect(error.file).toBe(join(conf, 'local', 'parameters.yml'));
  });

  it('a malformed template', async () => {
    const { error, conf } = await configError({ 'base/parameters.yml': 'a: "${b"\n' }, 'parameters');
    const file = join(conf, 'base', 'parameters.yml');
    expect(error.message).toBe(`Unclosed interpolation in '\${b': a '\${' has no matching '}' (at key 'a' in ${file})`);
    expect(error.file).toBe(file);
  });

  it('an invalid interpolation and a failing resolver', async () => {
    const invalid = await configError({ 'base/parameters.yml': 'x: 1\na: ${b c}\n' }, 'parameters');
    expect(invalid.error.message).toBe(`Invalid interpolation '\${b c}' (at key 'a' in ${join(invalid.conf, 'base', 'parameters.yml')})`);
    const failing = await configError({ 'base/parameters.yml': 'a: ${boom:}\n' }, 'parameters', {
      customResolvers: {
        boom: () => {
          throw new Error('no luck');
        },
      },
    });
    expect(failing.error.message).toBe(`Resolver 'boom' failed on '\${boom:}': no luck (at key 'a' in ${join(failing.conf, 'base', 'parameters.yml')})`);
  });

  it('errors of the built-in resolvers', async () => {
    const globals = await configError({ 'base/globals.yml': 'bucket: b\n', 'base/catalog.yml': 'cars:\n  filepath: ${globals:nope}\n' }, 'catalog');
    expect(globals.error.message).toBe(
      `Globals key 'nope' not found and no default value provided. (at key 'cars.filepath' in ${join(globals.conf, 'base', 'catalog.yml')})`,
    );
    const env = await configError({ 'base/parameters.yml': 'token: ${oc.env:HOME}\n' }, 'parameters');
    expect(env.error.file).toBe(join(env.conf, 'base', 'parameters.yml'));
    expect(env.error.message).toContain(`(at key 'token' in ${join(env.conf, 'base', 'parameters.yml')})`);
  });

  it('errors in globals files', async () => {
    const underscore = await configError({ 'base/globals.yml': 'a: 1\n', 'local/globals.yml': '_hidden: 1\n', 'base/catalog.yml': 'x: 1\n' }, 'catalog');
    const file = join(underscore.conf, 'local', 'globals.yml');
    expect(underscore.error.message).toBe(`Keys starting with '_' are not supported for globals. (at key '_hidden' in ${file})`);
    expect(underscore.error).toMatchObject({ file, keyPath: '_hidden' });
    const missing = await configError({ 'base/globals.yml': 'a: ${b}\n', 'base/catalog.yml': 'x: 1\n' }, 'catalog');
    expect(missing.error).toMatchObject({ file: join(missing.conf, 'base', 'globals.yml'), keyPath: 'a' });
  });

  it('no file for a runtime parameter, which comes from no file', async () => {
    const { error } = await configError({ 'base/parameters.yml': 'a: 1\n' }, 'parameters', { runtimeParams: { r: '${nope}' } });
    expect(error.message).toBe("Interpolation key 'nope' not found (at key 'r')");
    expect(error.file).toBeUndefined();
    expect(error.keyPath).toBe('r');
  });
});
