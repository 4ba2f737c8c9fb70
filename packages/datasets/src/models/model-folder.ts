/**
 * A model folder as MLflow lays it out: the flavor's files plus an MLmodel file naming the flavor
 * (and signature, input example, metadata), so that `mlflow.models.Model.load(dir)` reads it.
 */
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  formatUtcTimeCreated,
  MLFLOW_FORMAT_VERSION,
  MLMODEL_FILE_NAME,
  readMLmodel,
  prepareInputExample,
  signatureToStrings,
  writeMLmodel,
  type FlavorConfig,
  type InputExample,
  type MLmodel,
  type ModelSignature,
} from '@kedro-mlflow/mlflow-client';
import { ModelFlavorError } from './errors/model-flavor-error.js';
import { getModelFlavor } from './flavor-registry.js';
import { isFlavorSaveResult, type FlavorArgs, type ModelFlavor } from './model-flavor.js';

type YamlMap = NonNullable<MLmodel['metadata']>;

/** Runs the flavor's save into `dir`; returns MLmodel's `flavors` (the flavor's section first). */
export async function saveFlavorFiles(flavor: ModelFlavor, model: unknown, dir: string, args: FlavorArgs): Promise<Record<string, FlavorConfig>> {
  const saved = await flavor.save(model, dir, args);
  if (isFlavorSaveResult(saved)) return { [flavor.name]: saved.flavorConfig, ...saved.otherFlavors };
  return { [flavor.name]: saved };
}

export interface ModelFolderExtras {
  signature?: ModelSignature | undefined;
  inputExample?: InputExample | undefined;
  metadata?: YamlMap | undefined;
}

/** The flavor's files and an MLmodel like Python's `save_model` writes (no tracking fields). */
export async function writeModelFolder(flavor: ModelFlavor, model: unknown, dir: string, args: FlavorArgs, extras: ModelFolderExtras): Promise<MLmodel> {
  const flavors = await saveFlavorFiles(flavor, model, dir, args);
  const mlmodel: MLmodel = {
    flavors,
    modelUuid: randomUUID().replace(/-/g, ''),
    modelId: null,
    utcTimeCreated: formatUtcTimeCreated(),
    mlflowVersion: MLFLOW_FORMAT_VERSION,
    extra: {},
  };
  const example = extras.inputExample === undefined ? undefined : prepareInputExample(extras.inputExample);
  // Like log_model: without a signature, a tabular example gives the inputs' schema.
  const signature = extras.signature ?? (example?.inferredSchema === undefined ? undefined : { inputs: example.inferredSchema });
  if (signature !== undefined) mlmodel.signature = signatureToStrings(signature);
  if (example !== undefined) {
    for (const [name, text] of Object.entries(example.files)) await writeFile(join(dir, name), text, 'utf8');
    mlmodel.savedInputExampleInfo = example.info;
  }
  if (extras.metadata !== undefined) mlmodel.metadata = extras.metadata;
  await writeMLmodel(dir, mlmodel);
  return mlmodel;
}

/**
 * Loads the model in `dir` with `flavor`, or — when none is given — with the first flavor of its
 * MLmodel that is registered here. `dataset` and `source` (a path or URI) name it in errors.
 */
export async function loadModelFolder(dataset: string, source: string, dir: string, flavor: ModelFlavor | undefined, args: FlavorArgs): Promise<unknown> {
  const mlmodel = await readMLmodel(dir);
  const names = Object.keys(mlmodel.flavors);
  const chosen = flavor ?? names.map((n) => getModelFlavor(n)).find((f) => f !== undefined);
  const config = chosen === undefined ? undefined : mlmodel.flavors[chosen.name];
  if (chosen === undefined || config === undefined) {
    const wanted = flavor === undefined ? 'none of them is a registered flavor' : `not '${flavor.name}'`;
    throw new ModelFlavorError({
      kind: 'not-in-model',
      dataset,
      flavor: flavor?.name ?? '',
      available: names,
      message:
        `Cannot load dataset ${dataset}: the model at '${source}' has the flavors ${names.join(', ')} in its ${MLMODEL_FILE_NAME}, ${wanted}. ` +
        "Set 'flavor' to the flavor that saved it (and register that flavor), or point at a model saved with this one.",
    });
  }
  return chosen.load(dir, args, { config, mlmodel });
}
