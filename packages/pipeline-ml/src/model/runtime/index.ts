/** The loader compiled into each model's code bundle (see open-model.ts). */
export { openModel, BUNDLE_PIPELINE_EXPORT } from './open-model.js';
export { pipelineFromSource } from './pipeline-from-source.js';
