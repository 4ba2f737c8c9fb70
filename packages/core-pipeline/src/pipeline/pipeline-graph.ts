/**
 * The dependency graph of a set of nodes, built in O(N + E): indexes by (transcoding-stripped)
 * dataset name, parent/child adjacency by node index, and Kahn layers (which also detect cycles).
 * A child depends on a parent when the parent writes a dataset the child reads.
 */
import { CircularDependencyError } from '../errors/circular-dependency-error.js';
import { byCodePoint } from '../utils/py-repr.js';
import type { Node } from './node.js';

const NO_EDGES: readonly number[] = Object.freeze([]);

/** Stripped output name → index of the node writing it, plus the names written more than once. */
export function indexProducers(nodes: readonly Node[]): { producer: Map<string, number>; repeated: string[] } {
  const producer = new Map<string, number>();
  const repeated: string[] = [];
  for (let i = 0; i < nodes.length; i += 1) {
    for (const output of nodes[i]!.strippedOutputs) {
      if (producer.has(output)) repeated.push(output);
      else producer.set(output, i);
    }
  }
  return { producer, repeated };
}

export class PipelineGraph {
  /** Nodes in construction order; indexes below refer to positions in this array. */
  readonly nodes: readonly Node[];
  /** Stripped dataset name → index of the node writing it (outputs are unique in a pipeline). */
  readonly producer: ReadonlyMap<string, number>;
  /** Stripped names of every dataset some node reads. */
  readonly consumed = new Set<string>();
  readonly parents: ReadonlyArray<readonly number[]>;
  readonly children: ReadonlyArray<readonly number[]>;
  private consumersByName: Map<string, number[]> | undefined;
  private nodesByName: Map<string, Node> | undefined;
  private indexByNode: Map<Node, number> | undefined;
  /** Kahn layers of node indexes, unsorted: a node's layer is its longest distance from a root. */
  private readonly layers: number[][];
  private sorted: Node[][] | undefined;

  /** `producer` may be passed when the caller already built it (see `indexProducers`). */
  constructor(nodes: readonly Node[], producer?: ReadonlyMap<string, number>) {
    this.nodes = nodes;
    this.producer = producer ?? indexProducers(nodes).producer;
    const count = nodes.length;
    const parents = new Array<readonly number[]>(count);
    const children = new Array<number[] | undefined>(count);
    // A stamp per parent avoids a Set per node when de-duplicating parents.
    const stamp = new Int32Array(count).fill(-1);
    for (let i = 0; i < count; i += 1) {
      let own: number[] | undefined;
      for (const input of nodes[i]!.strippedInputs) {
        this.consumed.add(input);
        const parent = this.producer.get(input);
        if (parent !== undefined && stamp[parent] !== i) {
          stamp[parent] = i;
          (own ??= []).push(parent);
          (children[parent] ??= []).push(i);
        }
      }
      parents[i] = own ?? NO_EDGES;
    }
    for (let i = 0; i < count; i += 1) children[i] ??= NO_EDGES as number[];
    this.parents = parents;
    this.children = children as number[][];
    this.layers = this.kahnLayers();
  }

  /** Stripped dataset name → indexes of the nodes reading it, each node once (built on first use). */
  get consumers(): ReadonlyMap<string, readonly number[]> {
    if (this.consumersByName === undefined) {
      const consumers = new Map<string, number[]>();
      this.nodes.forEach((node, i) => {
        for (const input of node.strippedInputs) {
          const readers = consumers.get(input);
          if (readers === undefined) consumers.set(input, [i]);
          else if (readers[readers.length - 1] !== i) readers.push(i);
        }
      });
      this.consumersByName = consumers;
    }
    return this.consumersByName;
  }

  /** Name → node (built on first use: names of unnamed nodes cost a hash each). */
  get byName(): ReadonlyMap<string, Node> {
    this.nodesByName ??= new Map(this.nodes.map((node) => [node.name, node]));
    return this.nodesByName;
  }

  indexOf(node: Node): number | undefined {
    this.indexByNode ??= new Map(this.nodes.map((n, i) => [n, i]));
    return this.indexByNode.get(node);
  }

  /** The nodes in execution order. */
  ordered(): Node[] {
    const order: Node[] = [];
    for (const layer of this.sortedLayers()) for (const node of layer) order.push(node);
    return order;
  }

  /** Layers of nodes, each sorted by name: kedro's `grouped_nodes`. */
  sortedLayers(): Node[][] {
    this.sorted ??= this.layers.map((layer) => (layer.length === 1 ? [this.nodes[layer[0]!]!] : this.sortByName(layer)));
    return this.sorted;
  }

  private sortByName(layer: readonly number[]): Node[] {
    // Names are unique in a pipeline, and the default string sort (UTF-16 code units, kedro's
    // order) without a comparator is much faster than sorting nodes with one.
    const byName = new Map<string, Node>();
    for (const i of layer) byName.set(this.nodes[i]!.name, this.nodes[i]!);
    return [...byName.keys()].sort().map((name) => byName.get(name)!);
  }

  /** Indexes of `start` and every node downstream of them. */
  descendants(start: Iterable<number>): Set<number> {
    return this.reach(start, this.children);
  }

  /** Indexes of `start` and every node upstream of them. */
  ancestors(start: Iterable<number>): Set<number> {
    return this.reach(start, this.parents);
  }

  private reach(start: Iterable<number>, edges: ReadonlyArray<readonly number[]>): Set<number> {
    const seen = new Set<number>();
    const queue: number[] = [];
    for (const i of start) {
      if (!seen.has(i)) {
        seen.add(i);
        queue.push(i);
      }
    }
    for (let head = 0; head < queue.length; head += 1) {
      for (const next of edges[queue[head]!]!) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
    return seen;
  }

  private kahnLayers(): number[][] {
    const count = this.nodes.length;
    const pending = new Int32Array(count);
    let layer: number[] = [];
    for (let i = 0; i < count; i += 1) {
      pending[i] = this.parents[i]!.length;
      if (pending[i] === 0) layer.push(i);
    }
    const layers: number[][] = [];
    let done = 0;
    while (layer.length > 0) {
      layers.push(layer);
      done += layer.length;
      const next: number[] = [];
      for (const i of layer) {
        for (const child of this.children[i]!) {
          const left = pending[child]! - 1;
          pending[child] = left;
          if (left === 0) next.push(child);
        }
      }
      layer = next;
    }
    if (done < count) this.throwCycle(pending);
    return layers;
  }

  /**
   * Every node left with pending parents has at least one pending parent, so walking up from any
   * of them must revisit a node: that walk's loop is the cycle we report.
   */
  private throwCycle(pending: Int32Array): never {
    let current = pending.findIndex((p) => p > 0);
    const position = new Map<number, number>();
    const walk: number[] = [];
    while (!position.has(current)) {
      position.set(current, walk.length);
      walk.push(current);
      current = this.parents[current]!.find((p) => pending[p]! > 0)!;
    }
    const loop = walk.slice(position.get(current)).map((i) => this.nodes[i]!);
    loop.sort((a, b) => byCodePoint(a.name, b.name));
    throw new CircularDependencyError(
      `Circular dependencies exist among the following ${loop.length} item(s): [${loop.map((n) => n.repr()).join(', ')}]`,
    );
  }
}
