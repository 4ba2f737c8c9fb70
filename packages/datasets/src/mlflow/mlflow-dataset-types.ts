/** The artifact and metric datasets by catalog name, kedro-mlflow's spellings (`kedro_mlflow.io.metrics.…`) included. */
import type { DatasetClass } from '@kedro-mlflow/core-pipeline';
import { MlflowArtifactDataset } from './mlflow-artifact-dataset.js';
import { MlflowMetricDataset } from './mlflow-metric-dataset.js';
import { MlflowMetricHistoryDataset } from './mlflow-metric-history-dataset.js';
import { MlflowMetricsHistoryDataset } from './mlflow-metrics-history-dataset.js';

const MODULES: ReadonlyArray<readonly [string, DatasetClass]> = [
  ['artifacts', MlflowArtifactDataset],
  ['metrics', MlflowMetricDataset],
  ['metrics', MlflowMetricHistoryDataset],
  ['metrics', MlflowMetricsHistoryDataset],
];

export const mlflowDatasetTypes: Readonly<Record<string, DatasetClass>> = Object.fromEntries(
  MODULES.flatMap(([module, cls]) => [
    [cls.name, cls],
    [`kedro_mlflow.io.${module}.${cls.name}`, cls],
  ]),
);
