/**
 * Who made a transport closes it: a RestStore given a transport leaves it open, one that made its
 * own closes it, and MlflowClient closes the one transport it made (and shares with its stores and
 * artifact repositories) exactly once. Against a real MLflow server.
 */
import { Agent } from 'undici';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { HttpTransport, isTransientFailure, MlflowClient, RestStore, TransportClosedError } from '@kedro-mlflow/mlflow-client';
import { uniqueName } from './contract/helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

async function closedError(promise: Promise<unknown>): Promise<TransportClosedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!TransportClosedError.isInstance(error)) throw new Error(`expected a TransportClosedError, got ${String(error)}`);
  return error;
}

withMlflow('transport ownership against a real MLflow server', () => {
  let url: string;
  const fast = { maxRetries: 2, backoffFactorMs: 50, backoffJitterMs: 0 };

  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
  }, 120_000);

  afterEach(() => jest.restoreAllMocks());

  it('closing a store built on a shared transport leaves the transport usable', async () => {
    const transport = new HttpTransport(fast, {});
    const first = new RestStore(url, transport);
    const second = new RestStore(url, transport);
    expect(first.ownsTransport).toBe(false);
    const id = await first.createExperiment(uniqueName('shared'));
    await first.close();
    expect((await second.getExperiment(id)).name).toMatch(/^shared/);
    expect((await first.getExperiment(id)).experimentId).toBe(id); // its transport is still open too
    await transport.close();
    const error = await closedError(second.getExperiment(id));
    expect(error.endpoint).toContain('/api/2.0/mlflow/experiments/get');
    expect(isTransientFailure(error)).toBe(false);
  });

  it('a store that made its own transport closes it, and later calls fail at once with a typed error', async () => {
    const store = new RestStore(url, { maxRetries: 7, backoffFactorMs: 60_000, backoffJitterMs: 0 });
    expect(store.ownsTransport).toBe(true);
    expect((await store.getExperiment('0')).experimentId).toBe('0');
    await store.close();
    await store.close();
    // With these retry settings a retried network error would outlast the test's timeout.
    const error = await closedError(store.getExperiment('0'));
    expect(error.message).toContain('transport is closed');
  });

  it("the client's close closes the transport it made exactly once, for its stores and artifact repositories", async () => {
    const agentClose = jest.spyOn(Agent.prototype, 'close');
    // A registry URI spelled differently from the tracking URI: a second RestStore on the same transport.
    const client = new MlflowClient({ trackingUri: url, registryUri: `${url}/`, ...fast, env: {} });
    expect(client.registryStore).not.toBe(client.trackingStore);
    const experimentId = await client.createExperiment(uniqueName('owned'));
    const runId = (await client.createRun(experimentId)).info.runId;
    await client.logText(runId, 'hello', 'notes/a.txt');
    await client.searchRegisteredModels({ maxResults: 1 });
    expect(agentClose).not.toHaveBeenCalled();

    await Promise.all([client.close(), client.close()]);
    await client.close();
    // undici's promise-form close() calls its callback form: count the calls without a callback.
    const closes = agentClose.mock.calls.filter((args: unknown[]) => args[0] === undefined);
    expect(closes).toHaveLength(1);
    expect(agentClose.mock.contexts.every((agent) => agent === (client.transport as unknown as { dispatcher: Agent }).dispatcher)).toBe(true);

    await closedError(client.getRun(runId));
    await closedError(client.searchRegisteredModels({ maxResults: 1 }));
    await closedError(client.listArtifacts(runId, 'notes'));
  });

  it('stores and dispatchers given to the client stay the caller’s: its close leaves them open', async () => {
    const callerStore = new RestStore(url, fast);
    const dispatcher = new Agent();
    const client = new MlflowClient({ trackingUri: url, trackingStore: callerStore, registryStore: callerStore, dispatcher, ...fast, env: {} });
    const experimentId = await client.createExperiment(uniqueName('callers'));
    await client.close();
    expect((await callerStore.getExperiment(experimentId)).experimentId).toBe(experimentId);
    const viaDispatcher = await dispatcher.request({ origin: url, path: '/health', method: 'GET' });
    expect(viaDispatcher.statusCode).toBe(200);
    await viaDispatcher.body.dump();
    await callerStore.close();
    await dispatcher.close();
  });
});
