/**
 * A project whose `training` pipeline is a PipelineML (in its own folder, as findPipelines loads
 * it), for the model-logging tests: fit keeps half the largest `a` of the rows (`params:scale` is
 * training-only), predict says 1 where `a / (2 * model)` exceeds `params:threshold`.
 */
import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { makeProject } from '../project.js';

const PACKAGES = join(__dirname, '..', '..', '..');

export interface TrainingOptions {
  inputName?: string;
  kpmKwargs?: unknown;
  logModelKwargs?: unknown;
  /** Also delete the model file after saving it (the model cannot be logged at the end). */
  deleteModel?: boolean;
}

export function trainingPipelineMjs(options: TrainingOptions = {}): string {
  const opts = JSON.stringify({ inputName: options.inputName ?? 'data', kpmKwargs: options.kpmKwargs, logModelKwargs: options.logModelKwargs });
  const cleanup = options.deleteModel === true ? `, node(async (model) => { const { rm } = await import('node:fs/promises'); await rm(new URL('../../../data/06_models/model.json', import.meta.url)); return true; }, 'model', 'cleaned', { name: 'cleanup' })` : '';
  return `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
export const fit = (data, scale) => { (globalThis.__fitCalls ??= []).push(scale); return Math.max(...data.map((r) => r.a)) * scale; };
export const predict = (model, data, threshold) => data.map((r) => (r.a / (2 * model) > threshold ? 1 : 0));
export function createPipeline() {
  const training = pipeline([node(fit, ['data', 'params:scale'], 'model', { name: 'fit' })${cleanup}]);
  const inference = pipeline([node(predict, ['model', 'data', 'params:threshold'], 'predictions', { name: 'predict' })]);
  return pipelineMlFactory({ training, inference, ...${opts} });
}
`;
}

export const ML_CATALOG = `data:
  type: MemoryDataset
  data: [{a: 1}, {a: 2}, {a: 3}]
model:
  type: JSONDataset
  filepath: data/06_models/model.json
greeting:
  type: MemoryDataset
  data: hello
`;

/** `__default__` is `training` itself (a PipelineML); `other` stays a plain pipeline. */
export const ML_REGISTRY_MJS = `import { findPipelines } from '@kedro-mlflow/core-pipeline';
export async function registerPipelines() {
  const pipelines = await findPipelines(import.meta.url, { raiseErrors: true });
  delete pipelines.failing;
  pipelines.__default__ = pipelines.training;
  return pipelines;
}
`;

/** A project (tracking into mlflow.yml's server when `trackingUri` is given, else ./mlruns) with the training PipelineML. */
export function makeMlProject(options: TrainingOptions & { trackingUri?: string; experiment?: string; files?: Record<string, string> } = {}): string {
  const mlflowYml: Record<string, string> =
    options.trackingUri === undefined ? {} : { 'conf/base/mlflow.yml': `server:\n  mlflow_tracking_uri: ${options.trackingUri}\ntracking:\n  experiment:\n    name: ${options.experiment ?? 'fake_project'}\n` };
  const root = makeProject({
    'conf/base/catalog.yml': ML_CATALOG,
    'conf/base/parameters.yml': 'scale: 0.5\nthreshold: 0.5\n',
    'src/pipeline_registry.mjs': ML_REGISTRY_MJS,
    'src/pipelines/training/pipeline.mjs': trainingPipelineMjs(options),
    ...mlflowYml,
    ...options.files,
  });
  for (const pkg of ['pipeline-ml', 'datasets']) symlinkSync(join(PACKAGES, pkg), join(root, 'node_modules', '@kedro-mlflow', pkg), 'dir');
  return root;
}
