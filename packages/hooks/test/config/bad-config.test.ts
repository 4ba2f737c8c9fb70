/**
 * Bad mlflow.yml content fails when the context is created, before any node runs, with a
 * ConfigError whose `file` and `keyPath` say where the problem is and whose message says what is
 * allowed there.
 */
import { join } from 'node:path';
import { ConfigError, KedroSession } from '@kedro-mlflow/core-pipeline';
import { MlflowHook, setupMlflow, getMlflowConfig } from '@kedro-mlflow/hooks';
import { makeProject, removeTempDirs, testHookOptions } from '../project.js';

afterAll(removeTempDirs);

async function configError(files: Record<string, string>): Promise<ConfigError> {
  const root = makeProject(files);
  const session = await KedroSession.create({ projectPath: root, hooks: [new MlflowHook(testHookOptions())] });
  const error = await session.loadContext().catch((e: unknown) => e);
  expect(ConfigError.isInstance(error)).toBe(true);
  return error as ConfigError;
}

describe('invalid mlflow.yml', () => {
  it('refuses an unknown key, naming the file, the key path and the keys allowed there', async () => {
    const error = await configError({ 'conf/local/mlflow.yml': 'server:\n  stores_environment_variables: {}\n' });
    expect(error.file).toMatch(/conf\/local\/mlflow\.yml$/);
    expect(error.keyPath).toBe('server.stores_environment_variables');
    expect(error.message).toContain("unknown key 'stores_environment_variables' in 'server'");
    expect(error.message).toContain("'mlflow_tracking_uri', 'mlflow_registry_uri', 'credentials', 'request_header_provider'");
  });

  it('names the base file when the bad key comes from base, not the environment file', async () => {
    const fromBase = await configError({ 'conf/base/mlflow.yml': 'tracking:\n  params:\n    dict_params:\n      flatten: "yes"\n', 'conf/local/mlflow.yml': 'ui:\n  host: localhost\n' });
    expect(fromBase.file).toMatch(/conf\/base\/mlflow\.yml$/);
    expect(fromBase.keyPath).toBe('tracking.params.dict_params.flatten');
    expect(fromBase.message).toContain('expected boolean');
  });

  it('refuses a mistyped value (a run id given as a number)', async () => {
    const error = await configError({ 'conf/base/mlflow.yml': 'tracking:\n  run:\n    id: 123456\n' });
    expect(error.keyPath).toBe('tracking.run.id');
    expect(error.message).toContain('a run id must be a string: quote it');
  });

  it('refuses an unknown long_params_strategy, listing the allowed ones', async () => {
    const error = await configError({ 'conf/base/mlflow.yml': 'tracking:\n  params:\n    long_params_strategy: drop\n' });
    expect(error.keyPath).toBe('tracking.params.long_params_strategy');
    expect(error.message).toContain(`got "drop"; allowed values: 'fail', 'truncate', 'tag'`);
  });

  it('refuses a non-boolean or unknown run_summary key, naming it', async () => {
    const notBoolean = await configError({ 'conf/base/mlflow.yml': 'tracking:\n  run_summary:\n    enabled: "no"\n' });
    expect(notBoolean.keyPath).toBe('tracking.run_summary.enabled');
    expect(notBoolean.message).toContain('expected boolean');
    const unknown = await configError({ 'conf/base/mlflow.yml': 'tracking:\n  run_summary:\n    svg: false\n' });
    expect(unknown.keyPath).toBe('tracking.run_summary.svg');
    expect(unknown.message).toContain("'enabled', 'dag_datasets'");
  });

  it('refuses a long-param limit the client cannot send, and a port out of range', async () => {
    expect((await configError({ 'conf/base/mlflow.yml': 'tracking:\n  params:\n    long_params_max_length: 10000\n' })).keyPath).toBe('tracking.params.long_params_max_length');
    expect((await configError({ 'conf/base/mlflow.yml': 'ui:\n  port: 70000\n' })).keyPath).toBe('ui.port');
  });

  it.each([
    ['sqlite:///mlflow.db', 'Unsupported tracking URI scheme'],
    ['databricks', 'Databricks workspaces are not supported'],
  ])('refuses a tracking URI this client cannot use (%s), naming the key', async (uri, text) => {
    const error = await configError({ 'conf/base/mlflow.yml': `server:\n  mlflow_tracking_uri: ${uri}\n` });
    expect(error.keyPath).toBe('server.mlflow_tracking_uri');
    expect(error.file).toMatch(/conf\/base\/mlflow\.yml$/);
    expect(error.message).toContain(text);
  });
});

describe('request_header_provider', () => {
  const PROVIDER = `export class TokenProvider {
  constructor(options) { this.options = options; this.calls = 0; }
  requestHeaders() { this.calls += 1; return { Authorization: 'Bearer ' + this.options.token }; }
}
export class NotAProvider { headers() { return {}; } }
`;

  async function setupWith(yaml: string) {
    const root = makeProject({ 'src/auth.mjs': PROVIDER, 'conf/base/mlflow.yml': yaml });
    const context = await (await KedroSession.create({ projectPath: root })).loadContext();
    return { root, context, run: async () => setupMlflow(context, await getMlflowConfig(context, { env: {} }), {}) };
  }

  it('builds the class with init_kwargs, adding kedroContext only with pass_context', async () => {
    const plain = await setupWith('server:\n  request_header_provider:\n    type: ./src/auth.mjs#TokenProvider\n    init_kwargs:\n      token: 42\n');
    const setup = await plain.run();
    expect((setup.headerProvider as unknown as { options: unknown }).options).toEqual({ token: 42 });
    await setup.client.close();
    const withContext = await setupWith('server:\n  request_header_provider:\n    type: ./src/auth.mjs#TokenProvider\n    pass_context: true\n');
    const second = await withContext.run();
    expect((second.headerProvider as unknown as { options: { kedroContext: unknown } }).options.kedroContext).toBe(withContext.context);
    await second.client.close();
  });

  it.each([
    ['./src/missing.mjs#TokenProvider', "the module './src/missing.mjs' was not found"],
    ['./src/auth.mjs#Nope', "has no export 'Nope' (its exports: NotAProvider, TokenProvider)"],
    ['./src/auth.mjs#NotAProvider', "'NotAProvider' is not a request header provider"],
    ['./src/auth.mjs', "expected '<module>#<ExportedClass>'"],
  ])('refuses %s with a ConfigError on its key', async (type, text) => {
    const { run } = await setupWith(`server:\n  request_header_provider:\n    type: ${type}\n`);
    const error = await run().catch((e: unknown) => e);
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).keyPath).toBe('server.request_header_provider.type');
    expect((error as ConfigError).file).toMatch(/conf\/base\/mlflow\.yml$/);
    expect((error as Error).message).toContain(text);
  });
});

