/**
 * The `type:` names of this package's datasets that need no MLflow (files and folders of
 * partitions), as a second entry point, `@kedro-mlflow/datasets/local-types`. core-pipeline's type
 * resolver looks a bare catalog name up here first, so that a run whose catalog names only these
 * does not load the MLflow datasets and their client (most of a cold start's compile time). The
 * classes are the very objects the main entry exports (the two entries share their chunks).
 */
import { registerDatasetType, registerDatasetTypeSource, type DatasetClass } from '@kedro-mlflow/core-pipeline';
import { catalogNames, FILE_DATASETS } from './file/file-dataset-types.js';
import { PartitionedDataset } from './partitions/partitioned-dataset.js';

const DATASETS_SOURCE = '@kedro-mlflow/datasets';

export const localDatasetTypes: Readonly<Record<string, DatasetClass>> = catalogNames([
  ...FILE_DATASETS,
  ['partitions', 'PartitionedDataset', PartitionedDataset],
]);

export interface LocalDatasetTypesOptions {
  /** Runs the import of the MLflow datasets (the CLI imports them with source maps off). */
  wrapImport?: <T>(load: () => Promise<T>) => Promise<T>;
}

/**
 * Registers `localDatasetTypes` now and the rest of `datasetTypes` (the MLflow and model datasets)
 * as a source loaded when an asynchronous resolution first meets a name it does not know: what the
 * CLI does on every start. Until then a catalog built with `new` does not know the MLflow names;
 * `registerDatasetTypes()` of the main entry registers everything at once.
 */
export function registerLocalDatasetTypes(options: LocalDatasetTypesOptions = {}): void {
  const wrapImport = options.wrapImport ?? ((load) => load());
  for (const [name, cls] of Object.entries(localDatasetTypes)) registerDatasetType(name, cls);
  registerDatasetTypeSource(DATASETS_SOURCE, async () => (await wrapImport(() => import('./dataset-types.js'))).datasetTypes);
}
