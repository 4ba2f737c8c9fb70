/**
 * Each Airflow task is its own process, so a dataset that one node saves in memory is gone when the
 * next node's task starts. Such datasets are found before any file is written, with the Temporal
 * runner's rule for what stays in a process (datasetsToTravel): here none of them can travel.
 */
import type { DataCatalog, Pipeline } from '@kedro-mlflow/core-pipeline';
import { datasetsToTravel } from '../intermediates.js';

/**
 * The datasets, sorted, that a node of `pipeline` saves and another node loads while they stay in
 * the saving process. A pipeline's final outputs do not cross tasks, so they may.
 */
export function inMemoryBetweenNodes(pipeline: Pipeline, catalog: DataCatalog): string[] {
  const produced = new Set(pipeline.nodes.flatMap((node) => node.outputs));
  const consumed = new Set(pipeline.nodes.flatMap((node) => node.inputs));
  const { intermediates, cannotTravel } = datasetsToTravel(pipeline, catalog);
  return [...intermediates, ...cannotTravel].filter((name) => produced.has(name) && consumed.has(name)).sort();
}
