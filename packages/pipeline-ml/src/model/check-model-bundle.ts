/**
 * `checkModelBundle`: the esbuild bundling `saveModel` does, run before training into a throw-away
 * folder that is removed afterwards, so that a node the bundler refuses (a native addon, an
 * `import()` / `require()` of a computed name) fails the run before its first node instead of after
 * the whole training. Nothing is kept or cached: the model's own bundle is made again when it is saved.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Pipeline } from '@kedro-mlflow/core-pipeline';
import { datasetTypes } from '@kedro-mlflow/datasets';
import { isInferenceParameter } from '../pipeline/pipeline-ml-checks.js';
import type { CatalogTypes } from '../pipeline/unpersisted-inference-inputs.js';
import { bundleModelCode } from './bundle-code.js';
import type { CodeSource } from './runtime/pipeline-from-source.js';

export interface CheckModelBundleOptions {
  /** The inference pipeline of the model. */
  pipeline: Pipeline;
  /** The dataset that receives the data to predict on (not an artifact). */
  inputName: string;
  /** The module the model's code will be bundled from. */
  code: CodeSource;
  /** The training catalog, only read: it gives the dataset types of the artifacts, which the bundle holds. */
  catalog: CatalogTypes;
}

/**
 * The dataset types `saveModel` will bundle: those of the artifacts, read from the catalog without
 * building anything. A type that is not one of @kedro-mlflow/datasets' is left out here; saving
 * refuses it (`artifact-type`).
 */
function artifactTypes(pipeline: Pipeline, inputName: string, catalog: CatalogTypes): string[] {
  const types = new Set<string>();
  for (const name of pipeline.inputs()) {
    if (name === inputName || isInferenceParameter(name)) continue;
    const type = catalog.getType(name);
    if (type !== undefined && datasetTypes[type]?.name === type) types.add(type);
  }
  return [...types].sort();
}

/** Throws what `saveModel` would throw for the code (`KedroPipelineModelError` `unbundlable`, naming the module and the nodes). */
export async function checkModelBundle(options: CheckModelBundleOptions): Promise<void> {
  const { pipeline, inputName, code, catalog } = options;
  const dir = await mkdtemp(join(tmpdir(), 'kedro-pipeline-model-check-'));
  try {
    await bundleModelCode(dir, pipeline, code, artifactTypes(pipeline, inputName, catalog));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
