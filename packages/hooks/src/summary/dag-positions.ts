/**
 * The layout's one costly step, on plain data so that it can run in a worker thread and its result
 * can be cached: dagre (a layered "Sugiyama" layout: ranks top to bottom, few crossings) places boxes
 * of given sizes and routes the edges between them. Only dagre is imported here: the worker bundle
 * stays small.
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';

/** What the positions depend on: the boxes' ids and sizes, the edges, dagre's options. */
export interface LayoutInput {
  options: { rankdir: 'TB'; nodesep: number; ranksep: number; edgesep: number; marginx: number; marginy: number };
  /** [id, width, height] per box, in the graph's vertex order. */
  boxes: Array<[string, number, number]>;
  /** [from, to] per edge, in the graph's edge order. */
  edges: Array<[string, string]>;
}

/** dagre's answer, in the input's order: box centres and edge polylines as [x, y] pairs. */
export interface LayoutPositions {
  width: number;
  height: number;
  boxes: Array<[number, number]>;
  edges: Array<Array<[number, number]>>;
}

export const DAGRE_VERSION: string = dagre.version;

export function computePositions(input: LayoutInput): LayoutPositions {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ ...input.options });
  g.setDefaultEdgeLabel(() => ({}));
  for (const [id, width, height] of input.boxes) g.setNode(id, { width, height });
  for (const [from, to] of input.edges) g.setEdge(from, to);
  dagre.layout(g);
  const size = g.graph();
  return {
    width: Math.ceil(size.width ?? 0),
    height: Math.ceil(size.height ?? 0),
    boxes: input.boxes.map(([id]): [number, number] => {
      const placed = g.node(id);
      return [placed.x, placed.y];
    }),
    edges: input.edges.map(([from, to]) => (g.edge(from, to)?.points ?? []).map(({ x, y }: { x: number; y: number }): [number, number] => [x, y])),
  };
}
