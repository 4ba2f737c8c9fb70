/** Opens a local model folder with the code bundled in it (never with this process's copy of the pipeline). */
import { join } from 'node:path';
import { nativeModuleLoader } from '@kedro-mlflow/core-pipeline';
import { readMLmodel } from '@kedro-mlflow/mlflow-client';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import { ownedModel, type OwnedFolder } from './owned-folder.js';
import { checkInsidePath, FLAVOR_NAME } from './runtime/flavor-config.js';
import type { LoadedPipelineModel } from './runtime/loaded-pipeline-model.js';

/** `owner`: the temporary folder holding `dir`, which the returned model removes on `close()`. */
export async function openModelFolder(dir: string, modelUri?: string, owner?: OwnedFolder): Promise<LoadedPipelineModel> {
  const mlmodel = await readMLmodel(dir);
  const section = mlmodel.flavors[FLAVOR_NAME];
  if (section === undefined || typeof section !== 'object' || section === null || Array.isArray(section)) {
    throw new KedroPipelineModelError(`The model in '${dir}' has no '${FLAVOR_NAME}' flavor (it has ${Object.keys(mlmodel.flavors).join(', ')}): it was not saved by @kedro-mlflow/pipeline-ml.`, {
      kind: 'model-folder',
      key: FLAVOR_NAME,
    });
  }
  const code = checkInsidePath((section as Record<string, unknown>).code, 'code');
  const bundle = (await nativeModuleLoader(join(dir, code))) as { loadModel?: (dir: string, uri?: string) => Promise<LoadedPipelineModel> };
  if (typeof bundle.loadModel !== 'function') throw new KedroPipelineModelError(`The model code '${code}' in '${dir}' exports no loadModel.`, { kind: 'model-folder', key: 'code' });
  return ownedModel(await bundle.loadModel(dir, modelUri), owner);
}
