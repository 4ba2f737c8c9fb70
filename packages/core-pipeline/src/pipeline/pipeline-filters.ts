/**
 * Node selection for the Pipeline filters. Each function works on one pipeline's graph and returns
 * node indexes; the Pipeline wraps them into new pipelines. Transcoding rule: a bare name selects
 * every `name@format` variant, a full `name@format` only that variant.
 */
import { PipelineFilterError } from '../errors/pipeline-filter-error.js';
import { byCodePoint, pyList } from '../utils/py-repr.js';
import type { PipelineGraph } from './pipeline-graph.js';
import { stripTranscoding } from './transcoding.js';

/** A requested dataset must be a dataset of the pipeline, written as is or as its base name. */
export function checkDatasetsExist(graph: PipelineGraph, datasets: ReadonlySet<string>, names: readonly string[]): void {
  const missing = [
    ...new Set(names.filter((name) => !datasets.has(name) && !graph.consumed.has(name) && !graph.producer.has(name))),
  ].sort(byCodePoint);
  if (missing.length > 0) {
    throw new PipelineFilterError(`Pipeline does not contain datasets named ${pyList(missing)}`, { kind: 'unknown-datasets', missing });
  }
}

/** Nodes reading any of `names`. */
export function consumersOf(graph: PipelineGraph, names: readonly string[]): Set<number> {
  const found = new Set<number>();
  for (const name of names) {
    const base = stripTranscoding(name);
    for (const i of graph.consumers.get(base) ?? []) {
      if (base === name || graph.nodes[i]!.inputs.includes(name)) found.add(i);
    }
  }
  return found;
}

/** Nodes writing any of `names` (free inputs have no producer). */
export function producersOf(graph: PipelineGraph, names: readonly string[]): Set<number> {
  const found = new Set<number>();
  for (const name of names) {
    const base = stripTranscoding(name);
    const i = graph.producer.get(base);
    if (i !== undefined && (base === name || graph.nodes[i]!.outputs.includes(name))) found.add(i);
  }
  return found;
}

/** Indexes of the named nodes; unknown names are an error that suggests namespaced matches. */
export function namedNodes(graph: PipelineGraph, names: readonly string[]): Set<number> {
  const unique = [...new Set(names)];
  const unknown = unique.filter((name) => !graph.byName.has(name));
  if (unknown.length > 0) {
    const suggestions = unknown.flatMap((name) =>
      graph.nodes.filter((node) => node.name.endsWith(`.${name}`)).map((node) => node.name),
    );
    const hint = suggestions.length > 0 ? ` Did you mean: ${pyList(suggestions)}?` : '';
    throw new PipelineFilterError(`Pipeline does not contain nodes named ${pyList(unknown)}.${hint}`, { kind: 'unknown-nodes', missing: unknown });
  }
  return new Set(unique.map((name) => graph.indexOf(graph.byName.get(name)!)!));
}

/** Nodes having any of the tags. */
export function taggedNodes(graph: PipelineGraph, tags: readonly string[]): Set<number> {
  const found = new Set<number>();
  if (tags.length === 0) return found;
  graph.nodes.forEach((node, i) => {
    if (tags.some((tag) => node.hasTag(tag))) found.add(i);
  });
  return found;
}

/** Nodes whose namespace is one of `namespaces` or nested in it; each must match something. */
export function namespacedNodes(graph: PipelineGraph, namespaces: readonly string[]): Set<number> {
  const found = new Set<number>();
  const unmatched: string[] = [];
  for (const namespace of namespaces) {
    let matched = false;
    graph.nodes.forEach((node, i) => {
      const own = node.namespace;
      if (own !== undefined && (own === namespace || own.startsWith(`${namespace}.`))) {
        found.add(i);
        matched = true;
      }
    });
    if (!matched) unmatched.push(namespace);
  }
  if (unmatched.length > 0) {
    throw new PipelineFilterError(`Pipeline does not contain nodes with the following namespaces: ${pyList(unmatched)}`, {
      kind: 'unknown-namespaces',
      missing: unmatched,
    });
  }
  return found;
}
