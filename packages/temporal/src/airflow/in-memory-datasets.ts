/**
 * Each Airflow task is its own process, so a dataset that one node saves in memory is gone when the
 * next node's task starts. Such datasets are found before any file is written.
 */
import type { AbstractDataset, DataCatalog, Pipeline } from '@kedro-mlflow/core-pipeline';

function isParameter(name: string): boolean {
  return name === 'parameters' || name.startsWith('params:');
}

/** Whether the data saved to `dataset` (undefined: the catalog has no entry) is readable only in that process. */
function processLocal(dataset: AbstractDataset | undefined): boolean {
  return dataset === undefined || dataset.ephemeral || dataset.singleProcess;
}

/**
 * The datasets, sorted, that a node of `pipeline` saves and another node loads while they stay in
 * the saving process. A pipeline's free inputs and final outputs do not cross tasks, so they may.
 */
export function inMemoryBetweenNodes(pipeline: Pipeline, catalog: DataCatalog): string[] {
  const produced = new Set(pipeline.nodes.flatMap((node) => node.outputs));
  const consumed = new Set(pipeline.nodes.flatMap((node) => node.inputs));
  return [...produced]
    .filter((name) => consumed.has(name) && !isParameter(name))
    .filter((name) => processLocal(catalog.has(name) ? catalog.get(name) : undefined))
    .sort();
}
