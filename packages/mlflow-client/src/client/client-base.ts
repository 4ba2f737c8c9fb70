/**
 * What every part of `MlflowClient` shares: the stores picked from the tracking and registry URIs,
 * one HTTP transport (keep-alive sockets, retry policy, auth), and the artifact repositories of
 * runs and logged models.
 */
import type { ArtifactRepository } from '../artifacts/artifact-repository.js';
import { artifactRepositoryFor } from '../artifacts/artifact-repository-factory.js';
import { HttpTransport } from '../store/rest/http-transport.js';
import type { RegistryStore } from '../store/registry-store.js';
import type { TrackingStore } from '../store/tracking-store.js';
import { resolveRegistryUri, resolveTrackingUri } from '../uri/tracking-uri.js';
import { validateRunId } from '../validation.js';
import type { MlflowClientOptions } from './client-options.js';
import { storeFor } from './store-factory.js';

const MAX_CACHED_ROOTS = 1000;

export class MlflowClientBase {
  /** The tracking URI in use (explicit > `MLFLOW_TRACKING_URI` > `./mlruns`). */
  readonly trackingUri: string;
  readonly registryUri: string;
  /** Where runs, experiments and logged models live. */
  readonly trackingStore: TrackingStore;
  /** Where registered models live. */
  readonly registryStore: RegistryStore;
  /** The HTTP transport this client made, shared by its REST stores and artifact repositories; `close()` closes it. */
  readonly transport: HttpTransport;
  /** A run's artifact root, or the lookup under way (concurrent uploads to one run ask the server once). */
  private readonly artifactRoots = new Map<string, string | Promise<string>>();

  constructor(options: MlflowClientOptions = {}) {
    const env = options.env ?? process.env;
    this.trackingUri = resolveTrackingUri(options.trackingUri, env);
    this.registryUri = resolveRegistryUri(options.registryUri, this.trackingUri, env);
    this.transport = new HttpTransport(options, env);
    const made = options.trackingStore === undefined ? storeFor(this.trackingUri, this.transport, 'tracking') : undefined;
    this.trackingStore = options.trackingStore ?? made!;
    this.registryStore =
      options.registryStore ?? (made !== undefined && this.registryUri === this.trackingUri ? made : storeFor(this.registryUri, this.transport, 'registry'));
  }

  /**
   * Closes the one transport this client made and shares with its stores and artifact
   * repositories (once, however often this is called); stores passed in the options are the
   * caller's and stay open. The client must not be used afterwards: requests fail at once with
   * `TransportClosedError`.
   */
  close(): Promise<void> {
    return this.transport.close();
  }

  /** The artifact repository of a run's artifact root. */
  async runArtifactRepository(runId: string): Promise<ArtifactRepository> {
    validateRunId(runId);
    let root = this.artifactRoots.get(runId);
    if (root === undefined) {
      const lookup = this.trackingStore.getRun(runId).then((run) => run.info.artifactUri);
      if (this.artifactRoots.size >= MAX_CACHED_ROOTS) this.artifactRoots.delete(this.artifactRoots.keys().next().value as string);
      this.artifactRoots.set(runId, lookup);
      lookup.then(
        (uri) => this.artifactRoots.get(runId) === lookup && this.artifactRoots.set(runId, uri),
        () => this.artifactRoots.get(runId) === lookup && this.artifactRoots.delete(runId), // a failed lookup is asked again next time
      );
      root = lookup;
    }
    return this.artifactRepository(await root);
  }

  /**
   * Remembers the artifact root a run was created or read with (it never changes), so that the
   * run's first upload needs no `runs/get`.
   */
  protected rememberArtifactRoot(runId: string, artifactUri: string): void {
    if (artifactUri === '' || typeof this.artifactRoots.get(runId) === 'string') return;
    if (!this.artifactRoots.has(runId) && this.artifactRoots.size >= MAX_CACHED_ROOTS) this.artifactRoots.delete(this.artifactRoots.keys().next().value as string);
    this.artifactRoots.set(runId, artifactUri);
  }

  /** The artifact repository of any artifact URI (`mlflow-artifacts:`, `http(s):`, `file:`). */
  artifactRepository(artifactUri: string): ArtifactRepository {
    return artifactRepositoryFor(artifactUri, { trackingUri: this.trackingUri, http: this.transport });
  }
}
