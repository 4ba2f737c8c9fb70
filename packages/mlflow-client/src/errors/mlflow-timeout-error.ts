import { MlflowConnectionError } from './mlflow-connection-error.js';
import { MlflowError } from './mlflow-error.js';

const name = 'MlflowTimeoutError';
const marker = `@kedro-mlflow/mlflow-client.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Every attempt of a request took longer than the per-attempt timeout
 * (`MLFLOW_HTTP_REQUEST_TIMEOUT` or the `timeoutMs` option). Also an `MlflowConnectionError`.
 */
export class MlflowTimeoutError extends MlflowConnectionError {
  private readonly [symbol] = true;
  /** The per-attempt timeout that was exceeded, in ms. */
  readonly timeoutMs: number;

  constructor(options: { message: string; endpoint: string; attempts: number; timeoutMs: number; code?: string; cause?: unknown }) {
    super(options);
    this.name = name;
    this.timeoutMs = options.timeoutMs;
  }

  static override isInstance(error: unknown): error is MlflowTimeoutError {
    return MlflowError.hasMarker(error, marker);
  }
}
