import { MlflowError } from '../../errors/mlflow-error.js';

const name = 'ObjectStoreError';
const marker = `@kedro-mlflow/mlflow-client.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * What went wrong talking to an S3-compatible object store:
 * - `invalid-uri`: not an `s3://bucket/key` URI we can use (bad bucket name, `..` segments, …);
 * - `invalid-config`: an S3 setting (an environment variable, a credentials entry) cannot be used;
 * - `invalid-credentials`: the server does not know the access key, or the secret does not match it;
 * - `access-denied`: the credentials are valid but may not do this;
 * - `bucket-not-found`: the bucket does not exist;
 * - `not-found`: no object at the key;
 * - `unreachable`: the endpoint did not answer (refused, reset, timed out) after the SDK's retries;
 * - `request-failed`: any other answer the server gave.
 */
export type ObjectStoreErrorKind =
  | 'invalid-uri'
  | 'invalid-config'
  | 'invalid-credentials'
  | 'access-denied'
  | 'bucket-not-found'
  | 'not-found'
  | 'unreachable'
  | 'request-failed';

/** An S3 request failed. The message names the bucket and key and what to do, never a credential. */
export class ObjectStoreError extends MlflowError {
  private readonly [symbol] = true;
  readonly kind: ObjectStoreErrorKind;
  readonly bucket: string;
  /** The object key (or key prefix) of the request, `''` for the bucket itself. */
  readonly key: string;
  /** The S3 operation: `GetObject`, `Upload`, `ListObjectsV2`, … */
  readonly operation: string;
  /** The server's error code (`NoSuchBucket`, `SignatureDoesNotMatch`, …) or the socket's (`ECONNREFUSED`). */
  readonly code: string | undefined;
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined;

  constructor(options: {
    kind: ObjectStoreErrorKind;
    bucket: string;
    key: string;
    operation: string;
    message: string;
    code?: string | undefined;
    status?: number | undefined;
    cause?: unknown;
  }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.kind = options.kind;
    this.bucket = options.bucket;
    this.key = options.key;
    this.operation = options.operation;
    this.code = options.code;
    this.status = options.status;
  }

  static override isInstance(error: unknown): error is ObjectStoreError {
    return MlflowError.hasMarker(error, marker);
  }
}

/** Whether `error` is an ObjectStoreError (of one of `kinds`, when given). */
export function isObjectStoreError(error: unknown, ...kinds: ObjectStoreErrorKind[]): error is ObjectStoreError {
  return ObjectStoreError.isInstance(error) && (kinds.length === 0 || kinds.includes(error.kind));
}
