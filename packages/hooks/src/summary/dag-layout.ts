/**
 * Positions for the picture, computed by dagre (a layered "Sugiyama" layout: ranks top to bottom,
 * few crossings). Boxes are sized from their text so that labels fit; very long names are cut with
 * an ellipsis (the full name stays in the SVG's tooltip).
 */
import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { DagGraph, DagVertex } from './dag-graph.js';

export interface Point {
  x: number;
  y: number;
}

export interface LaidOutBox extends DagVertex {
  /** The text shown (the name, cut when too long). */
  label: string;
  /** Centre of the box. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface LaidOutEdge {
  from: string;
  to: string;
  points: Point[];
}

export interface DagLayout {
  width: number;
  height: number;
  boxes: LaidOutBox[];
  edges: LaidOutEdge[];
}

/** The SVG uses a monospace font, so a label's width follows from its length. */
export const NODE_FONT_SIZE = 13;
export const DATASET_FONT_SIZE = 11;
export const CHAR_WIDTH_PER_FONT_SIZE = 0.62;
export const MAX_LABEL_CHARS = 48;
export const NODE_HEIGHT = 44;
export const DATASET_HEIGHT = 22;
const PADDING_X = 12;
/** Room for the second line of a node box ("completed · 1.25 s"). */
const MIN_NODE_CHARS = 20;

export function textWidth(text: string, fontSize: number): number {
  return Math.ceil([...text].length * fontSize * CHAR_WIDTH_PER_FONT_SIZE);
}

export function cutLabel(name: string): string {
  const chars = [...name];
  return chars.length <= MAX_LABEL_CHARS ? name : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

export function layoutDag(graph: DagGraph): DagLayout {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>();
  g.setGraph({ rankdir: 'TB', nodesep: 24, ranksep: 36, edgesep: 12, marginx: 16, marginy: 16 });
  g.setDefaultEdgeLabel(() => ({}));
  const labels = new Map<string, string>();
  for (const vertex of graph.vertices) {
    const label = cutLabel(vertex.name);
    labels.set(vertex.id, label);
    const isNode = vertex.kind === 'node';
    const chars = isNode ? Math.max([...label].length, MIN_NODE_CHARS) : [...label].length;
    const width = textWidth('x'.repeat(chars), isNode ? NODE_FONT_SIZE : DATASET_FONT_SIZE) + 2 * PADDING_X;
    g.setNode(vertex.id, { width, height: isNode ? NODE_HEIGHT : DATASET_HEIGHT });
  }
  for (const edge of graph.edges) g.setEdge(edge.from, edge.to);
  dagre.layout(g);
  const boxes = graph.vertices.map((vertex): LaidOutBox => {
    const placed = g.node(vertex.id);
    return { ...vertex, label: labels.get(vertex.id)!, x: placed.x, y: placed.y, width: placed.width, height: placed.height };
  });
  const edges = graph.edges.map((edge): LaidOutEdge => ({ ...edge, points: (g.edge(edge.from, edge.to)?.points ?? []).map(({ x, y }: Point) => ({ x, y })) }));
  const size = g.graph();
  return { width: Math.ceil(size.width ?? 0), height: Math.ceil(size.height ?? 0), boxes, edges };
}
