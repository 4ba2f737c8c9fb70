/**
 * The loader compiled into every model's `code/pipeline.mjs`: it reads MLmodel, rebuilds the
 * inference pipeline from the bundled module, checks that the artifacts are exactly the pipeline's
 * inputs less the input dataset (and the parameters), and loads every artifact eagerly with the
 * bundled dataset type. Only core-pipeline and MLmodel reading are needed: a folder with nothing but
 * the model runs it with plain `node`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetClass, Pipeline } from '@kedro-mlflow/core-pipeline';
import { parseSignature, readMLmodel } from '@kedro-mlflow/mlflow-client';
import { KedroPipelineModelError } from '../errors/kedro-pipeline-model-error.js';
import { FLAVOR_NAME, parseFlavorConfig, type KedroPipelineFlavorConfig } from './flavor-config.js';
import type { LoadedPipelineModel } from './loaded-pipeline-model.js';
import { pipelineFromSource, type CodeSource } from './pipeline-from-source.js';
import { runInference, type InferenceSpec } from './run-inference.js';

export interface BundledCode {
  /** The namespace of the module the pipeline comes from. */
  exports: Record<string, unknown>;
  source: CodeSource;
  /** Dataset type name → class, for the artifacts. */
  datasetTypes: Record<string, DatasetClass>;
  /** `import.meta.url` of the bundle. */
  bundleUrl: string;
}

/** The export of the bundle that ParallelRunner workers call. */
export const BUNDLE_PIPELINE_EXPORT = 'inferencePipeline';

const isParameter = (name: string): boolean => name.startsWith('params:');

/** Artifact names expected by the pipeline vs. those of the model: both differences, sorted. */
export function artifactDifferences(pipeline: Pipeline, inputName: string, artifacts: readonly string[]): { extra: string[]; missing: string[] } {
  const expected = new Set([...pipeline.inputs()].filter((name) => name !== inputName && !isParameter(name)));
  const given = new Set(artifacts);
  return { extra: [...given].filter((n) => !expected.has(n)).sort(), missing: [...expected].filter((n) => !given.has(n)).sort() };
}

export function checkArtifacts(pipeline: Pipeline, inputName: string, artifacts: readonly string[]): void {
  const { extra, missing } = artifactDifferences(pipeline, inputName, artifacts);
  if (extra.length === 0 && missing.length === 0) return;
  throw new KedroPipelineModelError(
    'The model artifacts do not match the inference inputs (less the input dataset and the parameters):' +
      `\n  - artifacts the pipeline does not read: ${extra.length === 0 ? 'none' : extra.join(', ')}` +
      `\n  - inputs without an artifact: ${missing.length === 0 ? 'none' : missing.join(', ')}`,
    { kind: 'artifacts-mismatch', datasets: [...extra, ...missing] },
  );
}

function checkNodes(pipeline: Pipeline, config: KedroPipelineFlavorConfig): void {
  const names = pipeline.nodes.map((n) => n.name).sort();
  if (names.join('\n') === [...config.nodes].sort().join('\n')) return;
  throw new KedroPipelineModelError(
    `The bundled code gives a pipeline with the nodes ${names.join(', ')}, but the model was saved with ${config.nodes.join(', ')}: the code does not match the model.`,
    { kind: 'code-mismatch', nodes: names },
  );
}

async function loadArtifacts(dir: string, config: KedroPipelineFlavorConfig, types: Record<string, DatasetClass>): Promise<Map<string, unknown>> {
  const values = new Map<string, unknown>();
  for (const [name, entry] of Object.entries(config.artifacts)) {
    const cls = types[entry.type];
    if (cls === undefined) {
      throw new KedroPipelineModelError(`Artifact '${name}' has the dataset type '${entry.type}', which the model's code does not hold.`, { kind: 'artifact-type', dataset: name });
    }
    const dataset = new (cls as unknown as new (options: Record<string, unknown>) => { load(): Promise<unknown> })({ ...entry.config, [entry.path_option]: join(dir, entry.path) });
    values.set(name, await dataset.load());
  }
  return values;
}

async function loadParameters(dir: string, config: KedroPipelineFlavorConfig, pipeline: Pipeline): Promise<Record<string, unknown>> {
  const parameters = config.parameters === null ? {} : (JSON.parse(await readFile(join(dir, config.parameters), 'utf8')) as Record<string, unknown>);
  const missing = [...pipeline.inputs()].filter((n) => isParameter(n) && !Object.prototype.hasOwnProperty.call(parameters, n.slice('params:'.length)));
  if (missing.length > 0) {
    throw new KedroPipelineModelError(`The model has no saved value for the inference parameters ${missing.join(', ')}.`, { kind: 'artifacts-mismatch', datasets: missing });
  }
  return parameters;
}

/** Opens the model in `dir` (default: the folder above the bundle) with the bundled code. */
export async function openModel(code: BundledCode, dir?: string, modelUri?: string): Promise<LoadedPipelineModel> {
  const bundleFile = fileURLToPath(code.bundleUrl);
  const modelDir = resolve(dir ?? join(dirname(bundleFile), '..'));
  const mlmodel = await readMLmodel(modelDir);
  const raw = mlmodel.flavors[FLAVOR_NAME];
  if (raw === undefined) {
    throw new KedroPipelineModelError(`The model in '${modelDir}' has no '${FLAVOR_NAME}' flavor (it has ${Object.keys(mlmodel.flavors).join(', ')}).`, { kind: 'model-folder', key: FLAVOR_NAME });
  }
  const config = parseFlavorConfig(raw);
  const pipeline = await pipelineFromSource(code.exports, code.source);
  checkNodes(pipeline, config);
  checkArtifacts(pipeline, config.input_name, Object.keys(config.artifacts));
  const spec: InferenceSpec = {
    pipeline,
    inputName: config.input_name,
    outputName: config.output_name,
    copyModes: config.copy_mode,
    runner: config.runner,
    parameters: await loadParameters(modelDir, config, pipeline),
    artifacts: await loadArtifacts(modelDir, config, code.datasetTypes),
    parallel: { pipelineModule: bundleFile, pipelineExport: BUNDLE_PIPELINE_EXPORT },
  };
  return {
    predict: (input, params) => runInference(spec, input, params),
    signature: mlmodel.signature === undefined ? undefined : parseSignature(mlmodel.signature),
    metadata: {
      ...(modelUri === undefined ? {} : { modelUri }),
      modelDir,
      modelUuid: mlmodel.modelUuid ?? undefined,
      modelId: mlmodel.modelId ?? undefined,
      runId: mlmodel.runId ?? undefined,
      flavor: config,
    },
    // Nothing to release here: the folder belongs to whoever opened it (see owned-folder.ts).
    close: async () => undefined,
  };
}
