/**
 * Namespace contiguity (a warning, never an error): deployment plugins run a namespace as one unit,
 * which is impossible if a dependency path leaves the namespace and later comes back into it.
 *
 * Kedro walks every root-to-leaf path, which is exponential on wide graphs. The same condition
 * is "an edge a → b leaves namespace X (X is a segment prefix of a's namespace; b is outside X) and
 * some node whose namespace is exactly X is reachable from b". We find, per namespace X with such
 * edges, all nodes that can reach X with one reverse BFS: O(K · (N + E)) for K namespaces.
 */
import { getLogger } from '../logging.js';
import { pyList } from '../utils/py-repr.js';
import { namespacePrefixes } from './node-name.js';
import type { PipelineGraph } from './pipeline-graph.js';

const log = getLogger('kedro.pipeline');

function isWithin(namespace: string, outer: string): boolean {
  return namespace === outer || namespace.startsWith(`${outer}.`);
}

/** Returns the warnings it logged (one per interrupted namespace). */
export function warnOnInterruptedNamespaces(graph: PipelineGraph): string[] {
  const { nodes, parents, children } = graph;
  const holders = new Map<string, number[]>();
  nodes.forEach((node, i) => {
    if (node.namespace === undefined) return;
    const list = holders.get(node.namespace);
    if (list === undefined) holders.set(node.namespace, [i]);
    else list.push(i);
  });
  if (holders.size === 0) return [];

  const leaving = new Map<string, Array<[from: number, to: number]>>();
  nodes.forEach((node, a) => {
    const own = node.namespace;
    if (own === undefined) return;
    let prefixes: string[] | undefined;
    for (const b of children[a]!) {
      const target = nodes[b]!.namespace ?? '';
      // Most edges stay inside the namespace (or go deeper): they leave none of its prefixes.
      if (isWithin(target, own)) continue;
      prefixes ??= namespacePrefixes(own).filter((prefix) => holders.has(prefix));
      for (const prefix of prefixes) {
        if (isWithin(target, prefix)) continue;
        const edges = leaving.get(prefix);
        if (edges === undefined) leaving.set(prefix, [[a, b]]);
        else edges.push([a, b]);
      }
    }
  });

  const warnings: string[] = [];
  const towards = new Int32Array(nodes.length);
  for (const [namespace, edges] of leaving) {
    // Reverse BFS from the nodes of exactly this namespace; `towards[i]` is i's next step back into it.
    towards.fill(-2);
    const queue = [...holders.get(namespace)!];
    for (const i of queue) towards[i] = -1;
    for (let head = 0; head < queue.length; head += 1) {
      const current = queue[head]!;
      for (const parent of parents[current]!) {
        if (towards[parent] === -2) {
          towards[parent] = current;
          queue.push(parent);
        }
      }
    }
    const reentry = edges.find(([, b]) => towards[b] !== -2);
    if (reentry === undefined) continue;
    const path: string[] = [];
    for (let i = reentry[1]; towards[i] !== -1; i = towards[i]!) path.push(nodes[i]!.name);
    const message = `Namespace '${namespace}' is interrupted by nodes ${pyList(path)} and thus invalid.`;
    log.warn(message);
    warnings.push(message);
  }
  return warnings;
}
