/**
 * A malformed tracking or registry URI in mlflow.yml is a ConfigError naming the file and the key
 * when the context is created (not a bare TypeError from URL parsing, nor a connection error to a
 * host nobody wrote), and the credentials in it never reach the message.
 */
import { ConfigError, KedroSession } from '@kedro-mlflow/core-pipeline';
import { MlflowHook } from '@kedro-mlflow/hooks';
import { UnsupportedUriError } from '@kedro-mlflow/mlflow-client';
import { makeProject, removeTempDirs, testHookOptions } from '../project.js';

afterAll(removeTempDirs);

async function configError(key: string, uri: string): Promise<ConfigError> {
  const root = makeProject({ 'conf/base/mlflow.yml': `server:\n  ${key}: ${JSON.stringify(uri)}\n` });
  const session = await KedroSession.create({ projectPath: root, hooks: [new MlflowHook(testHookOptions())] });
  const error = await session.loadContext().catch((e: unknown) => e);
  expect(ConfigError.isInstance(error)).toBe(true);
  return error as ConfigError;
}

describe.each(['mlflow_tracking_uri', 'mlflow_registry_uri'])('server.%s', (key) => {
  it.each([
    ['http://', 'it is not a URL with a host'],
    ['https://user:s3cret@', 'it is not a URL with a host'],
    ['http://[::1', 'it is not a URL with a host'],
    ['file://remote-host/mlruns', 'File URL host must be "localhost" or empty'],
  ])('%j is refused, naming the file and the key', async (uri, reason) => {
    const error = await configError(key, uri);
    expect(error.keyPath).toBe(`server.${key}`);
    expect(error.file).toMatch(/conf\/base\/mlflow\.yml$/);
    expect(error.message).toContain(`'server.${key}': Malformed ${key === 'mlflow_tracking_uri' ? 'tracking' : 'registry'} URI`);
    expect(error.message).toContain(reason);
    expect(UnsupportedUriError.isInstance(error.cause)).toBe(true);
    expect(error.message).not.toContain('s3cret');
  });
});
