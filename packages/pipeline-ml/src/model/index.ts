/** KedroPipelineModel and the `kedro_pipeline` model flavor. */
export { KedroPipelineModel } from './kedro-pipeline-model.js';
export type { KedroPipelineModelOptions } from './kedro-pipeline-model.js';
export type { CopyModeOption } from './copy-modes.js';
export { saveModel } from './save-model.js';
export type { SaveModelOptions, SavedModel } from './save-model.js';
export { logModel } from './log-model.js';
export type { LogPipelineModelOptions } from './log-model.js';
export { loadModel } from './load-model.js';
export type { LoadModelOptions } from './load-model.js';
export { kedroPipelineFlavor, registerKedroPipelineFlavor } from './kedro-pipeline-flavor.js';
export { FLAVOR_NAME as KEDRO_PIPELINE_FLAVOR } from './runtime/flavor-config.js';
export type { KedroPipelineFlavorConfig, ArtifactEntry } from './runtime/flavor-config.js';
export type { CodeSource } from './runtime/pipeline-from-source.js';
export type { LoadedPipelineModel, LoadedPipelineModelMetadata } from './runtime/loaded-pipeline-model.js';
export type { ModelInputExample } from './model-signature.js';
export { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
export type { KedroPipelineModelErrorKind, KedroPipelineModelErrorDetails } from './errors/kedro-pipeline-model-error.js';
