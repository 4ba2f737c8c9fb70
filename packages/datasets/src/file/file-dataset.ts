/**
 * Base class of the datasets stored in one file (CSV, Parquet, JSON, YAML, text, objects), local or
 * in an S3-compatible bucket (`s3://bucket/key`): kedro's versioning (StorageVersionedDataset),
 * checked `load_args` / `save_args`, atomic saves, and errors that name the dataset and the file.
 *
 * A subclass declares its format's `decode` (bytes → data) and `encode` (data → bytes) plus the
 * args it accepts; reading, writing and error handling live here. `loadFrom` / `saveTo` work on an
 * explicit path, for wrappers that stage files elsewhere (see LocalPathDataset).
 */
import { DatasetError, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import { DatasetFileError } from '../errors/dataset-file-error.js';
import { checkArgs, type ArgsSpec } from './dataset-args.js';
import { markLocalPathDataset, type LocalPathDataset } from './local-path-dataset.js';
import { storageError } from '../storage/storage-errors.js';
import { StorageVersionedDataset, type StorageDatasetOptions } from './storage-versioned-dataset.js';

export interface FileDatasetOptions<L extends object = Record<string, unknown>, S extends object = Record<string, unknown>>
  extends StorageDatasetOptions {
  load_args?: L | undefined;
  save_args?: S | undefined;
}

/** The static side a subclass fills in: which args it accepts and their defaults. */
export interface FileDatasetArgs {
  readonly LOAD_ARGS: ArgsSpec;
  readonly SAVE_ARGS: ArgsSpec;
  readonly DEFAULT_LOAD_ARGS: Readonly<Record<string, unknown>>;
  readonly DEFAULT_SAVE_ARGS: Readonly<Record<string, unknown>>;
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function reason(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return (typeof message === 'string' ? message : String(error)).replace(/\.?\s*$/, '');
}

export abstract class AbstractFileDataset<
    TLoad,
    TSave = TLoad,
    L extends object = Record<string, unknown>,
    S extends object = Record<string, unknown>,
  >
  extends StorageVersionedDataset<TLoad, TSave>
  implements LocalPathDataset<TLoad, TSave>
{
  static override readonly OPTION_KEYS: readonly string[] = ['filepath', 'load_args', 'save_args', 'credentials', 'version', 'metadata'];
  static readonly LOAD_ARGS: ArgsSpec = {};
  static readonly SAVE_ARGS: ArgsSpec = {};
  static readonly DEFAULT_LOAD_ARGS: Readonly<Record<string, unknown>> = {};
  static readonly DEFAULT_SAVE_ARGS: Readonly<Record<string, unknown>> = {};

  readonly localPathKind = 'file' as const;
  /** The user's `load_args` over the dataset's defaults. */
  readonly loadArgs: L;
  readonly saveArgs: S;
  /** The format's name in messages: `CSV`, `Parquet`, ... */
  protected abstract readonly format: string;

  constructor(options: FileDatasetOptions<L, S>, context?: DatasetContext) {
    super(options, context);
    const statics = new.target as unknown as FileDatasetArgs;
    this.loadArgs = { ...statics.DEFAULT_LOAD_ARGS, ...checkArgs(this.label, 'load_args', options?.load_args, statics.LOAD_ARGS) } as L;
    this.saveArgs = { ...statics.DEFAULT_SAVE_ARGS, ...checkArgs(this.label, 'save_args', options?.save_args, statics.SAVE_ARGS) } as S;
  }

  /** Bytes of the file → data. Anything thrown means the file is not valid in this format. */
  protected abstract decode(bytes: Buffer, path: string): Promise<TLoad> | TLoad;
  /** Data → the file's content. Anything thrown means the data cannot be stored in this format. */
  protected abstract encode(data: TSave, path: string): Promise<Uint8Array | string> | Uint8Array | string;

  getLocalPath(mode: 'load' | 'save'): Promise<string> {
    if (this.isRemote) {
      return Promise.reject(
        new DatasetFileError({
          kind: 'remote-path',
          dataset: this.label,
          filepath: this.filepath,
          message: `Dataset ${this.label} is stored at '${this.filepath}', not on local disk: it has no local path to ${mode === 'load' ? 'read' : 'write'}.`,
        }),
      );
    }
    return mode === 'load' ? this.getLoadPath() : this.getSavePath();
  }

  async loadFrom(path: string): Promise<TLoad> {
    const storage = this.storageOf(path);
    let bytes: Buffer;
    try {
      bytes = await storage.read(path);
    } catch (error) {
      if (storage.isMissing(error)) {
        const what = storage.protocol === 'file' ? 'file' : 'object';
        throw this.fileError('missing', path, `${what} '${path}' does not exist. Check 'filepath', or run the pipeline that saves it first.`, error);
      }
      if (errorCode(error) === 'EISDIR') throw this.fileError('corrupt', path, `'${path}' is a folder, not a ${this.format} file.`, error);
      throw storageError(error, this.label, path, 'load') ?? error;
    }
    try {
      return await this.decode(bytes, path);
    } catch (error) {
      if (DatasetError.isInstance(error)) throw error;
      throw this.fileError('corrupt', path, `file '${path}' is not valid ${this.format}: ${reason(error)}. Fix or replace the file.`, error);
    }
  }

  async saveTo(path: string, data: TSave): Promise<void> {
    let content: Uint8Array | string;
    try {
      content = await this.encode(data, path);
    } catch (error) {
      if (DatasetError.isInstance(error)) throw error;
      throw this.unserializable(path, reason(error), error);
    }
    const storage = this.storageOf(path);
    await this.onStorage(path, 'save', () => storage.write(path, content));
  }

  /** For encoders: data this format cannot store; nothing is written and the previous file stays. */
  protected unserializable(path: string, why: string, cause?: unknown): DatasetFileError {
    return new DatasetFileError({
      kind: 'unserializable',
      dataset: this.label,
      filepath: path,
      message: `Cannot save dataset ${this.label} to '${path}' as ${this.format}: ${why}. Nothing was written; the previous file is unchanged.`,
      cause,
    });
  }

  /** For decoders: the file is not what this format expects. */
  protected corrupt(path: string, why: string, cause?: unknown): DatasetFileError {
    return this.fileError('corrupt', path, `file '${path}' is not valid ${this.format}: ${why}.`, cause);
  }

  private fileError(kind: 'missing' | 'corrupt', path: string, what: string, cause: unknown): DatasetFileError {
    return new DatasetFileError({ kind, dataset: this.label, filepath: path, message: `Cannot load dataset ${this.label}: ${what}`, cause });
  }

  protected async _load(): Promise<TLoad> {
    return this.loadFrom(await this.getLoadPath());
  }

  protected async _save(data: TSave): Promise<void> {
    await this.saveTo(await this.getSavePath(), data);
  }

  protected _describe(): Record<string, unknown> {
    const nonEmpty = (args: object): object | undefined => (Object.keys(args).length > 0 ? args : undefined);
    return { filepath: this.filepath, load_args: nonEmpty(this.loadArgs), save_args: nonEmpty(this.saveArgs), version: this.version };
  }
}

markLocalPathDataset(AbstractFileDataset.prototype);
