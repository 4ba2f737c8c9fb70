/**
 * kedro's versioning (core-pipeline's AbstractVersionedDataset) over a DatasetFileSystem, so that a
 * file dataset's `filepath` may be local or `s3://bucket/key`. Local paths keep core-pipeline's own
 * behaviour; for s3 paths the version listing, the "save path must not exist" check and `exists()`
 * go through the bucket, with the same layout (`<filepath>/<version>/<file name>`). A version is
 * listed only when its object is complete, so a save cut off half-way never becomes the latest.
 */
import { posix } from 'node:path';
import {
  AbstractVersionedDataset,
  DatasetError,
  isSafeVersion,
  validateVersionString,
  type DatasetContext,
  type VersionedDatasetOptions,
} from '@kedro-mlflow/core-pipeline';
import { isS3Uri, parseS3Uri } from '@kedro-mlflow/mlflow-client/s3-uri';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import type { DatasetFileSystem } from '../storage/file-system.js';
import { localFileSystem } from '../storage/local-file-system.js';
import { s3ConnectionFromCredentials } from '../storage/s3-credentials.js';
import { S3FileSystem } from '../storage/s3-file-system.js';
import { storageError } from '../storage/storage-errors.js';

export interface StorageDatasetOptions extends VersionedDatasetOptions {
  /** For `s3://` paths: kedro's S3 credentials (`key`, `secret`, `client_kwargs.endpoint_url`, …). Never printed. */
  credentials?: unknown;
}

/** How messages name a dataset: `'cars'` from a catalog, else `Class(filepath='…')`. */
export function datasetLabel(className: string, filepath: unknown, context?: DatasetContext): string {
  return context?.name !== undefined ? `'${context.name}'` : `${className}(filepath='${String(filepath)}')`;
}

/** The S3 file system of a dataset's credentials, checked now (bad keys fail when the dataset is built). */
export function s3FileSystemFor(label: string, credentials: unknown): S3FileSystem {
  return new S3FileSystem(s3ConnectionFromCredentials(label, credentials));
}

export abstract class StorageVersionedDataset<TLoad, TSave = TLoad> extends AbstractVersionedDataset<TLoad, TSave> {
  /** `s3://` paths are versioned here, in the bucket (core-pipeline versions local paths only). */
  static override readonly VERSIONED_SCHEMES: readonly string[] = ['s3'];
  /** How messages name this dataset: `'cars'` from a catalog, else its description. */
  readonly label: string;
  /** Where `filepath` lives. */
  readonly storage: DatasetFileSystem;
  // Plain (not #private) fields: AbstractVersionedDataset.withVersion() copies instances by assignment.
  private readonly credentials: unknown;
  private s3: S3FileSystem | undefined;

  constructor(options: StorageDatasetOptions, context?: DatasetContext) {
    if (isS3Uri(options?.filepath) && options.version !== undefined) {
      for (const half of [options.version.load, options.version.save]) if (half !== undefined && half !== null) validateVersionString(half);
    }
    super(options);
    const remote = isS3Uri(this.filepath);
    this.label = datasetLabel(new.target.name, this.filepath, context);
    this.credentials = options?.credentials;
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(this.filepath)?.[1];
    if (remote) {
      try {
        parseS3Uri(this.filepath);
      } catch (error) {
        throw new DatasetOptionError({ dataset: this.label, option: 'filepath', message: `Dataset ${this.label}: ${(error as Error).message} Use 's3://<bucket>/<key>'.` });
      }
      this.s3 = s3FileSystemFor(this.label, this.credentials);
      this.storage = this.s3;
    } else if (scheme !== undefined) {
      throw new DatasetOptionError({
        dataset: this.label,
        option: 'filepath',
        message:
          `Dataset ${this.label} points at '${this.filepath}': '${scheme}://' paths are not supported, only local paths, ` +
          "'file://' URLs and 's3://' paths. Copy the file locally or to S3, and point 'filepath' at it.",
      });
    } else {
      this.storage = localFileSystem;
    }
  }

  /** True when `filepath` is in an object store (`s3://`). */
  get isRemote(): boolean {
    return this.storage.protocol !== 'file';
  }

  /** The file system of any path this dataset reads or writes (a staging copy may be local). */
  protected storageOf(path: string): DatasetFileSystem {
    if (!isS3Uri(path)) return localFileSystem;
    this.s3 ??= s3FileSystemFor(this.label, this.credentials);
    return this.s3;
  }

  /** Runs a storage call; object-store failures become DatasetFileErrors naming this dataset. */
  protected async onStorage<T>(path: string, action: 'load' | 'save' | 'list', run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw storageError(error, this.label, path, action) ?? error;
    }
  }

  override getVersionedPath(version: string): string {
    if (!this.isRemote) return super.getVersionedPath(version);
    validateVersionString(version);
    return this.storage.join(this.filepath, version, posix.basename(this.filepath));
  }

  override async listVersions(options: { fullPath?: boolean } = {}): Promise<string[]> {
    if (!this.isRemote) return super.listVersions(options);
    const name = posix.basename(this.filepath);
    const files = await this.onStorage(this.filepath, 'list', () => this.storage.listFiles(this.filepath));
    const versions = files
      .map((file) => file.split('/'))
      .filter((parts) => parts.length === 2 && parts[1] === name && !parts[0]!.startsWith('.') && isSafeVersion(parts[0]!))
      .map((parts) => parts[0]!)
      .sort((a, b) => (a < b ? 1 : a > b ? -1 : 0));
    return options.fullPath === true ? versions.map((v) => this.getVersionedPath(v)) : versions;
  }

  override async getLoadPath(): Promise<string> {
    try {
      return await super.getLoadPath();
    } catch (error) {
      // core-pipeline reports any listing failure as "no versions"; a storage failure (wrong secret,
      // missing bucket, endpoint down) is the more useful error, with its kind.
      const cause = (error as { cause?: unknown } | null)?.cause;
      if (this.isRemote && DatasetFileError.isInstance(cause)) throw cause;
      throw error;
    }
  }

  override async getSavePath(): Promise<string> {
    if (!this.isRemote) return super.getSavePath();
    const version = this.resolveSaveVersion();
    if (version === undefined) return this.filepath;
    const path = this.getVersionedPath(version);
    if (await this.onStorage(path, 'save', () => this.storage.exists(path))) {
      throw new DatasetError(`Save path '${path}' for ${this.toString()} must not exist if versioning is enabled.`);
    }
    return path;
  }

  protected override async _exists(): Promise<boolean> {
    if (!this.isRemote) return super._exists();
    const path = await this.getLoadPath();
    return this.onStorage(path, 'load', () => this.storage.exists(path));
  }
}
