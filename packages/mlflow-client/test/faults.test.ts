/**
 * Faults injected by a real TCP/HTTP proxy in front of the real MLflow server: injected 503s with
 * Retry-After, a slow server hitting the timeout, an unreachable server, and an outage in the
 * middle of logging 10,000 metrics.
 */
import { mlflowAvailable, sharedMlflowServer, startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';
import { isTransientFailure, MlflowApiError, MlflowClient, MlflowConnectionError, MlflowTimeoutError, type HttpOptions } from '@kedro-mlflow/mlflow-client';
import { rejection, uniqueName } from './contract/helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('faults between the client and a real MLflow server', () => {
  let proxy: FaultProxy;
  let direct: MlflowClient;
  let experimentId: string;
  const clients: MlflowClient[] = [];

  /** A client going through the proxy; records every wait between attempts (and really waits). */
  function viaProxy(options: HttpOptions = {}): { client: MlflowClient; sleeps: number[] } {
    const sleeps: number[] = [];
    const client = new MlflowClient({
      trackingUri: proxy.url,
      env: {},
      sleep: async (ms) => {
        sleeps.push(ms);
        await new Promise((r) => setTimeout(r, ms));
      },
      ...options,
    });
    clients.push(client);
    return { client, sleeps };
  }

  beforeAll(async () => {
    const { url } = await sharedMlflowServer();
    direct = new MlflowClient({ trackingUri: url, env: {} });
    clients.push(direct);
    experimentId = await direct.createExperiment(uniqueName('faults'));
  }, 120_000);

  beforeEach(async () => {
    proxy = await startFaultProxy((await sharedMlflowServer()).url);
  });

  afterEach(async () => {
    await proxy.close();
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.close()));
  });

  it('waits as told by Retry-After on injected 503s, then succeeds', async () => {
    const { client, sleeps } = viaProxy({ maxRetries: 3, backoffFactorMs: 10_000, backoffJitterMs: 0 });
    await proxy.status(503, { count: 2, headers: { 'retry-after': '1' }, body: 'maintenance' });
    const experiment = await client.getExperiment(experimentId);
    expect(experiment.experimentId).toBe(experimentId);
    expect(sleeps).toEqual([1000, 1000]);
    expect(proxy.stats).toMatchObject({ injected: 2, forwarded: 1 });
  }, 30_000);

  it('gives up on persistent 503s with a typed error after the configured retries', async () => {
    const { client, sleeps } = viaProxy({ maxRetries: 2, backoffFactorMs: 20, backoffJitterMs: 0 });
    await proxy.status(503, { body: 'upstream down' });
    const error = await rejection(client.getExperiment(experimentId));
    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ errorCode: 'TEMPORARILY_UNAVAILABLE', status: 503 });
    expect(error.message).toMatch(/upstream down/);
    expect(error.message).toMatch(/Gave up after 3 attempts/);
    expect(sleeps).toEqual([20, 40]);
    expect(proxy.stats.injected).toBe(3);
    expect(isTransientFailure(error)).toBe(true);
  }, 30_000);

  it('times out on a slow server: a typed error after the retries', async () => {
    const { client } = viaProxy({ timeoutMs: 300, maxRetries: 2, backoffFactorMs: 10, backoffJitterMs: 0 });
    await proxy.slow(1500);
    const error = await rejection(client.getExperiment(experimentId));
    expect(MlflowTimeoutError.isInstance(error)).toBe(true);
    expect(MlflowConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ attempts: 3, timeoutMs: 300, code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(error.message).toContain(proxy.url);
    expect(error.message).toMatch(/MLFLOW_HTTP_REQUEST_TIMEOUT/);
    expect(proxy.stats.delayed).toBe(3);
  }, 30_000);

  it('succeeds when only the first attempt is too slow', async () => {
    // A roomy timeout: on a loaded machine a normal answer of the real server can take a second.
    const { client, sleeps } = viaProxy({ timeoutMs: 2500, maxRetries: 2, backoffFactorMs: 10, backoffJitterMs: 0 });
    await proxy.slow(5000, { count: 1 });
    expect((await client.getExperiment(experimentId)).experimentId).toBe(experimentId);
    expect(sleeps[0]).toBe(10);
    expect(proxy.stats.delayed).toBe(1);
    expect(proxy.stats.forwarded).toBeGreaterThanOrEqual(1);
  }, 30_000);

  it.each(['refuse', 'reset'] as const)('reports an unreachable server (%s) with its URL and what to do', async (style) => {
    const { client, sleeps } = viaProxy({ maxRetries: 2, backoffFactorMs: 20, backoffJitterMs: 0 });
    await proxy.down({ style });
    const error = await rejection(client.getExperiment(experimentId));
    expect(MlflowConnectionError.isInstance(error)).toBe(true);
    expect(MlflowTimeoutError.isInstance(error)).toBe(false);
    expect(error).toMatchObject({ attempts: 3, code: style === 'refuse' ? 'ECONNREFUSED' : expect.stringMatching(/ECONNRESET|UND_ERR_SOCKET/) });
    expect(error.message).toContain(proxy.url);
    expect(error.message).toMatch(/Check that the MLflow server is running/);
    expect(sleeps).toEqual([20, 40]);
    // And it comes back.
    await proxy.pass();
    expect((await client.getExperiment(experimentId)).experimentId).toBe(experimentId);
  }, 30_000);

  it('loses nothing when the server goes away for 10 s in the middle of logging 10,000 metrics', async () => {
    const { client, sleeps } = viaProxy({ maxRetries: 7, backoffFactorMs: 500, backoffJitterMs: 100 });
    const run = await client.createRun(experimentId, { runName: 'outage' });
    const runId = run.info.runId;
    const metrics = Array.from({ length: 10_000 }, (_, i) => ({ key: 'm', value: i / 7, step: i, timestamp: 1_700_000_000_000 + i }));
    const before = proxy.stats.requests;
    const logging = client.logBatch(runId, { metrics });
    await proxy.waitForRequests(before + 3);
    await proxy.down();
    const downAt = Date.now();
    await new Promise((r) => setTimeout(r, 10_000));
    await proxy.pass();
    await logging;
    // The client rode out the outage by backing off (0.5 s, 1 s, 2 s, 4 s, 8 s…), not by luck.
    expect(sleeps.length).toBeGreaterThanOrEqual(4);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(9_000);
    expect(Date.now() - downAt).toBeGreaterThanOrEqual(10_000);
    const history = await direct.getMetricHistory(runId, 'm');
    const steps = new Set(history.map((m) => m.step));
    expect(steps.size).toBe(10_000);
    for (let i = 0; i < 10_000; i += 1) expect(steps.has(i)).toBe(true);
    // MLflow's SQL store ignores an exact duplicate point, so a request retried after the server had
    // applied it does not double anything.
    expect(history).toHaveLength(10_000);
    expect(history.find((m) => m.step === 9_999)!.value).toBeCloseTo(9_999 / 7, 10);
  }, 120_000);
});
