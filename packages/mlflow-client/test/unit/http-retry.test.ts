/**
 * The retry/backoff logic and request encoding of the HTTP layer, against undici's MockAgent (the
 * only place mocks are allowed; everything else runs against a real MLflow server).
 */
import { HttpTransport, MlflowApiError, MlflowConnectionError, MlflowHttpApi, RestStore, isTransientFailure, type HttpOptions } from '@kedro-mlflow/mlflow-client';
import { MockAgent } from 'undici';
import { rejection } from '../contract/helpers.js';

const ORIGIN = 'http://mlflow.test:5000';

function setup(options: HttpOptions = {}) {
  const agent = new MockAgent();
  agent.disableNetConnect();
  const pool = agent.get(ORIGIN);
  const sleeps: number[] = [];
  const transport = new HttpTransport(
    { dispatcher: agent, maxRetries: 3, backoffFactorMs: 100, backoffJitterMs: 0, sleep: async (ms) => void sleeps.push(ms), ...options },
    {},
  );
  return { agent, pool, sleeps, transport, api: new MlflowHttpApi(ORIGIN, transport) };
}

describe('retries', () => {
  it('honours Retry-After (seconds) on 503, then succeeds', async () => {
    const { pool, sleeps, api } = setup();
    const path = '/api/2.0/mlflow/experiments/get?experiment_id=1';
    pool.intercept({ path, method: 'GET' }).reply(503, 'busy', { headers: { 'retry-after': '2' } });
    pool.intercept({ path, method: 'GET' }).reply(429, '{}', { headers: { 'retry-after': 'Thu, 01 Jan 1970 00:00:00 GMT' } });
    pool.intercept({ path, method: 'GET' }).reply(200, { experiment: { experiment_id: '1' } });
    const res = await api.get('/api/2.0/mlflow/experiments/get', { experiment_id: '1' });
    expect(res).toEqual({ experiment: { experiment_id: '1' } });
    expect(sleeps).toEqual([2000, 0]);
  });

  it('ignores Retry-After when told to, and backs off exponentially', async () => {
    const { pool, sleeps, api } = setup({ respectRetryAfter: false });
    for (const status of [500, 502, 504]) pool.intercept({ path: '/x', method: 'POST' }).reply(status, 'no', { headers: { 'retry-after': '30' } });
    pool.intercept({ path: '/x', method: 'POST' }).reply(200, '{}');
    await api.post('/x', { a: 1 });
    expect(sleeps).toEqual([100, 200, 400]);
  });

  it('gives up after maxRetries with the last answer as an MlflowApiError', async () => {
    const { pool, sleeps, api } = setup();
    pool.intercept({ path: '/x', method: 'POST' }).reply(503, 'Service Unavailable').times(4);
    const error = await rejection(api.post('/x', {}));
    expect(MlflowApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ errorCode: 'TEMPORARILY_UNAVAILABLE', status: 503, endpoint: 'POST /x' });
    expect(error.message).toMatch(/Gave up after 4 attempts/);
    expect(sleeps).toHaveLength(3);
    expect(isTransientFailure(error)).toBe(true);
  });

  it('does not retry a 400 and keeps MLflow’s error code', async () => {
    const { pool, sleeps, api } = setup();
    pool.intercept({ path: '/x', method: 'POST' }).reply(400, { error_code: 'INVALID_PARAMETER_VALUE', message: 'bad key' });
    const error = await rejection(api.post('/x', {}));
    expect(error).toMatchObject({ errorCode: 'INVALID_PARAMETER_VALUE', status: 400 });
    expect(error.message).toMatch(/^bad key \(POST \/x -> HTTP 400 INVALID_PARAMETER_VALUE\)/);
    expect(sleeps).toEqual([]);
    expect(isTransientFailure(error)).toBe(false);
  });

  it('retries network errors, then throws a typed connection error naming the server', async () => {
    const { pool, sleeps, api } = setup({ maxRetries: 2 });
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    pool.intercept({ path: '/x', method: 'GET' }).replyWithError(refused).times(3);
    const error = await rejection(api.get('/x'));
    expect(MlflowConnectionError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ attempts: 3, code: 'ECONNREFUSED' });
    expect(error.message).toContain('http://mlflow.test:5000');
    expect(error.message).toMatch(/MLFLOW_TRACKING_URI/);
    expect(sleeps).toEqual([100, 200]);
    expect(isTransientFailure(error)).toBe(true);
  });

  it('recovers when a network error is followed by an answer', async () => {
    const { pool, api } = setup();
    pool.intercept({ path: '/x', method: 'GET' }).replyWithError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }));
    pool.intercept({ path: '/x', method: 'GET' }).reply(200, { ok: true });
    expect(await api.get('/x')).toEqual({ ok: true });
  });

  it('calls the header provider on every attempt', async () => {
    let n = 0;
    const { pool, api } = setup({ headerProvider: async () => ({ Authorization: `Bearer token-${++n}` }) });
    pool.intercept({ path: '/x', method: 'GET', headers: { authorization: 'Bearer token-1' } }).reply(503, '');
    pool.intercept({ path: '/x', method: 'GET', headers: { authorization: 'Bearer token-2' } }).reply(200, '{}');
    await api.get('/x');
    expect(n).toBe(2);
  });
});

describe('requests', () => {
  it('sends Basic auth over Bearer, JSON bodies with Content-Type, and DELETE bodies', async () => {
    const { pool, api } = setup({ username: 'u', password: 'p', token: 't' });
    const basic = `Basic ${Buffer.from('u:p').toString('base64')}`;
    pool
      .intercept({ path: '/d', method: 'DELETE', body: '{"name":"m"}', headers: { authorization: basic, 'content-type': 'application/json' } })
      .reply(200, '{}');
    await api.delete('/d', { name: 'm' });
  });

  it('uses the bearer token when there is no username/password', async () => {
    const { pool, api } = setup({ token: 't' });
    pool.intercept({ path: '/g', method: 'GET', headers: { authorization: 'Bearer t' } }).reply(200, '{}');
    await api.get('/g');
  });

  it('encodes GET lists as repeated keys and booleans as true/false', async () => {
    const { pool, api } = setup();
    pool.intercept({ path: '/q?stages=Staging&stages=Production&flag=true&off=false&n=3', method: 'GET' }).reply(200, '{}');
    await api.get('/q', { stages: ['Staging', 'Production'], flag: true, off: false, n: 3, missing: undefined });
  });

  it('joins the base URL without double slashes and keeps a path prefix', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    agent.get(ORIGIN).intercept({ path: '/prefix/api/2.0/mlflow/runs/get?run_id=r', method: 'GET' }).reply(200, { run: { info: { run_id: 'r' } } });
    const store = new RestStore(`${ORIGIN}/prefix/`, new HttpTransport({ dispatcher: agent, maxRetries: 0 }, {}));
    expect(store.trackingUri).toBe(`${ORIGIN}/prefix`);
    expect((await store.getRun('r')).info.runId).toBe('r');
  });

  it('turns credentials in the URI into a header and keeps them out of messages', async () => {
    const agent = new MockAgent();
    agent.disableNetConnect();
    const basic = `Basic ${Buffer.from('alice:s3cret').toString('base64')}`;
    agent.get(ORIGIN).intercept({ path: '/api/2.0/mlflow/runs/get?run_id=r', method: 'GET', headers: { authorization: basic } }).reply(404, '<html><body>Not Found</body></html>');
    const store = new RestStore('http://alice:s3cret@mlflow.test:5000', new HttpTransport({ dispatcher: agent, maxRetries: 0 }, {}));
    const error = await rejection(store.getRun('r'));
    expect(error).toMatchObject({ errorCode: 'ENDPOINT_NOT_FOUND', status: 404 });
    expect(error.message).toMatch(/Not Found/);
    expect(error.message).not.toMatch(/s3cret|alice/);
    expect(store.trackingUri).not.toContain('s3cret');
  });

  it('refuses a 200 whose body is not a JSON object', async () => {
    const { pool, api } = setup();
    pool.intercept({ path: '/api/2.0/mlflow/x', method: 'GET' }).reply(200, '<html>login</html>');
    pool.intercept({ path: '/api/2.0/mlflow/y', method: 'GET' }).reply(200, '[1,2]');
    expect(await rejection(api.get('/api/2.0/mlflow/x'))).toMatchObject({ errorCode: 'INTERNAL_ERROR', message: expect.stringMatching(/not a JSON object/) });
    expect(await rejection(api.get('/api/2.0/mlflow/y'))).toMatchObject({ errorCode: 'INTERNAL_ERROR' });
  });

  it('maps non-JSON error bodies to codes from the status', async () => {
    const { pool, api } = setup({ maxRetries: 0 });
    pool.intercept({ path: '/a', method: 'GET' }).reply(401, 'Unauthorized');
    pool.intercept({ path: '/b', method: 'GET' }).reply(403, 'Forbidden');
    pool.intercept({ path: '/c', method: 'GET' }).reply(503, 'disabled due to --no-serve-artifacts');
    expect(await rejection(api.get('/a'))).toMatchObject({ errorCode: 'UNAUTHENTICATED', message: expect.stringMatching(/MLFLOW_TRACKING_USERNAME/) });
    expect(await rejection(api.get('/b'))).toMatchObject({ errorCode: 'PERMISSION_DENIED' });
    expect(await rejection(api.get('/c'))).toMatchObject({ errorCode: 'TEMPORARILY_UNAVAILABLE', message: expect.stringMatching(/no-serve-artifacts/) });
  });
});

describe('options from the environment', () => {
  it('reads MLFLOW_HTTP_* (seconds) and lets options win', () => {
    const env = {
      MLFLOW_HTTP_REQUEST_TIMEOUT: '5',
      MLFLOW_HTTP_REQUEST_MAX_RETRIES: '2',
      MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR: '0.5',
      MLFLOW_HTTP_REQUEST_BACKOFF_JITTER: '0',
      MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER: 'false',
      MLFLOW_TRACKING_TOKEN: 'tok',
    };
    const t = new HttpTransport({}, env);
    expect(t.options).toMatchObject({ timeoutMs: 5000, maxRetries: 2, backoffFactorMs: 500, backoffJitterMs: 0, respectRetryAfter: false, token: 'tok' });
    expect(new HttpTransport({ maxRetries: 9 }, env).options.maxRetries).toBe(9);
    const defaults = new HttpTransport({}, {}).options;
    expect(defaults).toMatchObject({ timeoutMs: 120_000, maxRetries: 7, backoffFactorMs: 2000, backoffJitterMs: 1000, maxBackoffMs: 120_000, respectRetryAfter: true });
    expect(() => new HttpTransport({}, { MLFLOW_HTTP_REQUEST_TIMEOUT: 'soon' })).toThrow(/MLFLOW_HTTP_REQUEST_TIMEOUT/);
  });
});
