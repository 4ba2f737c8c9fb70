/** Which low-level failures are network failures, and which of those are worth retrying. */
import { MlflowError } from '../../errors/mlflow-error.js';

const RETRYABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENETDOWN',
  'EHOSTDOWN',
  'EAI_AGAIN',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_REQ_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
]);

const TIMEOUTS = new Set(['ETIMEDOUT', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

const DESCRIPTIONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  EPIPE: 'connection closed while sending',
  UND_ERR_SOCKET: 'connection closed by the other side',
  UND_ERR_CLOSED: 'connection closed',
  UND_ERR_CONNECT_TIMEOUT: 'connect timeout',
  UND_ERR_HEADERS_TIMEOUT: 'no response within the timeout',
  UND_ERR_BODY_TIMEOUT: 'response body stalled beyond the timeout',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed temporarily',
};

function isTlsCode(code: string): boolean {
  return /^(ERR_TLS|ERR_SSL|CERT_|UNABLE_TO_|DEPTH_ZERO_SELF_SIGNED_CERT|SELF_SIGNED_CERT|HOSTNAME_MISMATCH|ERR_TLS_CERT)/.test(code);
}

function codeOf(error: unknown): string | undefined {
  if (error === null || typeof error !== 'object') return undefined;
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The code of a network failure (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, a TLS error, …), looking
 * through `cause` and `AggregateError`s; undefined for anything else (HTTP errors, bugs, our errors).
 */
export function networkErrorCode(error: unknown, depth = 0): string | undefined {
  if (depth > 4 || error === null || typeof error !== 'object' || MlflowError.isInstance(error)) return undefined;
  const code = codeOf(error);
  if (code !== undefined && (RETRYABLE.has(code) || code === 'ENOTFOUND' || isTlsCode(code))) return code;
  if (error instanceof AggregateError) {
    for (const inner of error.errors) {
      const innerCode = networkErrorCode(inner, depth + 1);
      if (innerCode !== undefined) return innerCode;
    }
  }
  const cause = (error as { cause?: unknown }).cause;
  return cause === undefined ? undefined : networkErrorCode(cause, depth + 1);
}

export function isRetryableNetworkCode(code: string): boolean {
  return RETRYABLE.has(code);
}

export function isTimeoutCode(code: string): boolean {
  return TIMEOUTS.has(code);
}

export function describeNetworkCode(code: string): string {
  const text = DESCRIPTIONS[code];
  return text === undefined ? code : `${text}, ${code}`;
}
