/**
 * The `kedro_pipeline` model flavor: writes a KedroPipelineModel as a self-contained folder
 * (artifacts, bundled code, environment file) and reads one back as a `LoadedPipelineModel`.
 * Registered in @kedro-mlflow/datasets' flavor registry, so the model datasets take
 * `flavor: kedro_pipeline`.
 */
import { cp, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { registerModelFlavor, type ModelFlavor } from '@kedro-mlflow/datasets';
import type { FlavorConfig } from '@kedro-mlflow/mlflow-client';
import { bundleModelCode } from './bundle-code.js';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import { KedroPipelineModel } from './kedro-pipeline-model.js';
import { openModelFolder } from './open-model-folder.js';
import { ownedTempFolder } from './owned-folder.js';
import { saveArtifacts } from './model-artifacts.js';
import { PYFUNC_FLAVOR_NAME, writePyfuncFiles } from './pyfunc-flavor.js';
import { CODE_FILE, ENVIRONMENT_FILE, FLAVOR_NAME } from './runtime/flavor-config.js';
import type { LoadedPipelineModel } from './runtime/loaded-pipeline-model.js';

/** The folder's `kedro_pipeline` files; returns its MLmodel section. */
export async function writeKedroPipelineFiles(kpm: KedroPipelineModel, dir: string): Promise<FlavorConfig> {
  if (!(kpm instanceof KedroPipelineModel)) {
    throw new KedroPipelineModelError(`The '${FLAVOR_NAME}' flavor saves a KedroPipelineModel, got ${typeof kpm}.`, { kind: 'invalid-argument', key: 'model' });
  }
  if (kpm.code === undefined) {
    throw new KedroPipelineModelError(
      "The KedroPipelineModel has no 'code': give the module the inference pipeline is bundled from, e.g. code: {module: 'src/pipelines/ml_app/pipeline.ts', exportName: 'createInferencePipeline'}.",
      { kind: 'code-source', key: 'code' },
    );
  }
  const saved = await saveArtifacts(kpm, dir);
  const bundle = await bundleModelCode(dir, kpm.pipeline, kpm.code, saved.types);
  const environment = {
    node: process.versions.node,
    engines: { node: '>=20.10' },
    bundled: bundle.files,
    externals: [] as string[],
    // Dynamic imports of our packages' project-loading code, which predictions never reach.
    unbundled_dynamic_imports: bundle.ignored,
  };
  await writeFile(join(dir, ENVIRONMENT_FILE), `${JSON.stringify(environment, null, 2)}\n`, 'utf8');
  return {
    code: CODE_FILE,
    pipeline_name: kpm.pipelineName ?? null,
    source: { module: kpm.code.module, export: kpm.code.exportName ?? null, pipeline: kpm.code.pipelineName ?? null },
    input_name: kpm.inputName,
    output_name: kpm.outputName,
    nodes: kpm.pipeline.nodes.map((n) => n.name).sort(),
    artifacts: saved.artifacts as unknown as FlavorConfig,
    parameters: saved.parameters,
    copy_mode: { ...kpm.copyModes },
    runner: kpm.runner,
    node_version: process.versions.node,
    env: ENVIRONMENT_FILE,
  };
}

export const kedroPipelineFlavor: ModelFlavor<KedroPipelineModel | LoadedPipelineModel> = {
  name: FLAVOR_NAME,
  // The same folder also declares the `python_function` flavor, so Python MLflow runs it too.
  save: async (model, dir) => ({ flavorConfig: await writeKedroPipelineFiles(model as KedroPipelineModel, dir), otherFlavors: { [PYFUNC_FLAVOR_NAME]: await writePyfuncFiles(dir) } }),
  async load(dir) {
    // The dataset may remove `dir` once loaded, but ParallelRunner workers import the bundle later:
    // keep a copy, which the loaded model owns (its close() or the process's exit removes it).
    const kept = await ownedTempFolder();
    try {
      await cp(dir, kept.path, { recursive: true });
      return await openModelFolder(kept.path, undefined, kept);
    } catch (error) {
      await kept.remove();
      throw error;
    }
  },
};

/** Makes `flavor: kedro_pipeline` usable by the model datasets of the process (idempotent). */
export function registerKedroPipelineFlavor(): void {
  registerModelFlavor(kedroPipelineFlavor);
}

// Importing the package is enough for catalogs to take `flavor: kedro_pipeline`.
registerKedroPipelineFlavor();
