/**
 * Authentication against a REAL MLflow server running its basic-auth app (`--app-name basic-auth`):
 * credentials from options, from the standard environment variables, from the URI and from a
 * header provider reach every request (tracking and artifacts), and a refusal is a typed 401 error
 * that never shows the credentials.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MlflowApiError, MlflowClient } from '@kedro-mlflow/mlflow-client';
import { mlflowAvailable, startMlflowServer, type MlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { captureLogs } from './fluent/helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;
// The basic-auth app checks the password hash on every request: slow on a busy machine, not wrong.
jest.setTimeout(120_000);
const PASSWORD = 'Adm1n-pass-for-tests';
const fast = { maxRetries: 1, backoffFactorMs: 10, backoffJitterMs: 0 };

withMlflow('basic auth against the real server', () => {
  let server: MlflowServer;
  const uniq = () => `auth-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;

  beforeAll(async () => {
    server = await startMlflowServer({
      extraArgs: ['--app-name', 'basic-auth'],
      env: { MLFLOW_FLASK_SERVER_SECRET_KEY: 'tests-only-secret', MLFLOW_AUTH_ADMIN_PASSWORD: PASSWORD },
    });
  }, 180_000);

  afterAll(async () => {
    await server?.stop();
  });

  it('logs runs and artifacts with username and password from the options', async () => {
    const client = new MlflowClient({ trackingUri: server.url, username: 'admin', password: PASSWORD, ...fast });
    try {
      const experimentId = await client.createExperiment(uniq());
      const run = await client.createRun(experimentId);
      await client.logBatch(run.info.runId, { params: { lr: 0.1 }, metrics: [{ key: 'loss', value: 0.5, step: 1 }] });
      const dir = mkdtempSync(join(tmpdir(), 'auth-art-'));
      writeFileSync(join(dir, 'note.txt'), 'behind auth');
      await client.logArtifact(run.info.runId, join(dir, 'note.txt'), 'notes');
      const local = await client.downloadArtifacts(run.info.runId, 'notes/note.txt', mkdtempSync(join(tmpdir(), 'auth-dl-')));
      expect(readFileSync(local, 'utf8')).toBe('behind auth');
      expect((await client.getRun(run.info.runId)).data.params).toEqual({ lr: '0.1' });
    } finally {
      await client.close();
    }
  });

  it('reads MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD, and user:pass@ in the URI', async () => {
    const fromEnv = new MlflowClient({ trackingUri: server.url, env: { MLFLOW_TRACKING_USERNAME: 'admin', MLFLOW_TRACKING_PASSWORD: PASSWORD }, ...fast });
    const fromUri = new MlflowClient({ trackingUri: server.url.replace('http://', `http://admin:${encodeURIComponent(PASSWORD)}@`), ...fast });
    try {
      const id = await fromEnv.createExperiment(uniq());
      expect((await fromUri.getExperiment(id)).experimentId).toBe(id);
    } finally {
      await fromEnv.close();
      await fromUri.close();
    }
  });

  it('calls the header provider before every request', async () => {
    let calls = 0;
    const basic = `Basic ${Buffer.from(`admin:${PASSWORD}`).toString('base64')}`;
    const client = new MlflowClient({ trackingUri: server.url, headerProvider: async () => ({ Authorization: (calls++, basic) }), ...fast });
    try {
      const id = await client.createExperiment(uniq());
      await client.getExperiment(id);
      expect(calls).toBe(2);
    } finally {
      await client.close();
    }
  });

  it('turns a refusal into a 401 UNAUTHENTICATED error that never shows the credentials', async () => {
    const logs = captureLogs();
    const wrong = new MlflowClient({ trackingUri: server.url.replace('http://', 'http://admin:Wr0ng-secret@'), ...fast });
    const none = new MlflowClient({ trackingUri: server.url, ...fast });
    try {
      for (const client of [wrong, none]) {
        const error = await client.searchExperiments().catch((e: unknown) => e);
        expect(MlflowApiError.isInstance(error)).toBe(true);
        expect((error as MlflowApiError).status).toBe(401);
        expect((error as MlflowApiError).errorCode).toBe('UNAUTHENTICATED');
        expect((error as Error).message).not.toContain('Wr0ng-secret');
        expect(String((error as MlflowApiError).endpoint)).not.toContain('Wr0ng-secret');
      }
    } finally {
      logs.restore();
      await wrong.close();
      await none.close();
    }
    expect(JSON.stringify(logs.lines)).not.toContain('Wr0ng-secret');
  });
});
