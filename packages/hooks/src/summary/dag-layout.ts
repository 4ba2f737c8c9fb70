/**
 * Positions for the picture. Boxes are sized from their text so that labels fit; very long names are
 * cut with an ellipsis (the full name stays in the SVG's tooltip). dagre places them (dag-positions.ts).
 */
import type { DagGraph, DagVertex } from './dag-graph.js';
import { computePositions, type LayoutInput, type LayoutPositions } from './dag-positions.js';

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
const LAYOUT_OPTIONS: LayoutInput['options'] = { rankdir: 'TB', nodesep: 24, ranksep: 36, edgesep: 12, marginx: 16, marginy: 16 };

export function textWidth(text: string, fontSize: number): number {
  return Math.ceil([...text].length * fontSize * CHAR_WIDTH_PER_FONT_SIZE);
}

export function cutLabel(name: string): string {
  const chars = [...name];
  return chars.length <= MAX_LABEL_CHARS ? name : `${chars.slice(0, MAX_LABEL_CHARS - 1).join('')}…`;
}

/** The input of the positions: box sizes follow from the labels (cut when too long). */
export function layoutInput(graph: DagGraph): LayoutInput {
  const boxes = graph.vertices.map((vertex): [string, number, number] => {
    const label = cutLabel(vertex.name);
    const isNode = vertex.kind === 'node';
    const chars = isNode ? Math.max([...label].length, MIN_NODE_CHARS) : [...label].length;
    const width = textWidth('x'.repeat(chars), isNode ? NODE_FONT_SIZE : DATASET_FONT_SIZE) + 2 * PADDING_X;
    return [vertex.id, width, isNode ? NODE_HEIGHT : DATASET_HEIGHT];
  });
  return { options: LAYOUT_OPTIONS, boxes, edges: graph.edges.map(({ from, to }): [string, string] => [from, to]) };
}

/** The picture's layout from the graph and the positions computed for its layoutInput(). */
export function placeLayout(graph: DagGraph, input: LayoutInput, positions: LayoutPositions): DagLayout {
  const boxes = graph.vertices.map((vertex, i): LaidOutBox => {
    const [, width, height] = input.boxes[i]!;
    const [x, y] = positions.boxes[i]!;
    return { ...vertex, label: cutLabel(vertex.name), x, y, width, height };
  });
  const edges = graph.edges.map((edge, i): LaidOutEdge => ({ ...edge, points: positions.edges[i]!.map(([x, y]) => ({ x, y })) }));
  return { width: positions.width, height: positions.height, boxes, edges };
}

/** Lays the graph out here and now (no cache, no worker: see dag-layout-job.ts for those). */
export function layoutDag(graph: DagGraph): DagLayout {
  const input = layoutInput(graph);
  return placeLayout(graph, input, computePositions(input));
}
