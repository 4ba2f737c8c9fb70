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
import { processRegistry } from '../utils/process-registry.js';

// Seeded on first use, not at import time: cached-dataset.ts imports this module back.
const registry = (): Map<string, DatasetClass> =>
  processRegistry<DatasetClass>('@kedro-mlflow/core-pipeline.dataset-types', () => [
    ['MemoryDataset', MemoryDataset],
    ['CachedDataset', CachedDataset],
  ]);

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
