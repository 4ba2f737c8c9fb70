/**
 * Datasets that would live in memory between two nodes (a MemoryDataset, or a name the catalog
 * does not define) cannot do so when the nodes run on different machines. They travel instead as
 * v8-serialized files (core-pipeline's ObjectDataset format) under `<root>/<session id>/`, a folder
 * every worker sees or an `s3://` prefix, and the driver removes them after the run. Parameters
 * need no travel: every worker reads the same configuration (and the run's runtime params).
 */
import { rm } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import type { AbstractDataset, DataCatalog, Pipeline } from '@kedro-mlflow/core-pipeline';
import { ObjectDataset } from '@kedro-mlflow/datasets';

function isParameter(name: string): boolean {
  return name === 'parameters' || name.startsWith('params:');
}

/** The root as every process of the run names it: `s3://…` as is, a relative folder against the project. */
export function resolveIntermediatesRoot(root: string, projectPath: string): string {
  if (root.startsWith('s3://')) return root.replace(/\/+$/, '');
  return isAbsolute(root) ? root : resolve(projectPath, root);
}

/** Whether `dataset` (undefined: the catalog does not define the name) holds its data in this process only. */
function staysInMemory(dataset: AbstractDataset | undefined): boolean {
  return dataset === undefined || dataset.ephemeral;
}

/** What must travel between workers, and what cannot (kedro's single-process datasets). */
export function datasetsToTravel(pipeline: Pipeline, catalog: DataCatalog): { intermediates: string[]; cannotTravel: string[] } {
  const intermediates: string[] = [];
  const cannotTravel: string[] = [];
  for (const name of [...pipeline.datasets()].sort()) {
    if (isParameter(name)) continue;
    const dataset = catalog.has(name) ? catalog.get(name) : undefined;
    if (dataset?.singleProcess === true) cannotTravel.push(name);
    else if (staysInMemory(dataset)) intermediates.push(name);
  }
  return { intermediates, cannotTravel };
}

/** The dataset one intermediate travels through. Dataset names become one path segment each. */
export function intermediateDataset(root: string, sessionId: string, name: string): ObjectDataset {
  const file = `${encodeURIComponent(name)}.v8`;
  const filepath = root.startsWith('s3://') ? `${root}/${sessionId}/${file}` : resolve(root, sessionId, file);
  return new ObjectDataset({ filepath });
}

/** Points the catalog's in-memory datasets of `pipeline` at their intermediates (what a worker does before its node). */
export function useIntermediates(pipeline: Pipeline, catalog: DataCatalog, root: string, sessionId: string): void {
  for (const name of datasetsToTravel(pipeline, catalog).intermediates) catalog.set(name, intermediateDataset(root, sessionId, name));
}

/** Removes the run's intermediates: its folder under a local root, its objects under an `s3://` one. */
export async function removeIntermediates(root: string, sessionId: string, names: readonly string[]): Promise<void> {
  if (!root.startsWith('s3://')) {
    await rm(resolve(root, sessionId), { recursive: true, force: true });
    return;
  }
  const datasets = names.map((name) => intermediateDataset(root, sessionId, name));
  if (datasets.length > 0) await datasets[0]!.storage.remove(datasets.map((dataset) => dataset.filepath));
}
