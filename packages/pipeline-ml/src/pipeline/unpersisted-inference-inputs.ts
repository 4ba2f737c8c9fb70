/**
 * The model carries every inference input except the prediction input and the parameters as an
 * artifact copied from the training run's catalog, so each must be a persisted dataset. kedro-mlflow
 * finds out only when it logs the model, after all the training work; this tells before the first node.
 */
import type { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { isInferenceParameter } from './pipeline-ml-checks.js';
import type { PipelineML } from './pipeline-ml.js';

export interface UnpersistedInput {
  /** The inference input. */
  name: string;
  /** `memory`: declared as (or matched by a pattern to) a MemoryDataset; `undeclared`: not in the catalog at all. */
  reason: 'memory' | 'undeclared';
}

/** The part of a catalog this reads: nothing is built or added, pattern entries included. */
export type CatalogTypes = Pick<DataCatalog, 'has' | 'getType'>;

const MEMORY_TYPE = 'MemoryDataset';

/**
 * Inference inputs other than `inputName` and `params:*` that the catalog would keep in memory
 * only: not declared (the runner would make them MemoryDatasets), or declared, directly or through
 * a dataset factory pattern, as a MemoryDataset. Sorted by name; empty when the model can be built.
 */
export function unpersistedInferenceInputs(pipelineMl: PipelineML, catalog: CatalogTypes): UnpersistedInput[] {
  const found: UnpersistedInput[] = [];
  for (const name of [...pipelineMl.inference.inputs()].sort()) {
    if (name === pipelineMl.inputName || isInferenceParameter(name)) continue;
    if (!catalog.has(name)) found.push({ name, reason: 'undeclared' });
    else if (catalog.getType(name) === MEMORY_TYPE) found.push({ name, reason: 'memory' });
  }
  return found;
}
