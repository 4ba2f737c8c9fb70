/**
 * The catalog `type:` names this package provides, and their registration in core-pipeline's type
 * registry. Registering is optional when the package is installed in the project: the catalog finds
 * its exported classes by name. It is needed to resolve names synchronously (a DataCatalog built
 * with `new`, `resolveDatasetTypeSync`) or when the catalog cannot resolve the package from the
 * project folder.
 */
import { registerDatasetType, type DatasetClass } from '@kedro-mlflow/core-pipeline';
import { FILE_DATASETS, catalogNames } from './file/file-dataset-types.js';
import { modelDatasetTypes } from './models/model-dataset-types.js';
import { PartitionedDataset } from './partitions/partitioned-dataset.js';

/** Every `type:` name of this package, kedro-datasets' spellings included. */
export const datasetTypes: Readonly<Record<string, DatasetClass>> = {
  ...catalogNames([...FILE_DATASETS, ['partitions', 'PartitionedDataset', PartitionedDataset]]),
  ...modelDatasetTypes,
};

/** Make every name of `datasetTypes` usable as `type:` in every catalog of the process. */
export function registerDatasetTypes(): void {
  for (const [name, cls] of Object.entries(datasetTypes)) registerDatasetType(name, cls);
}
