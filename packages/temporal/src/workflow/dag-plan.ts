/** A pipeline as the workflow schedules it: names in topological order, dependencies as indexes. */
import type { Pipeline } from '@kedro-mlflow/core-pipeline';
import type { DagPlan } from './contract.js';

export function dagPlanOf(pipeline: Pipeline): DagPlan {
  const nodes = pipeline.nodes;
  const indexOf = new Map(nodes.map((node, index) => [node, index]));
  const dependencies = pipeline.nodeDependencies;
  return {
    names: nodes.map((node) => node.name),
    deps: nodes.map((node) => [...(dependencies.get(node) ?? [])].map((dep) => indexOf.get(dep)!).sort((a, b) => a - b)),
  };
}
