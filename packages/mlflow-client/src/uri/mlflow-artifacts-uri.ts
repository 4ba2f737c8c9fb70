/**
 * `mlflow-artifacts:` URIs name files behind a tracking server's artifact proxy:
 * `mlflow-artifacts:/1/abc/artifacts` → `<tracking URI>/api/2.0/mlflow-artifacts/artifacts/1/abc/artifacts`;
 * `mlflow-artifacts://host:port/path` uses that host and port with the tracking URI's scheme.
 */
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { splitUserInfo } from '../store/rest/auth.js';

export const ARTIFACTS_PROXY_PATH = '/api/2.0/mlflow-artifacts/artifacts';

export function resolveMlflowArtifactsUri(artifactUri: string, trackingUri: string | undefined): string {
  if (trackingUri === undefined || !/^https?:\/\//i.test(trackingUri)) {
    throw new MlflowApiError({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: `The artifact URI ${artifactUri} is served by an MLflow server's artifact proxy, but the tracking URI ${trackingUri === undefined ? '(none)' : JSON.stringify(splitUserInfo(trackingUri).url)} is not an http(s) URL. Set MLFLOW_TRACKING_URI (or trackingUri) to that server.`,
    });
  }
  const tracking = new URL(splitUserInfo(trackingUri).url);
  const rest = artifactUri.slice('mlflow-artifacts:'.length);
  let host = tracking.host;
  let path = rest;
  if (rest.startsWith('//')) {
    const end = rest.indexOf('/', 2);
    const authority = end === -1 ? rest.slice(2) : rest.slice(2, end);
    path = end === -1 ? '' : rest.slice(end);
    if (authority !== '') {
      if (authority.startsWith(':')) {
        throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `The artifact URI ${artifactUri} gives a port without a host name.` });
      }
      host = authority;
    }
  }
  const prefix = tracking.pathname.replace(/\/+$/, '');
  const tail = path.replace(/^\/+/, '').replace(/\/+$/, '');
  return `${tracking.protocol}//${host}${prefix}${ARTIFACTS_PROXY_PATH}${tail === '' ? '' : `/${tail}`}`;
}
