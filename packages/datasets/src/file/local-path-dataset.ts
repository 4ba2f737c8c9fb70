/**
 * What a wrapper (such as an MLflow artifact dataset) needs from a file or folder dataset: where its
 * data lives on local disk for the next load or save, and load/save against an explicit local
 * path (a downloaded copy, a staging folder) instead of the configured one.
 */
const MARKER = Symbol.for('@kedro-mlflow/datasets.local-path-dataset');

export interface LocalPathDataset<TLoad = unknown, TSave = TLoad> {
  /** `file` for one file (`filepath`), `folder` for a folder of files (`path`). */
  readonly localPathKind: 'file' | 'folder';
  /**
   * The local path the next load reads or the next save writes: for a versioned dataset the
   * versioned path (`<filepath>/<version>/<name>`), with the save path's folder created.
   */
  getLocalPath(mode: 'load' | 'save'): Promise<string>;
  /** Load from `path` with this dataset's format and `load_args`. */
  loadFrom(path: string): Promise<TLoad>;
  /** Save to `path` with this dataset's format and `save_args` (atomically for a file). */
  saveTo(path: string, data: TSave): Promise<void>;
}

/** Marks a class's instances as LocalPathDatasets (checked by marker, so any package copy works). */
export function markLocalPathDataset(prototype: object): void {
  Object.defineProperty(prototype, MARKER, { value: true });
}

export function isLocalPathDataset(value: unknown): value is LocalPathDataset {
  return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
}
