/**
 * The dataset contract. Subclasses implement the protected `_load`, `_save` and `_describe` (and
 * optionally `_exists`, `_release`, and a public `confirm()` for node `confirms`, e.g. to mark an
 * incremental checkpoint as consumed — not declared here, so implementing it needs no `override`); the public `load`, `save`, `exists` and
 * `release` defined here wrap them with kedro's rules: `undefined`/`null` is never saved, foreign
 * errors become `DatasetError`s that name the dataset, and `exists()` defaults to "no".
 */
import { DatasetError } from '../errors/dataset-error.js';
import { VersionNotFoundError } from '../errors/version-not-found-error.js';
import { getLogger } from '../logging.js';
import { DATASET_MARKER, isDataset } from './dataset-marker.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import { describeCall } from './describe-value.js';

const log = getLogger('kedro.io.core');

/** The message of anything thrown (errors from other realms included). */
export function errorMessage(error: unknown): string {
  const message = (error as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : String(error);
}

export abstract class AbstractDataset<TLoad = unknown, TSave = TLoad> {
  static readonly [DATASET_MARKER] = true;
  private readonly [DATASET_MARKER] = true;

  /** Data lives only in memory: nothing persists after the run (kedro's `_EPHEMERAL`). */
  static readonly EPHEMERAL: boolean = false;
  /** Cannot be shared across worker threads/processes (kedro's `_SINGLE_PROCESS`). */
  static readonly SINGLE_PROCESS: boolean = false;
  /** Optional whitelist of constructor option keys, checked by the catalog. */
  static readonly OPTION_KEYS?: readonly string[] | undefined;

  /** Free-form `metadata:` of the catalog entry; ignored by the engine, kept for plugins. */
  readonly metadata: Record<string, unknown> | undefined;

  /** Constructor options, recorded so that `catalog.toConfig()` can write the entry back. */
  private readonly initOptions: Record<string, unknown> | undefined;

  /**
   * Pass your constructor's options object through (`super(options)`) so that `metadata` is set and
   * `catalog.toConfig()` can round-trip the dataset.
   */
  constructor(options?: object) {
    if (options !== undefined && options !== null) {
      this.initOptions = { ...(options as Record<string, unknown>) };
      const metadata = (options as { metadata?: unknown }).metadata;
      this.metadata = isPlainObject(metadata) ? metadata : undefined;
    } else {
      this.initOptions = undefined;
      this.metadata = undefined;
    }
  }

  protected abstract _load(): Promise<TLoad> | TLoad;
  protected abstract _save(data: TSave): Promise<void> | void;
  /** Fields shown by `toString()`: `CSVDataset(filepath='a.csv')`. Never include secrets. */
  protected abstract _describe(): Record<string, unknown>;

  protected _exists(): Promise<boolean> | boolean {
    log.warn("'exists()' not implemented for '%s'. Assuming output does not exist.", this.constructor.name);
    return false;
  }

  protected _release(): Promise<void> | void {}

  async load(): Promise<TLoad> {
    log.debug('Loading %s', () => this.toString());
    try {
      return await this._load();
    } catch (error) {
      if (DatasetError.isInstance(error)) throw error;
      throw new DatasetError(`Failed while loading data from dataset ${this.toString()}.\n${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async save(data: TSave): Promise<void> {
    if (data === undefined || data === null) {
      throw new DatasetError(`Saving 'None' to a 'Dataset' is not allowed (got ${String(data)})`);
    }
    log.debug('Saving %s', () => this.toString());
    try {
      await this._save(data);
    } catch (error) {
      if (DatasetError.isInstance(error)) throw error;
      throw new DatasetError(`Failed while saving data to dataset ${this.toString()}.\n${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async exists(): Promise<boolean> {
    log.debug('Checking whether target of %s exists', () => this.toString());
    try {
      return await this._exists();
    } catch (error) {
      // A versioned dataset with nothing saved yet simply does not exist.
      if (VersionNotFoundError.isInstance(error)) return false;
      throw new DatasetError(`Failed during exists check for dataset ${this.toString()}.\n${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  async release(): Promise<void> {
    log.debug('Releasing %s', () => this.toString());
    try {
      await this._release();
    } catch (error) {
      throw new DatasetError(`Failed during release for dataset ${this.toString()}.\n${errorMessage(error)}`, {
        cause: error,
      });
    }
  }

  get ephemeral(): boolean {
    return (this.constructor as { EPHEMERAL?: boolean }).EPHEMERAL === true;
  }

  get singleProcess(): boolean {
    return (this.constructor as { SINGLE_PROCESS?: boolean }).SINGLE_PROCESS === true;
  }

  toString(): string {
    const name = this.constructor.name;
    let fields: unknown;
    try {
      fields = this._describe();
    } catch (error) {
      log.warn("'_describe()' of '%s' failed: %s", name, errorMessage(error));
      return `${name}()`;
    }
    if (!isPlainObject(fields)) {
      log.warn("'%s' is a subclass of AbstractDataset: its '_describe()' must return a plain object.", name);
      return `${name}()`;
    }
    return describeCall(name, fields);
  }

  /**
   * The catalog entry that would rebuild this dataset (`{type, ...options}`), from the options given
   * to the constructor: `version` becomes `versioned: true`, `metadata` is dropped, nested datasets
   * are written as their own entries. `undefined` when the subclass did not pass its options to super.
   */
  initConfig(): Record<string, unknown> | undefined {
    if (this.initOptions === undefined) return undefined;
    const config: Record<string, unknown> = { type: this.constructor.name };
    for (const [key, value] of Object.entries(this.initOptions)) {
      if (key === 'metadata' || value === undefined) continue;
      if (key === 'version') {
        config.versioned = true;
        continue;
      }
      config[key] = isDataset(value) ? (value.initConfig() ?? value) : value;
    }
    return config;
  }
}
