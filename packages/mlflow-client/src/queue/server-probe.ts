/**
 * A quick "does the server answer?" for the background logger while it believes the server is
 * down: one `GET <tracking URI>/health`, no retries, a short timeout — so probing never keeps a
 * process alive for long, whatever the retry policy of the real requests.
 */
import type { HttpTransport } from '../store/rest/http-transport.js';
import { MlflowHttpApi } from '../store/rest/mlflow-http-api.js';
import { classifyStoreUri } from '../uri/tracking-uri.js';

const PROBE_TIMEOUT_MS = 5000;

/** Undefined for local stores (they are never "down"). */
export function serverProbe(trackingUri: string, transport: HttpTransport): (() => Promise<boolean>) | undefined {
  if (classifyStoreUri(trackingUri).kind !== 'http') return undefined;
  const api = new MlflowHttpApi(trackingUri, transport);
  const url = api.url('/health');
  return async () => {
    try {
      const status = await transport.send(
        { method: 'GET', url, headers: api.extraHeaders(), maxRetries: 0, timeoutMs: Math.min(transport.options.timeoutMs, PROBE_TIMEOUT_MS) },
        async (response) => {
          await response.body.dump();
          return response.status;
        },
      );
      return status < 500 && status !== 408 && status !== 429;
    } catch {
      return false;
    }
  };
}
