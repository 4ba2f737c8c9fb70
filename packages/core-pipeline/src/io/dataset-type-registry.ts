/**
 * Names usable as `type:` in catalog.yml without a module path. `MemoryDataset` and `CachedDataset`
 * are built in; plugins and projects add theirs with `registerDatasetType`. The table lives on
 * globalThis so that a plugin registering through another copy of this package is still seen.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { errorMessage } from './abstract-dataset.js';
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

/** Loads a table of `type:` names on first need, for a plugin whose classes are costly to import. */
export type DatasetTypeSource = () => Promise<Readonly<Record<string, DatasetClass>>>;

interface SourceEntry {
  load: DatasetTypeSource;
  /** Set on the first load: concurrent resolutions wait for the same one. */
  loaded?: Promise<void>;
}

const sources = (): Map<string, SourceEntry> => processRegistry<SourceEntry>('@kedro-mlflow/core-pipeline.dataset-type-sources');

/**
 * Make the names of the table `load` returns usable as `type:` once an asynchronous resolution
 * (`DataCatalog.fromConfig`, `resolveDatasetType`) meets a name that is not registered; then they
 * are registered (names registered already are kept). Until then synchronous resolution does not
 * know them. Registering under the same `id` replaces the source (loaded again when needed).
 */
export function registerDatasetTypeSource(id: string, load: DatasetTypeSource): void {
  if (typeof load !== 'function') throw new DatasetError(`Cannot register dataset type source '${id}': expected a function returning the table.`);
  sources().set(id, { load });
}

async function loadSource(id: string, entry: SourceEntry): Promise<void> {
  let table: Readonly<Record<string, DatasetClass>>;
  try {
    table = await entry.load();
  } catch (error) {
    throw new DatasetError(`Failed to load the dataset types of '${id}':\n${errorMessage(error)}`, { cause: error });
  }
  for (const [name, cls] of Object.entries(table)) if (!registry().has(name)) registerDatasetType(name, cls);
}

/** Loads every registered source (once) and registers its names. */
export async function loadDatasetTypeSources(): Promise<void> {
  await Promise.all([...sources()].map(([id, entry]) => (entry.loaded ??= loadSource(id, entry))));
}

/** Registered names, sorted. */
export function registeredDatasetTypes(): string[] {
  return [...registry().keys()].sort();
}
