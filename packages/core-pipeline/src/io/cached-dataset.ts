/**
 * Wraps a dataset with an in-memory cache: the first load reads the wrapped dataset, later loads are
 * served from memory; saves write through to both. Useful for an expensive input read by many nodes.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { AbstractDataset } from './abstract-dataset.js';
import type { CopyMode } from './copy-mode.js';
import { datasetFromConfig } from './create-dataset.js';
import type { DatasetContext } from './dataset-class.js';
import { isDataset } from './dataset-marker.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import { MemoryDataset } from './memory-dataset.js';
import type { Version } from './version.js';

export interface CachedDatasetOptions {
  /** The wrapped dataset: an instance, or its catalog entry (`{type: CSVDataset, filepath: ...}`). */
  dataset: AbstractDataset | Record<string, unknown>;
  /** Injected by the catalog when the wrapper (not the wrapped entry) says `versioned: true`. */
  version?: Version | undefined;
  /** Copy mode of the in-memory cache. */
  copy_mode?: CopyMode | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export class CachedDataset<T = unknown> extends AbstractDataset<T, T> {
  static override readonly EPHEMERAL: boolean = true;
  static override readonly SINGLE_PROCESS: boolean = true;
  static override readonly OPTION_KEYS: readonly string[] = ['dataset', 'version', 'copy_mode', 'metadata'];

  readonly dataset: AbstractDataset;
  readonly #cache: MemoryDataset<T>;

  constructor(options: CachedDatasetOptions, context?: DatasetContext) {
    super(options);
    const inner: unknown = options?.dataset;
    if (isDataset(inner)) {
      this.dataset = inner;
    } else if (isPlainObject(inner)) {
      if ('versioned' in inner) {
        throw new DatasetError(
          "Cached datasets should specify that they are versioned in the 'CachedDataset', not in the wrapped dataset.",
        );
      }
      const config = options.version !== undefined ? { ...inner, versioned: true } : inner;
      this.dataset = datasetFromConfig(context?.name ?? '_cached', config, {
        loadVersion: options.version?.load,
        saveVersion: options.version?.save,
        projectPath: context?.projectPath,
      });
    } else {
      throw new DatasetError(
        "The argument type of 'dataset' should be either a dict/YAML representation of the dataset, or the actual dataset object.",
      );
    }
    this.#cache = new MemoryDataset<T>({ copy_mode: options.copy_mode });
  }

  protected async _load(): Promise<T> {
    if (await this.#cache.exists()) return this.#cache.load();
    const data = (await this.dataset.load()) as T;
    await this.#cache.save(data);
    return data;
  }

  protected async _save(data: T): Promise<void> {
    await this.dataset.save(data);
    await this.#cache.save(data);
  }

  protected override async _exists(): Promise<boolean> {
    return (await this.#cache.exists()) || this.dataset.exists();
  }

  protected override async _release(): Promise<void> {
    await this.#cache.release();
    await this.dataset.release();
  }

  protected _describe(): Record<string, unknown> {
    return { dataset: this.dataset, cache: this.#cache };
  }
}
