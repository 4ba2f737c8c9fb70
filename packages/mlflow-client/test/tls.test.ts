/**
 * TLS to a real MLflow server (HTTPS terminated by the test proxy with a self-signed certificate):
 * refused by default with a hint and no retries, accepted with MLFLOW_TRACKING_INSECURE_TLS or with
 * the certificate as MLFLOW_TRACKING_SERVER_CERT_PATH.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlflowAvailable, sharedMlflowServer, startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient, MlflowConnectionError } from '@kedro-mlflow/mlflow-client';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('TLS in front of a real MLflow server', () => {
  let dir: string;
  let proxy: FaultProxy;
  let certPath: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'tls-'));
    certPath = join(dir, 'cert.pem');
    const keyPath = join(dir, 'key.pem');
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', keyPath, '-out', certPath, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    proxy = await startFaultProxy((await sharedMlflowServer()).url, { tls: { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8') } });
  }, 120_000);

  afterAll(async () => {
    await proxy?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('refuses an untrusted certificate at once, saying what to do', async () => {
    const client = new MlflowClient({ trackingUri: proxy.url, maxRetries: 3, backoffFactorMs: 1000, env: {} });
    let caught: unknown;
    try {
      await client.getExperiment('0');
    } catch (error) {
      caught = error;
    }
    expect(MlflowConnectionError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({ attempts: 1, code: expect.stringMatching(/SELF_SIGNED|CERT/) });
    expect((caught as Error).message).toMatch(/MLFLOW_TRACKING_SERVER_CERT_PATH/);
    await client.close();
  });

  it('accepts it with MLFLOW_TRACKING_INSECURE_TLS=true', async () => {
    const client = new MlflowClient({ trackingUri: proxy.url, env: { MLFLOW_TRACKING_INSECURE_TLS: 'true' } });
    expect((await client.getExperiment('0')).name).toBe('Default');
    await client.close();
  });

  it('accepts it when trusted through MLFLOW_TRACKING_SERVER_CERT_PATH', async () => {
    const client = new MlflowClient({ trackingUri: proxy.url, env: { MLFLOW_TRACKING_SERVER_CERT_PATH: certPath } });
    expect((await client.getExperiment('0')).name).toBe('Default');
    await client.close();
  });
});
