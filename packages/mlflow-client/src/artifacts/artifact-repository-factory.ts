/**
 * The artifact repository for a root URI, chosen by its scheme from a registry (MLflow's
 * `ArtifactRepositoryRegistry`): the built-in schemes (`file` and plain paths, `mlflow-artifacts`,
 * `http(s)`, `s3`) and any a program adds with `registerArtifactRepository`. Adding a backend is one
 * registration, not a change here. Other schemes are refused with a message naming the scheme and
 * what to do.
 */
import { UnsupportedUriError } from '../errors/unsupported-uri-error.js';
import { uriScheme } from '../uri/tracking-uri.js';
import type { ArtifactRepository } from './artifact-repository.js';
import { BUILT_IN_REPOSITORIES, type ArtifactRepositoryContext, type ArtifactRepositoryFactory } from './builtin-repositories.js';

export type { ArtifactRepositoryContext, ArtifactRepositoryFactory } from './builtin-repositories.js';

const CLOUD_HINT: Record<string, string> = {
  gs: 'Google Cloud Storage',
  wasbs: 'Azure Blob Storage',
  abfss: 'Azure Data Lake',
  hdfs: 'HDFS',
  dbfs: 'Databricks DBFS',
  sftp: 'SFTP',
  ftp: 'FTP',
};

const registry = new Map<string, ArtifactRepositoryFactory>(Object.entries(BUILT_IN_REPOSITORIES));

/**
 * Makes `factory` the repository of `scheme:` URIs in this process (replacing a built-in one of the
 * same scheme, e.g. an `s3` with fixed credentials).
 */
export function registerArtifactRepository(scheme: string, factory: ArtifactRepositoryFactory): void {
  if (!/^[a-z][a-z0-9+.-]*$/i.test(scheme) || scheme.length < 2) {
    throw new UnsupportedUriError({ uri: `${scheme}:`, scheme, message: `'${scheme}' is not a URI scheme (letters, digits, '+', '-', '.'; at least two characters).` });
  }
  registry.set(scheme.toLowerCase(), factory);
}

/** The schemes a repository is registered for, sorted. */
export function artifactRepositorySchemes(): string[] {
  return [...registry.keys()].sort();
}

export function artifactRepositoryFor(uri: string, context: ArtifactRepositoryContext = {}): ArtifactRepository {
  const scheme = uriScheme(uri) ?? 'file';
  const factory = registry.get(scheme);
  if (factory !== undefined) return factory(uri, context);
  const store = CLOUD_HINT[scheme];
  throw new UnsupportedUriError({
    uri,
    scheme,
    message:
      `Artifacts at '${scheme}:' URIs${store === undefined ? '' : ` (${store})`} cannot be read or written by this client ` +
      `(it knows ${artifactRepositorySchemes().map((s) => `${s}:`).join(', ')}). Start the server with ` +
      `\`--serve-artifacts --artifacts-destination ${scheme}://…\` so runs get mlflow-artifacts:/ URIs, use a local or s3:// ` +
      'artifact root, or register a repository for the scheme with registerArtifactRepository().',
  });
}
