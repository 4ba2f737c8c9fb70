/**
 * `saveModel(kpm, dir)`: a model folder MLflow reads (`mlflow.models.Model.load`): MLmodel with the
 * `kedro_pipeline` flavor and the signature, `input_example.json` and `serving_input_example.json`,
 * the artifacts, the bundled code and the environment file. The folder is opened once with its own
 * bundled code before returning, so a model that would not load never leaves this function.
 */
import { mkdir, readdir } from 'node:fs/promises';
import { writeModelFolder } from '@kedro-mlflow/datasets';
import type { MLmodel, ModelSignature } from '@kedro-mlflow/mlflow-client';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import { kedroPipelineFlavor } from './kedro-pipeline-flavor.js';
import { KedroPipelineModel } from './kedro-pipeline-model.js';
import { modelSignature, toInputExample, type ModelInputExample } from './model-signature.js';
import { openModelFolder } from './open-model-folder.js';
import type { LoadedPipelineModel } from './runtime/loaded-pipeline-model.js';

export interface SaveModelOptions {
  /** `auto` (default): inputs from the input example, params from the inference parameters; an object; or `null` for none. */
  signature?: 'auto' | ModelSignature | null;
  /** An arquero table, rows, `{records}`, `{columns}` or `{json}`. */
  inputExample?: ModelInputExample;
  metadata?: Record<string, string | number | boolean | null>;
}

export interface SavedModel {
  dir: string;
  mlmodel: MLmodel;
  /** The folder opened with its bundled code. */
  model: LoadedPipelineModel;
}

export async function saveModel(kpm: KedroPipelineModel, dir: string, options: SaveModelOptions = {}): Promise<SavedModel> {
  if (!(kpm instanceof KedroPipelineModel)) throw new KedroPipelineModelError('saveModel takes a KedroPipelineModel.', { kind: 'invalid-argument', key: 'model' });
  const entries = await readdir(dir).catch(() => undefined);
  if (entries !== undefined && entries.length > 0) {
    throw new KedroPipelineModelError(`Cannot save the model into '${dir}': the folder is not empty. Choose a new folder.`, { kind: 'invalid-argument', key: 'dir' });
  }
  await mkdir(dir, { recursive: true });
  const example = options.inputExample === undefined ? undefined : toInputExample(options.inputExample);
  const signature = modelSignature(options.signature, example, kpm.runner, await kpm.parameters());
  const mlmodel = await writeModelFolder(kedroPipelineFlavor, kpm, dir, {}, { signature, inputExample: example, metadata: options.metadata });
  const model = await openModelFolder(dir);
  return { dir, mlmodel, model };
}
