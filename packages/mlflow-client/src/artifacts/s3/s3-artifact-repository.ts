/**
 * Artifacts straight in an S3-compatible bucket: the `s3://bucket/prefix` roots a server started
 * with `--default-artifact-root s3://…` (and no artifact proxy) hands its clients. Like MLflow's
 * S3ArtifactRepository the connection comes from the environment — `MLFLOW_S3_ENDPOINT_URL`,
 * `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`, `AWS_REGION`,
 * `MLFLOW_S3_IGNORE_TLS`, `MLFLOW_S3_UPLOAD_EXTRA_ARGS` — unless one is given.
 *
 * Files are streamed from disk (multipart above the part size) and downloads land through a
 * temporary file. An endpoint that does not answer is an `MlflowConnectionError` (so the run's
 * background logger journals the upload and retries it later, as for a proxy outage); every other
 * failure is an `ObjectStoreError` with its kind.
 */
import { stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { FileInfo } from '../../entities/common.js';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import { MlflowConnectionError } from '../../errors/mlflow-connection-error.js';
import { joinArtifactPath, normalizeArtifactPath } from '../../uri/artifact-path.js';
import type { ArtifactRepository } from '../artifact-repository.js';
import { localTarget } from '../local-target.js';
import { mapLimit } from '../map-limit.js';
import { walkFiles } from '../walk-files.js';
import { ObjectStoreError } from './object-store-error.js';
import { s3ConnectionFromEnv, type S3ConnectionOptions } from './s3-connection.js';
import { formatS3Uri, joinKey, keyProblem, parseS3Uri, type S3Location } from './s3-location.js';
import { S3ObjectStore } from './s3-object-store.js';

export interface S3ArtifactRepositoryOptions {
  /** The connection; default: the environment, as MLflow reads it. */
  connection?: S3ConnectionOptions;
  /** A store to share (its client and sockets); default: the process's store for the connection. */
  store?: S3ObjectStore;
  /** Files uploaded or downloaded at the same time (default 4). */
  concurrency?: number;
}

const byPath = (a: FileInfo, b: FileInfo): number => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0);

export class S3ArtifactRepository implements ArtifactRepository {
  readonly rootUri: string;
  readonly root: S3Location;
  readonly store: S3ObjectStore;
  private readonly concurrency: number;

  constructor(rootUri: string, options: S3ArtifactRepositoryOptions = {}) {
    this.root = parseS3Uri(rootUri);
    this.rootUri = formatS3Uri(this.root);
    this.store = options.store ?? S3ObjectStore.shared(options.connection ?? s3ConnectionFromEnv());
    this.concurrency = options.concurrency ?? 4;
  }

  private location(rel: string): S3Location {
    return { bucket: this.root.bucket, key: joinKey(this.root.key, rel) };
  }

  /** Runs an S3 call; an endpoint that does not answer becomes a connection error (transient). */
  private async call<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      if (!ObjectStoreError.isInstance(error)) throw error;
      if (error.kind === 'unreachable') {
        throw new MlflowConnectionError({
          message: error.message,
          endpoint: `${error.operation} ${formatS3Uri(error)}`,
          attempts: 1,
          ...(error.code === undefined ? {} : { code: error.code }),
          cause: error,
        });
      }
      if (error.kind === 'not-found') {
        throw new MlflowApiError({ errorCode: 'RESOURCE_DOES_NOT_EXIST', message: `No artifact at '${formatS3Uri(error)}' (root ${this.rootUri}).`, cause: error });
      }
      throw error;
    }
  }

  async logArtifact(localFile: string, artifactPath?: string): Promise<void> {
    const rel = joinArtifactPath(artifactPath, basename(localFile));
    const info = await stat(localFile);
    if (!info.isFile()) throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `'${localFile}' is not a file; use logArtifacts for folders.` });
    await this.call(() => this.store.uploadFile(this.location(rel), localFile));
  }

  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const base = normalizeArtifactPath(artifactPath);
    const files = await walkFiles(localDir);
    await mapLimit(files, this.concurrency, (rel) => this.call(() => this.store.uploadFile(this.location(joinArtifactPath(base, rel)), join(localDir, ...rel.split('/')))));
  }

  async listArtifacts(path?: string): Promise<FileInfo[]> {
    const rel = normalizeArtifactPath(path);
    const prefix = joinKey(this.root.key, rel);
    const listed = await this.call(() => this.store.list({ bucket: this.root.bucket, key: prefix === '' ? '' : `${prefix}/` }, { delimiter: '/' }));
    const childPath = (key: string): string | undefined => {
      const name = key.slice(prefix === '' ? 0 : prefix.length + 1);
      // Only direct children with a usable name; a key such as 'a/../b' is skipped, never followed.
      return name === '' || name.includes('/') || keyProblem(name) !== undefined ? undefined : rel === '' ? name : `${rel}/${name}`;
    };
    const files: FileInfo[] = [];
    for (const p of listed.prefixes) {
      const child = childPath(p);
      if (child !== undefined) files.push({ path: child, isDir: true });
    }
    for (const o of listed.objects) {
      const child = childPath(o.key);
      if (child !== undefined) files.push({ path: child, isDir: false, fileSize: o.size });
    }
    return files.sort(byPath);
  }

  /** Every object key under `rel` (recursively), relative to the root; usable keys only. */
  private async filesUnder(rel: string): Promise<string[]> {
    const prefix = joinKey(this.root.key, rel);
    const { objects } = await this.call(() => this.store.list({ bucket: this.root.bucket, key: prefix === '' ? '' : `${prefix}/` }));
    const start = this.root.key === '' ? 0 : this.root.key.length + 1;
    return objects.map((o) => o.key.slice(start)).filter((key) => key !== '' && !key.endsWith('/') && keyProblem(key) === undefined);
  }

  async downloadArtifacts(artifactPath: string, dstDir: string): Promise<string> {
    const rel = normalizeArtifactPath(artifactPath);
    const root = resolve(dstDir);
    const files = await this.filesUnder(rel);
    if (files.length === 0 && rel !== '') {
      const local = localTarget(root, rel);
      await this.call(() => this.store.downloadFile(this.location(rel), local));
      return local;
    }
    if (files.length === 0) throw new MlflowApiError({ errorCode: 'RESOURCE_DOES_NOT_EXIST', message: `No artifacts under ${this.rootUri}.` });
    // Every target is checked before anything is written.
    const targets = files.map((file) => [file, localTarget(root, file)] as const);
    await mapLimit(targets, this.concurrency, ([file, local]) => this.call(() => this.store.downloadFile(this.location(file), local)));
    return rel === '' ? root : localTarget(root, rel);
  }

  async deleteArtifacts(artifactPath?: string): Promise<void> {
    const rel = normalizeArtifactPath(artifactPath);
    const keys = (await this.filesUnder(rel)).map((file) => joinKey(this.root.key, file));
    if (rel !== '') keys.push(joinKey(this.root.key, rel));
    await this.call(() => this.store.deleteObjects(this.root.bucket, keys));
  }
}
