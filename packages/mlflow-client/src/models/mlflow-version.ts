/**
 * The `mlflow_version` written into MLmodel files. Python writes its own version; we write the
 * tracking server's (`GET /version`), since that server's MLflow is what reads the model back.
 * Without a server (file stores), or when `/version` cannot be read, we write
 * `MLFLOW_FORMAT_VERSION`: the MLflow release whose formats this client writes and is tested
 * against. Python loaders only compare it to their own version to warn about mismatches.
 */
import type { MlflowClient } from '../client/mlflow-client.js';
import { getLogger } from '../logger.js';
import { MlflowHttpApi } from '../store/rest/mlflow-http-api.js';
import { classifyStoreUri } from '../uri/tracking-uri.js';

const log = getLogger('mlflow-client.models');

/** The MLflow release whose MLmodel/mlruns formats this client writes (and is tested against). */
export const MLFLOW_FORMAT_VERSION = '3.17.2';

const cache = new WeakMap<object, Promise<string>>();

async function ask(client: Pick<MlflowClient, 'trackingUri' | 'transport'>): Promise<string> {
  let location;
  try {
    location = classifyStoreUri(client.trackingUri);
  } catch {
    return MLFLOW_FORMAT_VERSION;
  }
  if (location.kind !== 'http') return MLFLOW_FORMAT_VERSION;
  const api = new MlflowHttpApi(client.trackingUri, client.transport);
  try {
    const text = await client.transport.send({ method: 'GET', url: api.url('/version'), headers: api.extraHeaders() }, async (res) => {
      const body = (await res.body.text()).trim();
      if (res.status !== 200) throw new Error(`HTTP ${res.status}`);
      return body;
    });
    if (/^\d+\.\d+(\.\d+)?([.+-]?\w+)*$/.test(text)) return text;
    log.debug(`GET /version answered ${JSON.stringify(text.slice(0, 40))}; writing mlflow_version ${MLFLOW_FORMAT_VERSION}`);
  } catch (error) {
    log.debug(`GET /version failed (${(error as Error).message}); writing mlflow_version ${MLFLOW_FORMAT_VERSION}`);
  }
  return MLFLOW_FORMAT_VERSION;
}

/** The MLflow version to write into MLmodel for models tracked by `client` (asked once per client). */
export function mlflowVersionOf(client: Pick<MlflowClient, 'trackingUri' | 'transport'>): Promise<string> {
  let version = cache.get(client);
  if (version === undefined) {
    version = ask(client);
    cache.set(client, version);
  }
  return version;
}
