/**
 * The `type:` names MlflowArtifactDataset resolves itself for its wrapped `dataset` (this package's
 * file, folder and model datasets, kedro-datasets' spellings included), so that it works without
 * `registerDatasetTypes()`. Kept apart from dataset-types.ts, which lists the MLflow datasets too,
 * so that the modules do not import each other.
 */
import type { DatasetClass } from '@kedro-mlflow/core-pipeline';
import { catalogNames, FILE_DATASETS } from '../file/file-dataset-types.js';
import { modelDatasetTypes } from '../models/model-dataset-types.js';
import { PartitionedDataset } from '../partitions/partitioned-dataset.js';

export const wrappableDatasetTypes: Readonly<Record<string, DatasetClass>> = {
  ...catalogNames([...FILE_DATASETS, ['partitions', 'PartitionedDataset', PartitionedDataset]]),
  ...modelDatasetTypes,
};
