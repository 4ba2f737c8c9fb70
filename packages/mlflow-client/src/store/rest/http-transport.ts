/**
 * One undici `Agent` (keep-alive sockets per origin) plus MLflow's retry policy: retries on
 * 408/429/500/502/503/504 and on network failures, exponential backoff with jitter, `Retry-After`,
 * per-attempt timeouts, auth headers and a per-attempt header hook. Knows nothing about JSON.
 */
import { createRequire } from 'node:module';
import type { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { MlflowConnectionError } from '../../errors/mlflow-connection-error.js';
import { MlflowTimeoutError } from '../../errors/mlflow-timeout-error.js';
import { TransportClosedError } from '../../errors/transport-closed-error.js';
import { getLogger } from '../../logger.js';
import { authorizationHeader, redactUrl } from './auth.js';
import { backoffDelay, parseRetryAfter, RETRY_STATUSES } from './backoff.js';
import { networkErrorCode, isRetryableNetworkCode, isTimeoutCode, describeNetworkCode } from './network-errors.js';
import { resolveHttpOptions, type HttpOptions, type ResolvedHttpOptions } from './http-options.js';

const log = getLogger('mlflow-client.http');

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface TransportRequest {
  method: HttpMethod;
  /** Absolute URL without credentials. */
  url: string;
  headers?: Record<string, string>;
  /** Makes the body of one attempt (called again for every retry, so streams can be reopened). */
  body?: () => string | Buffer | Readable;
  /** Per-attempt timeout, ms (defaults to the transport's `timeoutMs`). */
  timeoutMs?: number;
  /** Retries for this request (defaults to the transport's `maxRetries`); 0 for a quick probe. */
  maxRetries?: number;
  signal?: AbortSignal;
}

export interface TransportResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Dispatcher.ResponseData['body'];
  /** Attempts made so far, including this one. */
  attempts: number;
}

/** Reads or streams one response; network errors thrown here are retried like the request's. */
export type ResponseHandler<T> = (response: TransportResponse) => Promise<T>;

export class HttpTransport {
  readonly options: ResolvedHttpOptions;
  /** The caller's dispatcher, or ours once the first request needs it (see agent()). */
  private dispatcher: Dispatcher | undefined;
  private readonly ownsDispatcher: boolean;
  private closing: Promise<void> | undefined;

  constructor(options: HttpOptions = {}, env: Record<string, string | undefined> = process.env) {
    this.options = resolveHttpOptions(options, env);
    this.dispatcher = this.options.dispatcher;
    this.ownsDispatcher = this.options.dispatcher === undefined;
  }

  /**
   * The dispatcher, made at the first request: undici is a hundred modules that a client of a local
   * mlruns folder (every MlflowClient makes a transport) never needs, and a cold start would pay for them.
   */
  private agent(): Dispatcher {
    if (this.dispatcher !== undefined) return this.dispatcher;
    const o = this.options;
    const tls: Record<string, unknown> = { rejectUnauthorized: !o.insecureTls };
    if (o.ca !== undefined) tls.ca = o.ca;
    if (o.clientCert !== undefined) {
      tls.cert = o.clientCert;
      tls.key = o.clientCert;
    }
    const { Agent } = createRequire(import.meta.url)('undici') as typeof import('undici');
    this.dispatcher = new Agent({
      connections: o.connections,
      keepAliveTimeout: 4_000,
      connect: { timeout: o.timeoutMs, ...tls },
    });
    return this.dispatcher;
  }

  /** Sends `request`, retrying as configured, and gives the final response to `handle`. */
  async send<T>(request: TransportRequest, handle: ResponseHandler<T>): Promise<T> {
    const o = this.options;
    const url = new URL(request.url);
    const origin = url.origin;
    const path = `${url.pathname}${url.search}`;
    const label = `${request.method} ${redactUrl(request.url)}`;
    if (this.closing !== undefined) {
      throw new TransportClosedError({ endpoint: label, message: `${label}: this HTTP transport is closed (the MlflowClient or RestStore that made it was closed). Make a new client.` });
    }
    const timeoutMs = request.timeoutMs ?? o.timeoutMs;
    const started = Date.now();
    const maxRetries = request.maxRetries ?? o.maxRetries;
    for (let attempt = 1; ; attempt += 1) {
      const canRetry = attempt <= maxRetries;
      const t0 = Date.now();
      let response: Dispatcher.ResponseData | undefined;
      try {
        request.signal?.throwIfAborted();
        const headers = await this.headersFor(request);
        response = await this.agent().request({
          origin,
          path,
          method: request.method,
          headers,
          body: request.body?.() ?? null,
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
          signal: request.signal ?? null,
        });
        const status = response.statusCode;
        log.debug(`${request.method} ${url.pathname} -> ${status} in ${Date.now() - t0} ms (attempt ${attempt})`);
        if (RETRY_STATUSES.has(status) && canRetry) {
          const retryAfter = o.respectRetryAfter ? parseRetryAfter(response.headers['retry-after']) : undefined;
          await response.body.dump().catch(() => undefined);
          const delay = retryAfter !== undefined ? Math.min(retryAfter, o.maxBackoffMs) : this.backoff(attempt);
          log.warn(`${label} answered HTTP ${status}; retry ${attempt}/${maxRetries} in ${delay} ms${retryAfter !== undefined ? ' (Retry-After)' : ''}`);
          await o.sleep(delay);
          continue;
        }
        return await handle({ status, headers: response.headers, body: response.body, attempts: attempt });
      } catch (error) {
        if (response !== undefined) response.body.destroy();
        const code = networkErrorCode(error);
        if (code === undefined || request.signal?.aborted === true || !isRetryableNetworkCode(code)) {
          if (code !== undefined && !isAbort(error)) throw this.connectionError(request, label, attempt, started, timeoutMs, code, error);
          throw error;
        }
        if (!canRetry) throw this.connectionError(request, label, attempt, started, timeoutMs, code, error);
        const delay = this.backoff(attempt);
        log.warn(`${label} failed (${describeNetworkCode(code)}); retry ${attempt}/${maxRetries} in ${delay} ms`);
        await o.sleep(delay);
      }
    }
  }

  /**
   * Ends this transport: later requests fail at once with `TransportClosedError`. Closes the undici
   * agent only when this transport made it (a `dispatcher` passed in belongs to the caller). Calling
   * it again waits for the first close.
   */
  close(): Promise<void> {
    this.closing ??= this.ownsDispatcher && this.dispatcher !== undefined ? this.dispatcher.close() : Promise.resolve();
    return this.closing;
  }

  private backoff(retry: number): number {
    const o = this.options;
    return Math.round(backoffDelay(retry, { factorMs: o.backoffFactorMs, jitterMs: o.backoffJitterMs, capMs: o.maxBackoffMs, random: o.random }));
  }

  private async headersFor(request: TransportRequest): Promise<Record<string, string>> {
    const o = this.options;
    const headers: Record<string, string> = { 'user-agent': 'kedro-mlflow-ts/mlflow-client', ...lower(o.headers) };
    const auth = authorizationHeader(o);
    if (auth !== undefined) headers.authorization = auth;
    Object.assign(headers, lower(request.headers));
    if (o.headerProvider !== undefined) Object.assign(headers, lower(await o.headerProvider({ method: request.method, url: redactUrl(request.url) })));
    return headers;
  }

  private connectionError(request: TransportRequest, label: string, attempts: number, started: number, timeoutMs: number, code: string, cause: unknown): MlflowConnectionError {
    const elapsed = ((Date.now() - started) / 1000).toFixed(1);
    const tries = `${attempts} attempt${attempts === 1 ? '' : 's'} over ${elapsed} s`;
    const where = new URL(request.url).origin;
    if (isTimeoutCode(code)) {
      return new MlflowTimeoutError({
        message: `${label} timed out (${describeNetworkCode(code)}, ${timeoutMs / 1000} s per attempt; ${tries}). The MLflow server at ${where} is too slow or unreachable: check it, or raise MLFLOW_HTTP_REQUEST_TIMEOUT (seconds) / the timeoutMs option.`,
        endpoint: label,
        attempts,
        timeoutMs,
        code,
        cause,
      });
    }
    const hint = /CERT|SSL|TLS|SELF_SIGNED|ERR_TLS/i.test(code)
      ? 'The TLS handshake failed: trust the server with MLFLOW_TRACKING_SERVER_CERT_PATH, or (not for production) set MLFLOW_TRACKING_INSECURE_TLS=true.'
      : code === 'ENOTFOUND'
        ? 'The host name does not resolve: check MLFLOW_TRACKING_URI / the trackingUri option.'
        : 'Check that the MLflow server is running and that MLFLOW_TRACKING_URI / the trackingUri option points at it; raise MLFLOW_HTTP_REQUEST_MAX_RETRIES to wait longer.';
    return new MlflowConnectionError({
      message: `Could not reach the MLflow server at ${where} for ${label} (${describeNetworkCode(code)}; ${tries}). ${hint}`,
      endpoint: label,
      attempts,
      code,
      cause,
    });
  }
}

function lower(headers: Record<string, string> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (headers !== undefined) for (const [k, v] of Object.entries(headers)) out[k.toLowerCase()] = v;
  return out;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || (error as { code?: string }).code === 'UND_ERR_ABORTED');
}
