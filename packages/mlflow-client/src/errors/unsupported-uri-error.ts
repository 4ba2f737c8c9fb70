import { MlflowError } from './mlflow-error.js';

const name = 'UnsupportedUriError';
const marker = `@kedro-mlflow/mlflow-client.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A tracking, registry or artifact URI whose scheme this client cannot use (`s3://`, `gs://`,
 * `databricks`, `sqlite:`…), or a malformed one (`http://` without a host, a `file://` URI with a
 * remote host). The message names the URI (without credentials) and what to use instead.
 */
export class UnsupportedUriError extends MlflowError {
  private readonly [symbol] = true;
  readonly uri: string;
  readonly scheme: string;

  constructor(options: { message: string; uri: string; scheme: string; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.uri = options.uri;
    this.scheme = options.scheme;
  }

  static override isInstance(error: unknown): error is UnsupportedUriError {
    return MlflowError.hasMarker(error, marker);
  }
}
