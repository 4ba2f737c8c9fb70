/**
 * Grouping nodes for deployment plugins (one container/task per group): by top-level namespace,
 * or one group per node.
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { byCodePoint } from '../utils/py-repr.js';
import type { Node } from './node.js';

export interface GroupedNodes {
  /** The top-level namespace, or the node name for a node without namespace. */
  name: string;
  type: 'namespace' | 'nodes';
  /** Node names in execution order. */
  nodes: string[];
  /** Names of the groups this one depends on, in first-seen order. */
  dependencies: string[];
}

/** `'namespace'`: by top-level namespace; `'none'` or `null`: one group per node (case-insensitive). */
export type GroupBy = 'namespace' | 'none' | null;

function groupKey(node: Node): string {
  return node.namespace === undefined ? node.name : node.namespace.split('.')[0]!;
}

/**
 * @param ordered the pipeline's nodes in execution order
 * @param parentsOf the nodes a node depends on
 */
export function groupNodesBy(
  ordered: readonly Node[],
  parentsOf: (node: Node) => readonly Node[],
  groupBy: GroupBy = 'namespace',
): GroupedNodes[] {
  const strategy = groupBy === null ? 'none' : String(groupBy).toLowerCase();
  if (strategy === 'none') {
    return ordered.map((node) => ({
      name: node.name,
      type: 'nodes',
      nodes: [node.name],
      dependencies: parentsOf(node).map((parent) => parent.name).sort(byCodePoint),
    }));
  }
  if (strategy !== 'namespace') throw new PipelineError(`Unsupported group_by strategy: ${String(groupBy)}`);

  const groups = new Map<string, GroupedNodes & { seen: Set<string> }>();
  for (const node of ordered) {
    const key = groupKey(node);
    let group = groups.get(key);
    if (group === undefined) {
      group = { name: key, type: node.namespace === undefined ? 'nodes' : 'namespace', nodes: [], dependencies: [], seen: new Set() };
      groups.set(key, group);
    }
    group.nodes.push(node.name);
    const parents = [...parentsOf(node)].sort((a, b) => byCodePoint(a.name, b.name));
    for (const parent of parents) {
      const parentKey = groupKey(parent);
      if (parentKey !== key && !group.seen.has(parentKey)) {
        group.seen.add(parentKey);
        group.dependencies.push(parentKey);
      }
    }
  }
  return [...groups.values()].map(({ name, type, nodes, dependencies }) => ({ name, type, nodes, dependencies }));
}
