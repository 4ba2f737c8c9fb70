import { MlflowError } from './mlflow-error.js';

const name = 'MlflowApiError';
const marker = `@kedro-mlflow/mlflow-client.error.${name}`;
const symbol = Symbol.for(marker);

/** MLflow's error codes (`error_code` on the wire); other strings may appear from newer servers. */
export type MlflowErrorCode =
  | 'INVALID_PARAMETER_VALUE'
  | 'BAD_REQUEST'
  | 'RESOURCE_ALREADY_EXISTS'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'NOT_FOUND'
  | 'ENDPOINT_NOT_FOUND'
  | 'PERMISSION_DENIED'
  | 'UNAUTHENTICATED'
  | 'ALREADY_EXISTS'
  | 'RESOURCE_CONFLICT'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'RESOURCE_EXHAUSTED'
  | 'INTERNAL_ERROR'
  | 'INVALID_STATE'
  | 'DATA_LOSS'
  | 'NOT_IMPLEMENTED'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | (string & {});

const STATUS_OF_CODE: Record<string, number> = {
  INVALID_PARAMETER_VALUE: 400,
  BAD_REQUEST: 400,
  RESOURCE_ALREADY_EXISTS: 400,
  RESOURCE_DOES_NOT_EXIST: 404,
  NOT_FOUND: 404,
  ENDPOINT_NOT_FOUND: 404,
  PERMISSION_DENIED: 403,
  UNAUTHENTICATED: 401,
  ALREADY_EXISTS: 409,
  RESOURCE_CONFLICT: 409,
  REQUEST_LIMIT_EXCEEDED: 429,
  RESOURCE_EXHAUSTED: 429,
  INTERNAL_ERROR: 500,
  INVALID_STATE: 500,
  DATA_LOSS: 500,
  NOT_IMPLEMENTED: 501,
  TEMPORARILY_UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/**
 * An error answered by MLflow (a server, or the file store behaving like one): `errorCode` is
 * MLflow's code (`RESOURCE_DOES_NOT_EXIST`, …), `status` the HTTP status it maps to.
 */
export class MlflowApiError extends MlflowError {
  private readonly [symbol] = true;
  readonly errorCode: MlflowErrorCode;
  readonly status: number;
  /** `POST /api/2.0/mlflow/runs/create`, when the error came from a request. */
  readonly endpoint?: string;

  constructor(options: { errorCode: MlflowErrorCode; message: string; status?: number; endpoint?: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = name;
    this.errorCode = options.errorCode;
    this.status = options.status ?? STATUS_OF_CODE[options.errorCode] ?? 500;
    if (options.endpoint !== undefined) this.endpoint = options.endpoint;
  }

  static override isInstance(error: unknown): error is MlflowApiError {
    return MlflowError.hasMarker(error, marker);
  }

  /** Throws of "does not exist" errors, which callers often want to turn into `undefined`. */
  static isNotFound(error: unknown): boolean {
    return MlflowApiError.isInstance(error) && (error.errorCode === 'RESOURCE_DOES_NOT_EXIST' || error.status === 404);
  }
}
