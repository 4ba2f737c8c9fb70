/**
 * `onlyMissingOutputs`: skip nodes whose persistent outputs already exist (kedro's
 * `--only-missing-outputs`). Walking from the end, a node is kept when it has no outputs, when one
 * of its registered persistent outputs is missing, or when a kept node downstream needs an output
 * of it that is not persisted.
 */
import type { DataCatalog } from '../io/data-catalog.js';
import { getLogger } from '../logging.js';
import type { Node } from '../pipeline/node.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { stripTranscoding } from '../pipeline/transcoding.js';
import { byCodePoint } from '../utils/py-repr.js';

const log = getLogger('kedro.runner');

export async function filterOnlyMissingOutputs(pipeline: Pipeline, catalog: DataCatalog): Promise<Pipeline | undefined> {
  const nodes = pipeline.nodes;
  const kept = new Set<Node>();
  // Stripped names: a consumer of `ds@load` needs the producer of `ds@save`.
  const neededByKept = new Set<string>();
  const existsCache = new Map<string, Promise<boolean>>();
  const exists = (name: string): Promise<boolean> => {
    let cached = existsCache.get(name);
    if (cached === undefined) {
      cached = catalog.exists(name);
      existsCache.set(name, cached);
    }
    return cached;
  };
  const persistent = (name: string): boolean => catalog.has(name) && catalog.get(name)?.ephemeral === false;

  for (let i = nodes.length - 1; i >= 0; i -= 1) {
    const node = nodes[i]!;
    let keep = node.outputs.length === 0;
    for (const output of node.outputs) {
      if (keep) break;
      if (persistent(output) && !(await exists(output))) keep = true;
      else if (neededByKept.has(stripTranscoding(output)) && (!persistent(output) || !(await exists(output)))) keep = true;
    }
    if (keep) {
      kept.add(node);
      for (const input of node.inputs) neededByKept.add(stripTranscoding(input));
    }
  }

  if (kept.size === 0) {
    log.info('Skipping all %d nodes (all persistent outputs exist)', nodes.length);
    return undefined;
  }
  const skipped = nodes.filter((n) => !kept.has(n)).map((n) => n.name).sort(byCodePoint);
  if (skipped.length > 0) {
    log.info('Skipping %d nodes with existing outputs: %s', skipped.length, skipped.join(', '));
  }
  log.info('Running %d out of %d nodes', kept.size, nodes.length);
  return skipped.length === 0 ? pipeline : pipeline.onlyNodes(...[...kept].map((n) => n.name));
}
