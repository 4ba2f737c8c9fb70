/**
 * Whether a failure means "the server could not be used right now" rather than "the request was
 * wrong": nothing answered after every retry (`MlflowConnectionError`, `MlflowTimeoutError`), or
 * the server kept answering a retryable status (408, 429, 502, 503, 504, or a plain 500). A background logger
 * keeps such data for later instead of dropping it.
 */
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import { MlflowConnectionError } from '../../errors/mlflow-connection-error.js';
import { RETRY_STATUSES } from './backoff.js';

export function isTransientFailure(error: unknown): boolean {
  if (MlflowConnectionError.isInstance(error)) return true;
  if (!MlflowApiError.isInstance(error) || error.endpoint === undefined || !RETRY_STATUSES.has(error.status)) return false;
  // A 500 carrying a specific MLflow code (INVALID_STATE, DATA_LOSS…) is an answer, not an outage.
  return error.status !== 500 || error.errorCode === 'INTERNAL_ERROR';
}
