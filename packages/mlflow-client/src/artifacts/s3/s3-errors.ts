/**
 * AWS SDK failures → ObjectStoreError with a kind to branch on and a message naming the bucket, the
 * key, the endpoint and what to do. Only the server's error code and status are kept from the SDK's
 * error (its message may quote the request); credentials are never part of either.
 */
import { ObjectStoreError, type ObjectStoreErrorKind } from './object-store-error.js';
import { formatS3Uri } from './s3-location.js';

const CREDENTIAL_CODES = new Set(['InvalidAccessKeyId', 'SignatureDoesNotMatch', 'XAdminUserNotFound', 'InvalidToken', 'ExpiredToken', 'TokenRefreshRequired', 'CredentialsProviderError']);
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED', 'UND_ERR_SOCKET']);

export interface RequestContext {
  operation: string;
  bucket: string;
  key: string;
  /** The endpoint for messages (`http://127.0.0.1:7070` or `AWS S3`). */
  endpoint: string;
}

function field(error: unknown, name: string): unknown {
  return typeof error === 'object' && error !== null ? (error as Record<string, unknown>)[name] : undefined;
}

function stringField(error: unknown, name: string): string | undefined {
  const value = field(error, name);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The low-level network code of an error or its causes (`ECONNREFUSED`…). */
function networkCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e !== undefined && e !== null && depth < 5; e = field(e, 'cause'), depth += 1) {
    const code = stringField(e, 'code') ?? stringField(e, 'errno');
    if (code !== undefined && NETWORK_CODES.has(code)) return code;
    const name = stringField(e, 'name');
    if (name === 'TimeoutError' || name === 'RequestTimeout') return 'ETIMEDOUT';
    // The SDK re-wraps errors it does not recognise as Errors (another realm's, as under jest's vm)
    // into a bare "AWS SDK error wrapper for …" whose only trace of the code is the text.
    const message = stringField(e, 'message') ?? '';
    if (message.includes('socket hang up')) return 'ECONNRESET';
    const quoted = /\b(E[A-Z]{4,}|UND_ERR_[A-Z_]+)\b/.exec(message)?.[1];
    if (quoted !== undefined && NETWORK_CODES.has(quoted)) return quoted;
  }
  return undefined;
}

export function toObjectStoreError(error: unknown, context: RequestContext): ObjectStoreError {
  if (ObjectStoreError.isInstance(error)) return error;
  const { operation, bucket, key, endpoint } = context;
  const where = formatS3Uri({ bucket, key });
  const metadata = field(error, '$metadata') as { httpStatusCode?: number; attempts?: number } | undefined;
  const status = metadata?.httpStatusCode;
  const serverCode = stringField(error, 'Code') ?? stringField(error, 'name');
  const make = (kind: ObjectStoreErrorKind, message: string, code = serverCode): ObjectStoreError =>
    new ObjectStoreError({ kind, bucket, key, operation, code, status, message, cause: error });

  const netCode = status === undefined ? networkCode(error) : undefined;
  if (netCode !== undefined) {
    const attempts = metadata?.attempts;
    return make(
      'unreachable',
      `${operation} of '${where}' failed: the S3 endpoint ${endpoint} did not answer (${netCode}${attempts === undefined ? '' : `, ${attempts} attempts`}). ` +
        'Check that the server runs and the endpoint URL is right, then try again.',
      netCode,
    );
  }
  if (serverCode === 'NoSuchBucket') {
    return make('bucket-not-found', `${operation} of '${where}' failed: bucket '${bucket}' does not exist at ${endpoint}. Create the bucket, or fix the bucket name.`);
  }
  if (serverCode === 'NoSuchKey' || ((serverCode === 'NotFound' || serverCode === 'UnknownError') && status === 404)) {
    return make('not-found', `${operation} of '${where}' failed: there is no object at that key (${endpoint}).`);
  }
  if ((serverCode !== undefined && CREDENTIAL_CODES.has(serverCode)) || field(error, 'name') === 'CredentialsProviderError') {
    return make(
      'invalid-credentials',
      `${operation} of '${where}' was refused by ${endpoint} (${serverCode}): the access key is unknown or the secret key does not match it. ` +
        'Check the key and secret (credentials.yml, or AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY).',
    );
  }
  if (serverCode === 'AccessDenied' || status === 403) {
    return make('access-denied', `${operation} of '${where}' was refused by ${endpoint} (${serverCode ?? 403}): these credentials may not do this. Grant them access to the bucket, or use other credentials.`);
  }
  // Without an answer there is no server message that could quote the request: the local reason helps.
  const detail = status === undefined ? `: ${String(stringField(error, 'message') ?? error).slice(0, 200)}` : ` (HTTP ${status})`;
  return make('request-failed', `${operation} of '${where}' failed at ${endpoint}: ${serverCode ?? 'error'}${detail}.`);
}
