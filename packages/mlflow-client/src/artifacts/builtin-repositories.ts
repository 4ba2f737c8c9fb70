/**
 * The artifact repositories this client knows by URI scheme: `file` (a local folder; also plain
 * paths), `mlflow-artifacts` (the tracking server's proxy), `http` / `https` (a proxy URL) and `s3`
 * (a bucket, reached directly).
 */
import { HttpTransport } from '../store/rest/http-transport.js';
import { MlflowHttpApi } from '../store/rest/mlflow-http-api.js';
import { splitUserInfo } from '../store/rest/auth.js';
import { resolveMlflowArtifactsUri } from '../uri/mlflow-artifacts-uri.js';
import type { ArtifactRepository } from './artifact-repository.js';
import { HttpArtifactRepository } from './http-artifact-repository.js';
import { LocalArtifactRepository } from './local-artifact-repository.js';
import type { S3ConnectionOptions } from './s3/s3-connection.js';
import { S3ArtifactRepository } from './s3/s3-artifact-repository.js';
import type { HttpOptions } from '../store/rest/http-options.js';

export interface ArtifactRepositoryContext {
  /** Needed for `mlflow-artifacts:` URIs: the server whose proxy serves them. */
  trackingUri?: string;
  /** A transport to share (sockets, retries, auth), or options for a new one. */
  http?: HttpTransport | HttpOptions;
  /** For `s3://` roots: the connection (default: the environment, as MLflow reads it). */
  s3?: S3ConnectionOptions;
}

/** Makes the repository of one artifact root URI. */
export type ArtifactRepositoryFactory = (uri: string, context: ArtifactRepositoryContext) => ArtifactRepository;

const transportOf = (context: ArtifactRepositoryContext): HttpTransport =>
  context.http instanceof HttpTransport ? context.http : new HttpTransport(context.http ?? {});

const local: ArtifactRepositoryFactory = (uri) => new LocalArtifactRepository(uri);

const proxied: ArtifactRepositoryFactory = (uri, context) => {
  const transport = transportOf(context);
  const url = resolveMlflowArtifactsUri(uri, context.trackingUri);
  const headers = context.trackingUri === undefined ? {} : new MlflowHttpApi(context.trackingUri, transport).extraHeaders();
  return new HttpArtifactRepository(url, transport, { headers });
};

const http: ArtifactRepositoryFactory = (uri, context) => {
  const transport = transportOf(context);
  const { url } = splitUserInfo(uri);
  return new HttpArtifactRepository(url, transport, { headers: new MlflowHttpApi(uri, transport).extraHeaders() });
};

const s3: ArtifactRepositoryFactory = (uri, context) =>
  new S3ArtifactRepository(uri, {
    ...(context.s3 === undefined ? {} : { connection: context.s3 }),
    ...(context.http instanceof HttpTransport ? { concurrency: context.http.options.artifactConcurrency } : {}),
  });

export const BUILT_IN_REPOSITORIES: Readonly<Record<string, ArtifactRepositoryFactory>> = {
  file: local,
  'mlflow-artifacts': proxied,
  http,
  https: http,
  s3,
};
