/**
 * Names usable as `type:` in catalog.yml without a module path. `MemoryDataset` and `CachedDataset`
 * are built in; plugins and projects add theirs with `registerDatasetType`. The table lives on
 * globalThis so that a plugin registering through another copy of this package is still seen.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { CachedDataset } from './cached-dataset.js';
import type { DatasetClass } from './dataset-class.js';
import { isDatasetClass } from './dataset-marker.js';
import { MemoryDataset } from './memory-dataset.js';

const REGISTRY_KEY = Symbol.for('@kedro-mlflow/core-pipeline.dataset-types');

type Holder = { [REGISTRY_KEY]?: Map<string, DatasetClass> };

function registry(): Map<string, DatasetClass> {
  const holder = globalThis as Holder;
  if (holder[REGISTRY_KEY] === undefined) {
    // Filled on first use, not at import time: cached-dataset.ts imports this module back.
    holder[REGISTRY_KEY] = new Map<string, DatasetClass>([
      ['MemoryDataset', MemoryDataset],
      ['CachedDataset', CachedDataset],
    ]);
  }
  return holder[REGISTRY_KEY];
}

export function invalidDatasetTypeError(type: string): DatasetError {
  return new DatasetError(`Dataset type '${type}' is invalid: all dataset types must extend 'AbstractDataset'.`);
}

/** Make `type: <name>` resolve to `cls` in every catalog of the process. Re-registering replaces. */
export function registerDatasetType(name: string, cls: DatasetClass): void {
  if (typeof name !== 'string' || name.trim() === '' || name.includes('#')) {
    throw new DatasetError(`Cannot register dataset type '${String(name)}': the name must be a non-empty string without '#'.`);
  }
  if (!isDatasetClass(cls)) throw invalidDatasetTypeError(name);
  registry().set(name, cls);
}

/** Remove a registered name (tests, hot reload). Returns whether it was registered. */
export function unregisterDatasetType(name: string): boolean {
  return registry().delete(name);
}

export function getRegisteredDatasetType(name: string): DatasetClass | undefined {
  return registry().get(name);
}

/** Registered names, sorted. */
export function registeredDatasetTypes(): string[] {
  return [...registry().keys()].sort();
}
