/**
 * After a failure, which nodes to re-run from (kedro's `--from-nodes` hint): starting from the
 * nodes that did not run, walk up through inputs that were not persisted (memory datasets,
 * unregistered names) to the nodes that produce them, close downstream, and suggest the first
 * layer of that set.
 */
import type { DataCatalog } from '../io/data-catalog.js';
import type { Node } from '../pipeline/node.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { byCodePoint } from '../utils/py-repr.js';

/** Names of the nodes to resume from, sorted; empty when no node finished (nothing to resume). */
export function nodesToResumeFrom(pipeline: Pipeline, done: ReadonlySet<Node>, catalog: DataCatalog): string[] {
  if (done.size === 0) return [];
  const unfinished = pipeline.nodes.filter((n) => !done.has(n));
  if (unfinished.length === 0) return [];
  const toRun = new Set<Node>(unfinished);
  const unfinishedPipeline = new Pipeline(unfinished);
  const start = unfinishedPipeline.onlyNodesWithInputs(...unfinishedPipeline.inputs()).nodes;
  const queue = [...start];
  const visited = new Set<Node>(start);
  while (queue.length > 0) {
    const current = queue.shift()!;
    toRun.add(current);
    const notPersisted = current.inputs.filter((name) => !name.startsWith('params:') && !isPersisted(catalog, name));
    if (notPersisted.length === 0) continue;
    for (const producer of pipeline.onlyNodesWithOutputs(...notPersisted).nodes) {
      if (visited.has(producer)) continue;
      visited.add(producer);
      queue.push(producer);
    }
  }
  const closed = pipeline.fromNodes(...[...toRun].map((n) => n.name));
  const firstLayer = closed.groupedNodes[0] ?? [];
  return firstLayer.map((n) => n.name).sort(byCodePoint);
}

function isPersisted(catalog: DataCatalog, name: string): boolean {
  const dataset = catalog.has(name) ? catalog.get(name) : undefined;
  return dataset !== undefined && !dataset.ephemeral;
}

/** The resume hint as kedro words it (also used in the error message of a failed run). */
export function resumeMessage(pipeline: Pipeline, resumeFrom: string[], done: ReadonlySet<Node>): string {
  if (resumeFrom.length === 0) return 'No nodes ran. Repeat the previous command to attempt a new run.';
  const left = pipeline.nodes.length - done.size;
  return (
    `There are ${left} nodes that have not run.\n` +
    'You can resume the pipeline run from the nearest nodes with persisted inputs by adding the following argument to your previous command:\n' +
    `  --from-nodes "${resumeFrom.join(',')}"`
  );
}
