/** The model datasets by catalog name, kedro-mlflow's spellings (`kedro_mlflow.io.models.…`) included. */
import type { DatasetClass } from '@kedro-mlflow/core-pipeline';
import { MlflowModelLocalFileSystemDataset } from './mlflow-model-local-filesystem-dataset.js';
import { MlflowModelRegistryDataset } from './mlflow-model-registry-dataset.js';
import { MlflowModelTrackingDataset } from './mlflow-model-tracking-dataset.js';

const MODEL_DATASETS: readonly DatasetClass[] = [MlflowModelTrackingDataset, MlflowModelLocalFileSystemDataset, MlflowModelRegistryDataset];

export const modelDatasetTypes: Readonly<Record<string, DatasetClass>> = Object.fromEntries(
  MODEL_DATASETS.flatMap((cls) => [
    [cls.name, cls],
    [`kedro_mlflow.io.models.${cls.name}`, cls],
  ]),
);
