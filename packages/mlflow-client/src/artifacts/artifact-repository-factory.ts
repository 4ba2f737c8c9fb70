/**
 * The artifact repository for a root URI, by scheme: `mlflow-artifacts:` (through the tracking
 * server's proxy), `http(s)://` (a proxy URL), `file:` or a plain path (a local folder). Other
 * schemes are refused with a message naming the scheme and what to do.
 */
import { UnsupportedUriError } from '../errors/unsupported-uri-error.js';
import { HttpTransport } from '../store/rest/http-transport.js';
import type { HttpOptions } from '../store/rest/http-options.js';
import { MlflowHttpApi } from '../store/rest/mlflow-http-api.js';
import { splitUserInfo } from '../store/rest/auth.js';
import { resolveMlflowArtifactsUri } from '../uri/mlflow-artifacts-uri.js';
import { uriScheme } from '../uri/tracking-uri.js';
import type { ArtifactRepository } from './artifact-repository.js';
import { HttpArtifactRepository } from './http-artifact-repository.js';
import { LocalArtifactRepository } from './local-artifact-repository.js';

export interface ArtifactRepositoryContext {
  /** Needed for `mlflow-artifacts:` URIs: the server whose proxy serves them. */
  trackingUri?: string;
  /** A transport to share (sockets, retries, auth), or options for a new one. */
  http?: HttpTransport | HttpOptions;
}

const CLOUD_HINT: Record<string, string> = {
  s3: 'Amazon S3',
  gs: 'Google Cloud Storage',
  wasbs: 'Azure Blob Storage',
  abfss: 'Azure Data Lake',
  hdfs: 'HDFS',
  dbfs: 'Databricks DBFS',
  sftp: 'SFTP',
  ftp: 'FTP',
};

export function artifactRepositoryFor(uri: string, context: ArtifactRepositoryContext = {}): ArtifactRepository {
  const scheme = uriScheme(uri);
  if (scheme === undefined || scheme === 'file') return new LocalArtifactRepository(uri);
  const transport = context.http instanceof HttpTransport ? context.http : new HttpTransport(context.http ?? {});
  if (scheme === 'mlflow-artifacts') {
    const url = resolveMlflowArtifactsUri(uri, context.trackingUri);
    const headers = context.trackingUri === undefined ? {} : new MlflowHttpApi(context.trackingUri, transport).extraHeaders();
    return new HttpArtifactRepository(url, transport, { headers });
  }
  if (scheme === 'http' || scheme === 'https') {
    const { url } = splitUserInfo(uri);
    const headers = new MlflowHttpApi(uri, transport).extraHeaders();
    return new HttpArtifactRepository(url, transport, { headers });
  }
  const store = CLOUD_HINT[scheme];
  throw new UnsupportedUriError({
    uri,
    scheme,
    message: `Artifacts at '${scheme}:' URIs${store === undefined ? '' : ` (${store})`} cannot be read or written by this client, which only reaches artifacts through an MLflow server's proxy or a local folder. Start the server with \`--serve-artifacts --artifacts-destination ${scheme}://…\` so runs get mlflow-artifacts:/ URIs, or use a local artifact root.`,
  });
}
