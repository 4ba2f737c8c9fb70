import { classifyStoreUri, joinArtifactPath, MlflowApiError, normalizeArtifactPath, resolveMlflowArtifactsUri, resolveTrackingUri, UnsupportedUriError } from '@kedro-mlflow/mlflow-client';
import { resolve } from 'node:path';

describe('artifact paths', () => {
  it('normalises harmless paths', () => {
    expect(normalizeArtifactPath(undefined)).toBe('');
    expect(normalizeArtifactPath('')).toBe('');
    expect(normalizeArtifactPath('./a//b/./c/')).toBe('a/b/c');
    expect(normalizeArtifactPath('model/MLmodel')).toBe('model/MLmodel');
    expect(normalizeArtifactPath('a..b/c...')).toBe('a..b/c...');
    expect(joinArtifactPath('a', undefined, 'b/c', '')).toBe('a/b/c');
  });

  it.each(['..', '../x', 'a/../../b', '/etc/passwd', 'C:/x', 'a\\..\\b', '%2e%2e/x', 'a/%252e%252e/b', 'x\0y', 'file:///etc'])('refuses %j with INVALID_PARAMETER_VALUE', (path) => {
    let caught: unknown;
    try {
      normalizeArtifactPath(path);
    } catch (error) {
      caught = error;
    }
    expect(MlflowApiError.isInstance(caught)).toBe(true);
    expect((caught as MlflowApiError).errorCode).toBe('INVALID_PARAMETER_VALUE');
  });
});

describe('mlflow-artifacts URIs', () => {
  it('resolve against the tracking server, keeping its path prefix', () => {
    expect(resolveMlflowArtifactsUri('mlflow-artifacts:/1/abc/artifacts', 'http://h:5000')).toBe('http://h:5000/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts');
    expect(resolveMlflowArtifactsUri('mlflow-artifacts:/1/abc/artifacts', 'https://h/mlflow/')).toBe('https://h/mlflow/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts');
    expect(resolveMlflowArtifactsUri('mlflow-artifacts:/', 'http://h:5000')).toBe('http://h:5000/api/2.0/mlflow-artifacts/artifacts');
  });

  it('use an explicit host:port with the tracking scheme, never the tracking credentials in the URL', () => {
    expect(resolveMlflowArtifactsUri('mlflow-artifacts://other:6000/2/x', 'https://u:secret@h')).toBe('https://other:6000/api/2.0/mlflow-artifacts/artifacts/2/x');
    expect(resolveMlflowArtifactsUri('mlflow-artifacts:/2/x', 'https://u:secret@h')).not.toContain('secret');
  });

  it('need an http(s) tracking URI', () => {
    expect(() => resolveMlflowArtifactsUri('mlflow-artifacts:/1', '/tmp/mlruns')).toThrow(/not an http\(s\) URL/);
  });
});

describe('tracking URIs', () => {
  it('explicit > MLFLOW_TRACKING_URI > ./mlruns', () => {
    expect(resolveTrackingUri('http://a', { MLFLOW_TRACKING_URI: 'http://b' })).toBe('http://a');
    expect(resolveTrackingUri(undefined, { MLFLOW_TRACKING_URI: 'http://b' })).toBe('http://b');
    expect(resolveTrackingUri(undefined, {})).toBe(resolve('mlruns'));
  });

  it('classifies http and local stores', () => {
    expect(classifyStoreUri('https://x/y').kind).toBe('http');
    expect(classifyStoreUri('file:///tmp/mlruns')).toEqual({ kind: 'file', uri: 'file:///tmp/mlruns', path: '/tmp/mlruns' });
    expect(classifyStoreUri('./mlruns')).toMatchObject({ kind: 'file', path: resolve('mlruns') });
  });

  it.each([
    ['sqlite:///mlflow.db', /mlflow server --backend-store-uri sqlite/],
    ['databricks', /Databricks/],
    ['s3://bucket/x', /Unsupported tracking URI scheme 's3'/],
  ])('refuses %s with a hint', (uri, message) => {
    let caught: unknown;
    try {
      classifyStoreUri(uri);
    } catch (error) {
      caught = error;
    }
    expect(UnsupportedUriError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(message);
  });
});
