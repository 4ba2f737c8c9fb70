/**
 * The picture's graph of a pipeline: its nodes, and optionally its datasets as small boxes between
 * them (as kedro-viz draws them). Parameters (`params:*`, `parameters`) are left out: they would tie
 * most nodes to a few boxes and say nothing about the flow. Transcoded names (`ds@pandas`) count as
 * their dataset (`ds`).
 */
import type { Pipeline } from '@kedro-mlflow/core-pipeline';

export interface DagVertex {
  id: string;
  kind: 'node' | 'dataset';
  /** The node or dataset name. */
  name: string;
}

export interface DagGraph {
  vertices: DagVertex[];
  edges: Array<{ from: string; to: string }>;
}

const isParameter = (name: string): boolean => name === 'parameters' || name.startsWith('params:');

// Ids keep nodes and datasets apart even when a node and a dataset share a name.
export const nodeVertexId = (name: string): string => `n:${name}`;
export const datasetVertexId = (name: string): string => `d:${name}`;

export function dagGraph(pipeline: Pipeline, options: { datasets: boolean }): DagGraph {
  const vertices: DagVertex[] = [];
  const edges = new Map<string, { from: string; to: string }>();
  const addEdge = (from: string, to: string): void => {
    edges.set(`${from}\0${to}`, { from, to });
  };
  const nodes = pipeline.nodes;
  for (const node of nodes) vertices.push({ id: nodeVertexId(node.name), kind: 'node', name: node.name });
  if (options.datasets) {
    const seen = new Set<string>();
    for (const node of nodes) {
      for (const name of [...node.strippedInputs, ...node.strippedOutputs]) {
        if (isParameter(name) || seen.has(name)) continue;
        seen.add(name);
        vertices.push({ id: datasetVertexId(name), kind: 'dataset', name });
      }
      for (const name of node.strippedInputs) if (!isParameter(name)) addEdge(datasetVertexId(name), nodeVertexId(node.name));
      for (const name of node.strippedOutputs) addEdge(nodeVertexId(node.name), datasetVertexId(name));
    }
  } else {
    const producers = new Map<string, string>();
    for (const node of nodes) for (const name of node.strippedOutputs) producers.set(name, node.name);
    for (const node of nodes) {
      for (const name of node.strippedInputs) {
        const producer = producers.get(name);
        if (producer !== undefined) addEdge(nodeVertexId(producer), nodeVertexId(node.name));
      }
    }
  }
  return { vertices, edges: [...edges.values()] };
}
