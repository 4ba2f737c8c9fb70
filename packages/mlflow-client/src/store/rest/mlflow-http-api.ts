/**
 * JSON calls to one MLflow server: `GET` with query strings, other methods with JSON bodies,
 * `{error_code, message}` errors as `MlflowApiError`. The base URL is the tracking URI used
 * verbatim (a path prefix is kept), without its trailing `/` and without user info (credentials
 * in the URI become a Basic `Authorization` header).
 */
import { authorizationHeader, splitUserInfo } from './auth.js';
import { errorFromResponse, malformedSuccess } from './response-errors.js';
import { toQueryString, type QueryValue } from './query-string.js';
import type { HttpMethod, HttpTransport } from './http-transport.js';

/** Where MLflow's tracking and registry endpoints live on a server. */
export const MLFLOW_API = '/api/2.0/mlflow';

export type JsonObject = Record<string, unknown>;

export class MlflowHttpApi {
  /** `http://host:5000/prefix`, no trailing slash, no credentials. */
  readonly baseUrl: string;
  readonly transport: HttpTransport;
  private readonly uriAuthorization: string | undefined;

  constructor(trackingUri: string, transport: HttpTransport) {
    const { url, username, password } = splitUserInfo(trackingUri.trim());
    this.baseUrl = url.replace(/\/+$/, '');
    this.transport = transport;
    const o = transport.options;
    // Explicit options / env credentials win over user info in the URI.
    const hasOwn = (o.username !== undefined && o.password !== undefined) || o.token !== undefined;
    this.uriAuthorization = !hasOwn && username !== undefined ? authorizationHeader({ username, password: password ?? '', token: undefined }) : undefined;
  }

  /** `endpoint` like `/api/2.0/mlflow/runs/get`. */
  url(endpoint: string): string {
    return `${this.baseUrl}${endpoint.startsWith('/') ? '' : '/'}${endpoint}`;
  }

  /** Headers every call to this server carries (credentials from the URI). */
  extraHeaders(): Record<string, string> {
    return this.uriAuthorization === undefined ? {} : { authorization: this.uriAuthorization };
  }

  get<T = JsonObject>(endpoint: string, query?: Record<string, QueryValue>): Promise<T> {
    return this.call<T>('GET', `${endpoint}${toQueryString(query)}`);
  }

  post<T = JsonObject>(endpoint: string, body: JsonObject): Promise<T> {
    return this.call<T>('POST', endpoint, body);
  }

  patch<T = JsonObject>(endpoint: string, body: JsonObject): Promise<T> {
    return this.call<T>('PATCH', endpoint, body);
  }

  delete<T = JsonObject>(endpoint: string, body?: JsonObject): Promise<T> {
    return this.call<T>('DELETE', endpoint, body);
  }

  /** One JSON request; the answer must be a JSON object (an empty body counts as `{}`). */
  async call<T = JsonObject>(method: HttpMethod, endpointWithQuery: string, body?: JsonObject): Promise<T> {
    const headers: Record<string, string> = { ...this.extraHeaders(), accept: 'application/json' };
    let payload: string | undefined;
    if (body !== undefined) {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
    const endpoint = `${method} ${endpointWithQuery.split('?')[0]}`;
    return this.transport.send({ method, url: this.url(endpointWithQuery), headers, ...(payload === undefined ? {} : { body: () => payload }) }, async (response) => {
      const bodyText = await response.body.text();
      if (response.status < 200 || response.status >= 300) {
        throw errorFromResponse({ status: response.status, bodyText, endpoint, attempts: response.attempts });
      }
      if (bodyText.trim() === '') return {} as T;
      let parsed: unknown;
      try {
        parsed = JSON.parse(bodyText);
      } catch {
        throw malformedSuccess({ status: response.status, bodyText, endpoint });
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw malformedSuccess({ status: response.status, bodyText, endpoint });
      return parsed as T;
    });
  }
}
