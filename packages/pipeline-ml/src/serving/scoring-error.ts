/**
 * A request the scoring server (or `predict`) refuses, with the HTTP status and MLflow's
 * `error_code` it is answered with. Programs branch on `kind`, `status` and `columns`/`params`,
 * never on the message; the message never holds a stack trace.
 */
import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'ScoringError';
const marker = `@kedro-mlflow/pipeline-ml.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * - `content-type` (415): not `application/json` / `text/csv`, or a charset other than UTF-8;
 * - `body-too-large` (413): the body is over the size cap;
 * - `body-timeout` (408): the client did not send its body in time;
 * - `bad-encoding` / `bad-json` / `bad-csv` / `too-deep` (400): the body cannot be read;
 * - `bad-format` (400): not an object with exactly one of the input keys, or a malformed one;
 * - `schema` (400): the input breaks the signature (`columns`: missing ones);
 * - `params` (400): an unknown param or one of the wrong type (`params`);
 * - `predict-failed` (400): the model threw (the cause is logged, not sent);
 * - `loading` (503), `load-failed` (503 / 404 on /ping), `timeout` (504), `not-found` (404),
 *   `method` (405), `internal` (500).
 */
export type ScoringErrorKind =
  | 'content-type'
  | 'body-too-large'
  | 'body-timeout'
  | 'bad-encoding'
  | 'bad-json'
  | 'bad-csv'
  | 'too-deep'
  | 'bad-format'
  | 'schema'
  | 'params'
  | 'predict-failed'
  | 'loading'
  | 'load-failed'
  | 'timeout'
  | 'not-found'
  | 'method'
  | 'internal';

/** MLflow's error codes (`databricks_pb2`) used by the scoring server. */
export type ScoringErrorCode =
  | 'BAD_REQUEST'
  | 'INVALID_PARAMETER_VALUE'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'TEMPORARILY_UNAVAILABLE'
  | 'DEADLINE_EXCEEDED'
  | 'ENDPOINT_NOT_FOUND'
  | 'RESOURCE_DOES_NOT_EXIST'
  | 'INTERNAL_ERROR';

const STATUS: Record<ScoringErrorKind, [number, ScoringErrorCode]> = {
  'content-type': [415, 'BAD_REQUEST'],
  'body-too-large': [413, 'REQUEST_LIMIT_EXCEEDED'],
  'body-timeout': [408, 'BAD_REQUEST'],
  'bad-encoding': [400, 'BAD_REQUEST'],
  'bad-json': [400, 'BAD_REQUEST'],
  'bad-csv': [400, 'BAD_REQUEST'],
  'too-deep': [400, 'BAD_REQUEST'],
  'bad-format': [400, 'BAD_REQUEST'],
  schema: [400, 'BAD_REQUEST'],
  params: [400, 'INVALID_PARAMETER_VALUE'],
  'predict-failed': [400, 'BAD_REQUEST'],
  loading: [503, 'TEMPORARILY_UNAVAILABLE'],
  'load-failed': [503, 'TEMPORARILY_UNAVAILABLE'],
  timeout: [504, 'DEADLINE_EXCEEDED'],
  'not-found': [404, 'ENDPOINT_NOT_FOUND'],
  method: [405, 'BAD_REQUEST'],
  internal: [500, 'INTERNAL_ERROR'],
};

export interface ScoringErrorDetails {
  /** Columns of the signature the input lacks (`schema`). */
  columns?: readonly string[];
  /** Params at fault (`params`). */
  params?: readonly string[];
}

export class ScoringError extends KedroError {
  private readonly [symbol] = true;
  readonly kind: ScoringErrorKind;
  readonly status: number;
  readonly errorCode: ScoringErrorCode;
  readonly columns: readonly string[];
  readonly params: readonly string[];

  constructor(kind: ScoringErrorKind, message: string, details: ScoringErrorDetails = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.kind = kind;
    [this.status, this.errorCode] = STATUS[kind];
    this.columns = Object.freeze([...(details.columns ?? [])]);
    this.params = Object.freeze([...(details.params ?? [])]);
  }

  /** The JSON body MLflow's scoring server answers errors with (no stack trace). */
  toJSON(): { error_code: ScoringErrorCode; message: string } {
    return { error_code: this.errorCode, message: this.message };
  }

  static override isInstance(error: unknown): error is ScoringError {
    return KedroError.hasMarker(error, marker);
  }
}
