/**
 * Dependency-driven scheduling with a bounded number of nodes in flight, shared by the concurrent
 * and the parallel runner: start every node whose parents are done (in topological order), wait for
 * the first to finish, repeat. On a failure nothing new starts, running nodes finish, and the
 * error is raised.
 */
import type { Node } from '../pipeline/node.js';
import type { Pipeline } from '../pipeline/pipeline.js';

/** kedro's worker count: never more than the widest possible fan-out of the pipeline. */
export function requiredWorkers(pipeline: Pipeline, maxWorkers: number): number {
  const nodes = pipeline.nodes.length;
  const layers = pipeline.groupedNodes.length;
  return Math.max(1, Math.min(nodes - layers + 1, maxWorkers));
}

export async function runWithPool(
  pipeline: Pipeline,
  workers: number,
  execute: (node: Node) => Promise<void>,
  onDone: (node: Node) => Promise<void>,
  onError: (node: Node, error: unknown) => Error,
): Promise<void> {
  // Ready nodes are started in topological order; each completion unlocks its children.
  const order = pipeline.nodes;
  const position = new Map(order.map((n, i) => [n, i]));
  const waitingOn = new Map<Node, number>();
  const children = new Map<Node, Node[]>();
  for (const [child, parents] of pipeline.nodeDependencies) {
    waitingOn.set(child, parents.size);
    for (const parent of parents) {
      const list = children.get(parent);
      if (list === undefined) children.set(parent, [child]);
      else list.push(child);
    }
  }
  const ready = order.filter((n) => (waitingOn.get(n) ?? 0) === 0);
  const running = new Map<Node, Promise<{ node: Node; error?: unknown; failed: boolean }>>();
  let finishedCount = 0;
  let failure: Error | undefined;

  while (finishedCount < order.length && failure === undefined) {
    while (ready.length > 0 && running.size < workers) {
      const node = ready.shift()!;
      running.set(
        node,
        execute(node).then(
          () => ({ node, failed: false }),
          (error: unknown) => ({ node, error, failed: true }),
        ),
      );
    }
    if (running.size === 0) {
      const left = order.filter((n) => (waitingOn.get(n) ?? 0) > 0);
      throw new Error(`Unable to schedule new tasks although some nodes have not been run:\n${left.map((n) => n.toString()).join('\n')}`);
    }
    const finished = await Promise.race(running.values());
    running.delete(finished.node);
    if (finished.failed) {
      failure = onError(finished.node, finished.error);
      break;
    }
    finishedCount += 1;
    await onDone(finished.node);
    for (const child of children.get(finished.node) ?? []) {
      const left = (waitingOn.get(child) ?? 1) - 1;
      waitingOn.set(child, left);
      if (left === 0) insertByPosition(ready, child, position);
    }
  }
  if (failure !== undefined) {
    // Let nodes already in flight finish (like an executor shutting down), then report the failure.
    await Promise.allSettled(running.values());
    throw failure;
  }
}

function insertByPosition(queue: Node[], node: Node, position: Map<Node, number>): void {
  const at = position.get(node)!;
  let i = queue.length;
  while (i > 0 && position.get(queue[i - 1]!)! > at) i -= 1;
  queue.splice(i, 0, node);
}
