/**
 * How the HTTP layer behaves: timeouts, retries, auth, TLS. Every field has an `MLFLOW_*`
 * environment variable (read once, when a client is made) and can be overridden per client.
 */
import { readFileSync } from 'node:fs';
import type { Dispatcher } from 'undici';

/** Extra headers computed before every attempt (e.g. a fresh OAuth token). */
export type HeaderProvider = (request: { method: string; url: string }) => Record<string, string> | Promise<Record<string, string>>;

export interface HttpOptions {
  /** Per-attempt timeout (connect, headers and body), ms. `MLFLOW_HTTP_REQUEST_TIMEOUT` (seconds), default 120 s. */
  timeoutMs?: number;
  /** Retries after the first attempt. `MLFLOW_HTTP_REQUEST_MAX_RETRIES`, default 7. */
  maxRetries?: number;
  /** Backoff before retry n is `backoffFactorMs × 2^(n-1)`. `MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR` (seconds), default 2 s. */
  backoffFactorMs?: number;
  /** Up to this much random time is added to each backoff. `MLFLOW_HTTP_REQUEST_BACKOFF_JITTER` (seconds), default 1 s. */
  backoffJitterMs?: number;
  /** Longest single wait between attempts, ms. Default 120 000. */
  maxBackoffMs?: number;
  /** Honour `Retry-After` on retried responses. `MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER`, default true. */
  respectRetryAfter?: boolean;
  /** HTTP Basic (wins over `token`). `MLFLOW_TRACKING_USERNAME` / `MLFLOW_TRACKING_PASSWORD`. */
  username?: string;
  password?: string;
  /** Bearer token. `MLFLOW_TRACKING_TOKEN`. */
  token?: string;
  /** Skip TLS certificate checks. `MLFLOW_TRACKING_INSECURE_TLS`. */
  insecureTls?: boolean;
  /** A CA bundle (PEM) to trust. `MLFLOW_TRACKING_SERVER_CERT_PATH`. */
  serverCertPath?: string;
  /** A client certificate + key (one PEM file). `MLFLOW_TRACKING_CLIENT_CERT_PATH`. */
  clientCertPath?: string;
  /** Called before every attempt; its headers are added (and win over the static ones). */
  headerProvider?: HeaderProvider;
  /** Static extra headers on every request. */
  headers?: Record<string, string>;
  /** Most sockets kept per origin. Default 16. */
  connections?: number;
  /** Artifact upload/download timeout per attempt, ms. `MLFLOW_ARTIFACT_UPLOAD_DOWNLOAD_TIMEOUT` (seconds), default `timeoutMs`. */
  artifactTimeoutMs?: number;
  /** Files uploaded / downloaded at once when a folder is transferred. Default 4. */
  artifactConcurrency?: number;
  /** Use this undici dispatcher instead of making one (tests use a `MockAgent`). */
  dispatcher?: Dispatcher;
  /** Replaces `setTimeout`-based waiting between attempts (tests record the delays). */
  sleep?: (ms: number) => Promise<void>;
  /** Replaces `Math.random` for the jitter. */
  random?: () => number;
}

export interface ResolvedHttpOptions {
  timeoutMs: number;
  maxRetries: number;
  backoffFactorMs: number;
  backoffJitterMs: number;
  maxBackoffMs: number;
  respectRetryAfter: boolean;
  username: string | undefined;
  password: string | undefined;
  token: string | undefined;
  insecureTls: boolean;
  ca: string | undefined;
  clientCert: string | undefined;
  headerProvider: HeaderProvider | undefined;
  headers: Record<string, string>;
  connections: number;
  artifactTimeoutMs: number;
  artifactConcurrency: number;
  dispatcher: Dispatcher | undefined;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
}

type Env = Record<string, string | undefined>;

function envNumber(env: Env, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name}=${JSON.stringify(raw)} is not a non-negative number; unset it or give a number.`);
  }
  return value;
}

function envBool(env: Env, name: string): boolean | undefined {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim().toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(v)) return true;
  if (['false', '0', 'no', 'off'].includes(v)) return false;
  throw new TypeError(`${name}=${JSON.stringify(raw)} is not a boolean; use true or false.`);
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

const seconds = (s: number | undefined): number | undefined => (s === undefined ? undefined : Math.round(s * 1000));

/** Options > environment > MLflow's defaults. */
export function resolveHttpOptions(options: HttpOptions = {}, env: Env = process.env): ResolvedHttpOptions {
  const timeoutMs = options.timeoutMs ?? seconds(envNumber(env, 'MLFLOW_HTTP_REQUEST_TIMEOUT')) ?? 120_000;
  const maxRetries = options.maxRetries ?? envNumber(env, 'MLFLOW_HTTP_REQUEST_MAX_RETRIES') ?? 7;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) throw new TypeError(`maxRetries must be a non-negative integer, got ${maxRetries}.`);
  const insecureTls = options.insecureTls ?? envBool(env, 'MLFLOW_TRACKING_INSECURE_TLS') ?? false;
  const serverCertPath = options.serverCertPath ?? nonEmpty(env.MLFLOW_TRACKING_SERVER_CERT_PATH);
  if (insecureTls && serverCertPath !== undefined) {
    throw new TypeError('MLFLOW_TRACKING_INSECURE_TLS and MLFLOW_TRACKING_SERVER_CERT_PATH cannot both be set: trust a CA bundle or skip verification, not both.');
  }
  const clientCertPath = options.clientCertPath ?? nonEmpty(env.MLFLOW_TRACKING_CLIENT_CERT_PATH);
  const username = options.username ?? nonEmpty(env.MLFLOW_TRACKING_USERNAME);
  const password = options.password ?? nonEmpty(env.MLFLOW_TRACKING_PASSWORD);
  return {
    timeoutMs,
    maxRetries,
    backoffFactorMs: options.backoffFactorMs ?? seconds(envNumber(env, 'MLFLOW_HTTP_REQUEST_BACKOFF_FACTOR')) ?? 2000,
    backoffJitterMs: options.backoffJitterMs ?? seconds(envNumber(env, 'MLFLOW_HTTP_REQUEST_BACKOFF_JITTER')) ?? 1000,
    maxBackoffMs: options.maxBackoffMs ?? 120_000,
    respectRetryAfter: options.respectRetryAfter ?? envBool(env, 'MLFLOW_HTTP_RESPECT_RETRY_AFTER_HEADER') ?? true,
    username,
    password,
    token: options.token ?? nonEmpty(env.MLFLOW_TRACKING_TOKEN),
    insecureTls,
    ca: serverCertPath === undefined ? undefined : readFileSync(serverCertPath, 'utf8'),
    clientCert: clientCertPath === undefined ? undefined : readFileSync(clientCertPath, 'utf8'),
    headerProvider: options.headerProvider,
    headers: { ...options.headers },
    connections: options.connections ?? 16,
    artifactTimeoutMs: options.artifactTimeoutMs ?? seconds(envNumber(env, 'MLFLOW_ARTIFACT_UPLOAD_DOWNLOAD_TIMEOUT')) ?? timeoutMs,
    artifactConcurrency: options.artifactConcurrency ?? 4,
    dispatcher: options.dispatcher,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? Math.random,
  };
}
