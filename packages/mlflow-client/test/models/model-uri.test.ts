/** Model URI parsing: every form MLflow accepts, and malformed or escaping ones refused before any request. */
import { InvalidModelUriError, MlflowApiError, parseModelUri } from '@kedro-mlflow/mlflow-client';

describe('parseModelUri', () => {
  it.each([
    ['runs:/abc123/model', { kind: 'run', runId: 'abc123', path: 'model' }],
    ['runs:/abc123/model/sub/./file.txt', { kind: 'run', runId: 'abc123', path: 'model/sub/file.txt' }],
    ['runs:/abc123', { kind: 'run', runId: 'abc123', path: '' }],
    ['models:/m-0123456789abcdef0123456789abcdef', { kind: 'logged-model', modelId: 'm-0123456789abcdef0123456789abcdef' }],
    ['models:/clf/3', { kind: 'model-version', name: 'clf', version: '3', path: '' }],
    ['models:/clf/007/data/weights.bin', { kind: 'model-version', name: 'clf', version: '7', path: 'data/weights.bin' }],
    ['models:/my model/1', { kind: 'model-version', name: 'my model', version: '1', path: '' }],
    ['models:/clf@champion', { kind: 'model-alias', name: 'clf', alias: 'champion', path: '' }],
    ['models:/team@clf@prod/MLmodel', { kind: 'model-alias', name: 'team@clf', alias: 'prod', path: 'MLmodel' }],
    ['models:/clf/latest', { kind: 'model-latest', name: 'clf', path: '' }],
    ['models:/clf/LATEST/', { kind: 'model-latest', name: 'clf', path: '' }],
    ['models:/clf/production', { kind: 'model-latest', name: 'clf', stage: 'Production', path: '' }],
    ['models:/clf/Staging', { kind: 'model-latest', name: 'clf', stage: 'Staging', path: '' }],
    ['file:///tmp/model', { kind: 'artifact', scheme: 'file' }],
    ['/tmp/model', { kind: 'artifact', scheme: 'file' }],
    ['relative/model', { kind: 'artifact', scheme: 'file' }],
    ['mlflow-artifacts:/1/models/m-1/artifacts', { kind: 'artifact', scheme: 'mlflow-artifacts' }],
    ['https://host/api/2.0/mlflow-artifacts/artifacts/1/x', { kind: 'artifact', scheme: 'https' }],
  ])('parses %s', (uri, expected) => {
    expect(parseModelUri(uri)).toEqual({ uri, ...expected });
  });

  it.each([
    ['', 'it is empty'],
    ['models:', 'expected one of'],
    ['models:/', 'no model named'],
    ['models://clf/1', 'expected one of'],
    ['models:/clf/one', '"one" is not a version number'],
    ['models:/clf@', 'both parts non-empty'],
    ['models:/@prod', 'both parts non-empty'],
    ['models:/ /1', 'empty model name'],
    ['runs:/', 'is not a run ID'],
    ['runs:abc/model', "runs URIs look like 'runs:/<run_id>/<path>'"],
    ['runs:/../etc/passwd', 'is not a run ID'],
    ['runs:/abc/../../etc/passwd', "contains '..'"],
    ['runs:/abc/%2e%2e/secret', "contains '..'"],
    ['runs:/abc/a/%252e%252e/b', "contains '..'"],
    ['models:/clf/1/../../other', "contains '..'"],
    ['models:/clf@prod/a\\..\\b', 'backslash'],
    ['s3://bucket/model', "unsupported scheme 's3:'"],
  ])('refuses %j', (uri, message) => {
    let error: unknown;
    try {
      parseModelUri(uri);
    } catch (e) {
      error = e;
    }
    expect(InvalidModelUriError.isInstance(error)).toBe(true);
    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect((error as InvalidModelUriError).errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect((error as Error).message).toContain(message);
  });
});
