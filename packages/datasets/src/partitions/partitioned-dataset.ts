/**
 * A folder of files — local, or an `s3://bucket/prefix` — read and written through one underlying
 * dataset type (kedro-datasets' `partitions.PartitionedDataset`). Loading lists the partitions and returns, per partition id,
 * a function that loads it (nothing is read until called). Saving takes a record of values, or of
 * functions (sync or async) called one at a time so that only one partition is in memory.
 *
 * `overwrite: true` removes the existing partition files (those the dataset would load) before a
 * save; other files in the folder are left alone. Versioning is not supported, as in kedro. Each
 * partition is written atomically (see DatasetFileSystem); a save of several partitions is not one
 * atomic step, as in kedro.
 */
import { isS3Uri, parseS3Uri } from '@kedro-mlflow/mlflow-client/s3-uri';
import {
  AbstractDataset,
  datasetFromConfig,
  isDatasetClass,
  isPlainObject,
  resolveDatasetTypeSync,
  type DatasetClass,
  type DatasetContext,
} from '@kedro-mlflow/core-pipeline';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { checkArgs, isBoolean, isInteger, isString } from '../file/dataset-args.js';
import { fileDatasetTypes } from '../file/file-dataset-types.js';
import { markLocalPathDataset, type LocalPathDataset } from '../file/local-path-dataset.js';
import { showValue } from '../file/show-value.js';
import { s3FileSystemFor } from '../file/storage-versioned-dataset.js';
import type { DatasetFileSystem } from '../storage/file-system.js';
import { localFileSystem } from '../storage/local-file-system.js';
import { storageError } from '../storage/storage-errors.js';
import { listPartitions, partitionIdProblem, partitionPath } from './partition-paths.js';

export interface PartitionedDatasetOptions {
  /** The folder holding the partitions: a local path or `s3://bucket/prefix`. */
  path: string;
  /** The underlying dataset: a type name (`pandas.CSVDataset`), a class, or `{type, ...its options}`. */
  dataset: string | DatasetClass | Record<string, unknown>;
  /** The option of the underlying dataset that receives each partition's path (default `filepath`). */
  filepath_arg?: string | undefined;
  /** Only files ending with this belong to the dataset; it is not part of the partition id. */
  filename_suffix?: string | undefined;
  /** `{maxdepth}`: how many folder levels below `path` are searched (default: all). */
  load_args?: { maxdepth?: number } | undefined;
  /** Remove the existing partitions before saving (default false: partitions are added or replaced). */
  overwrite?: boolean | undefined;
  /** `false` saves function values as they are instead of calling them (default true). */
  save_lazily?: boolean | undefined;
  /** Given to the underlying dataset when its own config has none; for an s3 `path`, also used to list and remove partitions. Never printed. */
  credentials?: unknown;
  metadata?: Record<string, unknown> | undefined;
}

/** What a load returns: one loader per partition id. */
export type Partitions<T> = Record<string, () => Promise<T>>;
/** What a save takes: per partition id, the data or a (sync or async) function returning it. */
export type PartitionData<T> = Record<string, T | (() => T | Promise<T>)>;

function lastSegment(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

export class PartitionedDataset<T = unknown> extends AbstractDataset<Partitions<T>, PartitionData<T>> implements LocalPathDataset<Partitions<T>, PartitionData<T>> {
  static override readonly OPTION_KEYS: readonly string[] = [
    'path', 'dataset', 'filepath_arg', 'filename_suffix', 'load_args', 'overwrite', 'save_lazily', 'credentials', 'metadata',
  ];

  readonly localPathKind = 'folder' as const;
  readonly path: string;
  readonly datasetType: DatasetClass;
  /** The underlying dataset's options, without the partition path. */
  readonly datasetConfig: Readonly<Record<string, unknown>>;
  readonly filepathArg: string;
  readonly filenameSuffix: string;
  readonly overwrite: boolean;
  readonly saveLazily: boolean;
  readonly maxdepth: number | undefined;
  readonly label: string;
  /** Where `path` lives. */
  readonly storage: DatasetFileSystem;
  readonly #name: string;
  readonly #projectPath: string | undefined;
  readonly #credentials: unknown;

  constructor(options: PartitionedDatasetOptions, context?: DatasetContext) {
    super(options);
    this.#name = context?.name ?? 'partitioned';
    this.#projectPath = context?.projectPath;
    this.#credentials = options?.credentials;
    this.label = context?.name !== undefined ? `'${context.name}'` : `PartitionedDataset(path='${String(options?.path)}')`;
    const fail = (option: string, message: string, key?: string): DatasetOptionError =>
      new DatasetOptionError({ dataset: this.label, option, key, message: `Dataset ${this.label}: ${message}` });

    if (typeof options?.path !== 'string' || options.path === '') throw fail('path', "'path' must be the folder of the partitions.");
    if (isS3Uri(options.path)) {
      try {
        parseS3Uri(options.path);
      } catch (error) {
        throw fail('path', `${(error as Error).message} Use 's3://<bucket>/<prefix>'.`);
      }
      this.storage = s3FileSystemFor(this.label, options.credentials);
    } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(options.path)) {
      throw fail('path', `'${options.path}' is not a local folder or an s3:// prefix: only those are supported.`);
    } else {
      this.storage = localFileSystem;
    }
    this.path = options.path.replace(/^(s3:\/\/.*?)\/+$/i, '$1');
    const flags = checkArgs(this.label, 'options', { filepath_arg: options.filepath_arg, filename_suffix: options.filename_suffix, overwrite: options.overwrite, save_lazily: options.save_lazily }, {
      filepath_arg: isString,
      filename_suffix: isString,
      overwrite: isBoolean,
      save_lazily: isBoolean,
    });
    this.filepathArg = (flags.filepath_arg as string | undefined) ?? 'filepath';
    this.filenameSuffix = (flags.filename_suffix as string | undefined) ?? '';
    this.overwrite = flags.overwrite === true;
    this.saveLazily = flags.save_lazily !== false;
    this.maxdepth = checkArgs(this.label, 'load_args', options.load_args, { maxdepth: isInteger(0) }).maxdepth as number | undefined;

    const { type, ...config } = typeof options.dataset === 'string' || typeof options.dataset === 'function' ? { type: options.dataset } : (options.dataset ?? {});
    if (!isPlainObject(options.dataset) && typeof options.dataset !== 'string' && typeof options.dataset !== 'function') {
      throw fail('dataset', `'dataset' must be a type name, a dataset class or {type, ...options}, got ${showValue(options.dataset)}.`);
    }
    if ('versioned' in config) {
      throw fail('dataset', "PartitionedDataset does not support versioning of the underlying dataset: remove 'versioned' from 'dataset'.", 'versioned');
    }
    if (this.filepathArg in config) {
      throw fail('dataset', `'${this.filepathArg}' must not be given in 'dataset': each partition's path is put there.`, this.filepathArg);
    }
    this.datasetType = this.resolveType(type, fail);
    const takesCredentials = this.datasetType.OPTION_KEYS?.includes('credentials') ?? true;
    if (options.credentials !== undefined && config.credentials === undefined && takesCredentials) config.credentials = options.credentials;
    this.datasetConfig = config;
    // Building one partition now reports bad underlying options before the pipeline runs.
    this.partitionDataset(this.path, '_check');
  }

  private resolveType(type: unknown, fail: (option: string, message: string) => DatasetOptionError): DatasetClass {
    if (isDatasetClass(type)) return type;
    if (typeof type === 'string') {
      const builtIn = fileDatasetTypes[type] ?? fileDatasetTypes[lastSegment(type)];
      if (builtIn !== undefined) return builtIn;
    }
    try {
      return resolveDatasetTypeSync(type, { projectPath: this.#projectPath });
    } catch (error) {
      throw fail('dataset', `the underlying dataset type cannot be used: ${(error as Error).message}`);
    }
  }

  /** The dataset of partition `id` under `root`. */
  private partitionDataset(root: string, id: string): AbstractDataset {
    const problem = partitionIdProblem(this.storageOf(root), root, id, this.filenameSuffix);
    if (problem !== undefined) {
      throw new DatasetFileError({
        kind: 'outside-folder',
        dataset: this.label,
        filepath: `${root}/${String(id)}${this.filenameSuffix}`,
        message: `Dataset ${this.label} cannot use partition id ${showValue(id)}: ${problem}. Partition ids are paths inside '${root}'.`,
      });
    }
    const config = { ...this.datasetConfig, type: this.datasetType, [this.filepathArg]: partitionPath(this.storageOf(root), root, id, this.filenameSuffix) };
    return datasetFromConfig(`${this.#name}[${id}]`, config, { projectPath: this.#projectPath });
  }

  getLocalPath(): Promise<string> {
    if (this.storage.protocol === 'file') return Promise.resolve(this.path);
    return Promise.reject(
      new DatasetFileError({ kind: 'remote-path', dataset: this.label, filepath: this.path, message: `Dataset ${this.label} is stored at '${this.path}', not on local disk: it has no local folder.` }),
    );
  }

  /** The file system of a folder: this dataset's bucket for s3:// paths, else the local disk. */
  private storageOf(root: string): DatasetFileSystem {
    return isS3Uri(root) === isS3Uri(this.path) ? this.storage : isS3Uri(root) ? s3FileSystemFor(this.label, this.#credentials) : localFileSystem;
  }

  /** Partition ids under the dataset's folder, sorted. */
  async listPartitions(root: string = this.path): Promise<string[]> {
    try {
      return await listPartitions(this.storageOf(root), root, { suffix: this.filenameSuffix, maxdepth: this.maxdepth });
    } catch (error) {
      throw storageError(error, this.label, root, 'list') ?? error;
    }
  }

  async loadFrom(root: string): Promise<Partitions<T>> {
    const ids = await this.listPartitions(root);
    if (ids.length === 0) {
      throw new DatasetFileError({
        kind: 'missing',
        dataset: this.label,
        filepath: root,
        message:
          `Cannot load dataset ${this.label}: no partitions found in '${root}'` +
          (this.filenameSuffix !== '' ? ` (files ending with '${this.filenameSuffix}')` : '') +
          '. Check \'path\' and \'filename_suffix\', or run the pipeline that saves it first.',
      });
    }
    return Object.fromEntries(ids.map((id) => [id, () => this.partitionDataset(root, id).load() as Promise<T>]));
  }

  async saveTo(root: string, data: PartitionData<T>): Promise<void> {
    if (!isPlainObject(data)) {
      throw new DatasetFileError({
        kind: 'unserializable',
        dataset: this.label,
        filepath: root,
        message: `Cannot save dataset ${this.label}: it saves a record {partitionId: data or () => data}, got ${showValue(data)}.`,
      });
    }
    // Every id is checked before anything is removed or written.
    const targets = Object.keys(data).map((id) => [id, this.partitionDataset(root, id)] as const);
    if (this.overwrite) {
      const storage = this.storageOf(root);
      const stale = (await this.listPartitions(root)).map((id) => partitionPath(storage, root, id, this.filenameSuffix));
      try {
        await storage.remove(stale);
      } catch (error) {
        throw storageError(error, this.label, root, 'save') ?? error;
      }
    }
    for (const [id, dataset] of targets) {
      const value = data[id];
      const resolved = this.saveLazily && typeof value === 'function' ? await (value as () => T | Promise<T>)() : value;
      await dataset.save(resolved);
    }
  }

  protected _load(): Promise<Partitions<T>> {
    return this.loadFrom(this.path);
  }

  protected _save(data: PartitionData<T>): Promise<void> {
    return this.saveTo(this.path, data);
  }

  protected override async _exists(): Promise<boolean> {
    return (await this.listPartitions()).length > 0;
  }

  protected _describe(): Record<string, unknown> {
    return {
      path: this.path,
      dataset_type: this.datasetType.name,
      dataset_config: Object.keys(this.datasetConfig).length > 0 ? this.datasetConfig : undefined,
      filename_suffix: this.filenameSuffix === '' ? undefined : this.filenameSuffix,
    };
  }
}

markLocalPathDataset(PartitionedDataset.prototype);
