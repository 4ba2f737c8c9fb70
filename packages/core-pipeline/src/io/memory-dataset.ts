/**
 * Keeps data in memory between nodes. The catalog creates one for every intermediate dataset that has
 * no catalog entry, and for raw values given to `catalog.set(name, value)`.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { AbstractDataset } from './abstract-dataset.js';
import { copyWithMode, inferCopyMode, validateCopyMode, type CopyMode } from './copy-mode.js';
import { typeName } from './describe-value.js';

export interface MemoryDatasetOptions<T = unknown> {
  /** Initial data; `undefined` (or absent) leaves the dataset empty. `null` is stored as is. */
  data?: T;
  /** `deepcopy`, `copy` or `assign`; inferred from the data when absent (see copy-mode.ts). */
  copy_mode?: CopyMode | undefined;
  metadata?: Record<string, unknown> | undefined;
}

const EMPTY: unique symbol = Symbol('empty');

const MARKER = Symbol.for('@kedro-mlflow/core-pipeline.memory-dataset');

export class MemoryDataset<T = unknown> extends AbstractDataset<T, T> {
  static override readonly EPHEMERAL: boolean = true;
  static override readonly OPTION_KEYS: readonly string[] = ['data', 'copy_mode', 'metadata'];
  static readonly [MARKER] = true;

  /** The configured mode; when undefined, each save infers one from the data. */
  readonly copyMode: CopyMode | undefined;
  #data: T | typeof EMPTY = EMPTY;
  /** Mode used for the stored data, so loads copy it the way it was saved. */
  #mode: CopyMode = 'assign';

  constructor(options: MemoryDatasetOptions<T> = {}) {
    super(options);
    this.copyMode = validateCopyMode(options.copy_mode);
    if (options.data !== undefined) this._save(options.data);
  }

  protected _load(): T {
    if (this.#data === EMPTY) throw new DatasetError('Data for MemoryDataset has not been saved yet.');
    return copyWithMode(this.#data, this.#mode);
  }

  protected _save(data: T): void {
    const mode = this.copyMode ?? inferCopyMode(data);
    this.#data = copyWithMode(data, mode);
    this.#mode = mode;
  }

  protected override _exists(): boolean {
    return this.#data !== EMPTY;
  }

  protected override _release(): void {
    this.#data = EMPTY;
  }

  protected _describe(): Record<string, unknown> {
    return { data: this.#data === EMPTY ? undefined : `<${typeName(this.#data)}>` };
  }
}

/** True for a MemoryDataset, including one from another copy of this package. */
export function isMemoryDataset(value: unknown): value is MemoryDataset {
  const ctor = (value as { constructor?: Record<symbol, unknown> } | null)?.constructor;
  return ctor !== undefined && ctor !== null && ctor[MARKER] === true;
}
