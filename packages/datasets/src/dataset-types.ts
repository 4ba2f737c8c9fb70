/**
 * The catalog `type:` names this package provides, and their registration in core-pipeline's type
 * registry. Registering is optional when the package is installed in the project: the catalog finds
 * its exported classes by name. It is needed to resolve names synchronously (a DataCatalog built
 * with `new`, `resolveDatasetTypeSync`) or when the catalog cannot resolve the package from the
 * project folder.
 */
import { registerDatasetType, type DatasetClass } from '@kedro-mlflow/core-pipeline';
import { mlflowDatasetTypes } from './mlflow/mlflow-dataset-types.js';
import { wrappableDatasetTypes } from './mlflow/wrappable-types.js';

/** Every `type:` name of this package, kedro-datasets' spellings included. */
export const datasetTypes: Readonly<Record<string, DatasetClass>> = {
  ...wrappableDatasetTypes,
  ...mlflowDatasetTypes,
};

/** Make every name of `datasetTypes` usable as `type:` in every catalog of the process. */
export function registerDatasetTypes(): void {
  for (const [name, cls] of Object.entries(datasetTypes)) registerDatasetType(name, cls);
}
