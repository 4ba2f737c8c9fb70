/** Turns a non-2xx (or malformed 2xx) HTTP answer into an `MlflowApiError` with a useful message. */
import { MlflowApiError, type MlflowErrorCode } from '../../errors/mlflow-api-error.js';

const CODE_OF_STATUS: Record<number, MlflowErrorCode> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'ENDPOINT_NOT_FOUND',
  405: 'BAD_REQUEST',
  408: 'DEADLINE_EXCEEDED',
  409: 'RESOURCE_CONFLICT',
  413: 'BAD_REQUEST',
  415: 'BAD_REQUEST',
  429: 'REQUEST_LIMIT_EXCEEDED',
  499: 'CANCELLED',
  500: 'INTERNAL_ERROR',
  501: 'NOT_IMPLEMENTED',
  502: 'TEMPORARILY_UNAVAILABLE',
  503: 'TEMPORARILY_UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

/** MLflow's code for an HTTP status when the body does not carry one. */
export function errorCodeForStatus(status: number): MlflowErrorCode {
  return CODE_OF_STATUS[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST');
}

function hintFor(status: number, attempts: number): string {
  if (status === 401) return ' Check MLFLOW_TRACKING_USERNAME / MLFLOW_TRACKING_PASSWORD or MLFLOW_TRACKING_TOKEN (or the username/password/token options).';
  if (status === 403) return ' The credentials are valid but lack permission for this resource.';
  if (status === 404) return ' The server has no such endpoint: check that the tracking URI (including any path prefix) points at an MLflow server, and that the server is MLflow 3.';
  if (status === 503 && attempts > 1) return ` Gave up after ${attempts} attempts; the server (or a proxy in front of it) is unavailable or this feature is disabled on it.`;
  if (status >= 500 && attempts > 1) return ` Gave up after ${attempts} attempts; check the server's log.`;
  return '';
}

function snippet(text: string): string {
  const flat = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}

/** An error answer: `{error_code, message}` when the body has them, else derived from the status. */
export function errorFromResponse(options: { status: number; bodyText: string; endpoint: string; attempts: number }): MlflowApiError {
  const { status, bodyText, endpoint, attempts } = options;
  let parsed: unknown;
  try {
    parsed = bodyText.trim().startsWith('{') ? JSON.parse(bodyText) : undefined;
  } catch {
    parsed = undefined;
  }
  if (parsed !== null && typeof parsed === 'object' && typeof (parsed as { error_code?: unknown }).error_code === 'string') {
    const body = parsed as { error_code: string; message?: unknown };
    const message = typeof body.message === 'string' ? body.message : JSON.stringify(parsed);
    return new MlflowApiError({
      errorCode: body.error_code,
      status,
      endpoint,
      message: `${message} (${endpoint} -> HTTP ${status} ${body.error_code}).${hintFor(status, attempts)}`,
    });
  }
  const errorCode = errorCodeForStatus(status);
  const text = snippet(bodyText);
  return new MlflowApiError({
    errorCode,
    status,
    endpoint,
    message: `${endpoint} failed with HTTP ${status}${text === '' ? '' : `: ${text}`}.${hintFor(status, attempts)}`,
  });
}

/** A 2xx whose body is not a JSON object (a login page, a proxy's HTML, a wrong URL). */
export function malformedSuccess(options: { status: number; bodyText: string; endpoint: string }): MlflowApiError {
  return new MlflowApiError({
    errorCode: 'INTERNAL_ERROR',
    status: options.status,
    endpoint: options.endpoint,
    message: `${options.endpoint} answered HTTP ${options.status} but its body is not a JSON object (${JSON.stringify(snippet(options.bodyText).slice(0, 80))}). The tracking URI may point at something other than an MLflow server (a proxy, a login page): check it.`,
  });
}
