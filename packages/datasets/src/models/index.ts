/** Model datasets and model flavors. */
export { MlflowModelTrackingDataset, DEFAULT_MODEL_NAME } from './mlflow-model-tracking-dataset.js';
export type { MlflowModelTrackingDatasetOptions } from './mlflow-model-tracking-dataset.js';
export { MlflowModelLocalFileSystemDataset } from './mlflow-model-local-filesystem-dataset.js';
export type { MlflowModelLocalFileSystemDatasetOptions } from './mlflow-model-local-filesystem-dataset.js';
export { MlflowModelRegistryDataset } from './mlflow-model-registry-dataset.js';
export type { MlflowModelRegistryDatasetOptions } from './mlflow-model-registry-dataset.js';
export { registerModelFlavor, unregisterModelFlavor, getModelFlavor, registeredModelFlavors } from './flavor-registry.js';
export { isModelFlavor } from './model-flavor.js';
export type { ModelFlavor, FlavorArgs, FlavorSaveResult, FlavorLoadContext } from './model-flavor.js';
export { objectFlavor } from './object-flavor.js';
export type { ObjectSerialization } from './object-flavor.js';
export { saveFlavorFiles, writeModelFolder, loadModelFolder } from './model-folder.js';
export type { ModelFolderExtras } from './model-folder.js';
export { ModelFlavorError } from './errors/model-flavor-error.js';
export type { ModelFlavorErrorKind } from './errors/model-flavor-error.js';
export { ModelDatasetError } from './errors/model-dataset-error.js';
export type { ModelDatasetErrorKind } from './errors/model-dataset-error.js';
export { modelDatasetTypes } from './model-dataset-types.js';
