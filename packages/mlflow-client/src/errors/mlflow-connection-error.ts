import { MlflowError } from './mlflow-error.js';

const name = 'MlflowConnectionError';
const marker = `@kedro-mlflow/mlflow-client.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * The server could not be reached (refused, reset, DNS, TLS, …) even after every retry. Nothing
 * was answered, so the request may or may not have been applied. A background logger can catch
 * this (see `isTransientFailure`) and keep the data for later.
 */
export class MlflowConnectionError extends MlflowError {
  private readonly [symbol] = true;
  /** `POST http://host:5000/api/2.0/mlflow/runs/log-batch` (never with credentials). */
  readonly endpoint: string;
  /** How many attempts were made (1 + retries). */
  readonly attempts: number;
  /** The low-level code of the last failure (`ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, …). */
  readonly code: string | undefined;

  constructor(options: { message: string; endpoint: string; attempts: number; code?: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = name;
    this.endpoint = options.endpoint;
    this.attempts = options.attempts;
    this.code = options.code;
  }

  static override isInstance(error: unknown): error is MlflowConnectionError {
    return MlflowError.hasMarker(error, marker);
  }
}
