/**
 * A pipeline: a set of nodes seen as a DAG, with its free inputs/outputs, execution order, filters
 * and set algebra. Immutable; every operation returns a new pipeline. Derived views are computed
 * lazily and cached.
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { PipelineFilterError } from '../errors/pipeline-filter-error.js';
import { jsTypeName } from './js-type-name.js';
import { mapNodes, needsMapping, type DatasetMapping } from './modular-pipeline.js';
import { warnOnInterruptedNamespaces } from './namespace-check.js';
import { Node } from './node.js';
import { normalizeTags } from './node-validation.js';
import { groupNodesBy, type GroupBy, type GroupedNodes } from './grouping.js';
import { describePipeline, pipelineRepr, pipelineToJSON, type PipelineJSON } from './pipeline-describe.js';
import { checkDatasetsExist, consumersOf, namedNodes, namespacedNodes, producersOf, taggedNodes } from './pipeline-filters.js';
import { indexProducers, PipelineGraph } from './pipeline-graph.js';
import {
  checkTranscodingConsistency,
  checkUniqueConfirms,
  checkUniqueNodeNames,
  throwOnRepeatedOutputs,
  type NodeSource,
} from './pipeline-validation.js';

const PIPELINE_MARKER = Symbol.for('@kedro-mlflow/core-pipeline.Pipeline');

export interface PipelineOptions {
  /** Free inputs to expose (kept as named) or rename (`{old: new}`). */
  inputs?: DatasetMapping;
  /** Outputs (free or intermediate) to expose or rename. */
  outputs?: DatasetMapping;
  /** Parameters to keep or rename; the `params:` prefix is optional. */
  parameters?: DatasetMapping;
  /** Tags added to every node. */
  tags?: string | Iterable<string> | null;
  /** Namespace for every node, and prefix for every dataset not exposed through the mappings. */
  namespace?: string | null;
  /** `false`: the namespace applies to nodes only, dataset names are kept. Default true. */
  prefixDatasetsWithNamespace?: boolean;
}

export interface PipelineFilterCriteria {
  tags?: Iterable<string> | null;
  fromNodes?: Iterable<string> | null;
  toNodes?: Iterable<string> | null;
  nodeNames?: Iterable<string> | null;
  fromInputs?: Iterable<string> | null;
  toOutputs?: Iterable<string> | null;
  nodeNamespaces?: Iterable<string> | null;
}

export type PipelineItems = Iterable<Node | Pipeline> | Pipeline;

function unsupportedOperand(operator: string, other: unknown): TypeError {
  return new TypeError(`unsupported operand type(s) for ${operator}: 'Pipeline' and '${jsTypeName(other)}'`);
}

export class Pipeline {
  private readonly [PIPELINE_MARKER] = true;
  private readonly graph: PipelineGraph;
  private cachedOrder: readonly Node[] | undefined;
  private cachedAllInputs: ReadonlySet<string> | undefined;
  private cachedAllOutputs: ReadonlySet<string> | undefined;
  private cachedInputs: ReadonlySet<string> | undefined;
  private cachedOutputs: ReadonlySet<string> | undefined;
  private cachedDatasets: ReadonlySet<string> | undefined;

  constructor(items: PipelineItems | null | undefined, options: PipelineOptions = {}) {
    let given = items;
    const mapping = needsMapping(options);
    if (mapping) {
      if (given === null || given === undefined) throw noNodes();
      // Pipelines are immutable, so an existing one can be mapped as it is (kedro copies it first).
      const tags = options.tags ?? null;
      const base = Pipeline.isInstance(given) ? (tags === null ? given : given.tag(tags)) : new Pipeline(given, { tags });
      given = mapNodes(base, options);
    }
    if (given === null || given === undefined) throw noNodes();

    const sources = Pipeline.sources(given);
    let nodes = sources.length === 1 ? [...sources[0]!.nodes] : sources.flatMap((source) => source.nodes);
    // Built first because repeated outputs tell the name check whether unnamed nodes can clash.
    const { producer, repeated } = indexProducers(nodes);
    checkUniqueNodeNames(sources, repeated.length > 0);
    checkTranscodingConsistency(nodes);
    // Mapped nodes already carry the tags (the mapping tags the pipeline it starts from).
    const tags = mapping ? new Set<string>() : normalizeTags(options.tags);
    if (tags.size > 0) nodes = nodes.map((node) => node.tag(tags));
    throwOnRepeatedOutputs(repeated);
    checkUniqueConfirms(nodes);
    this.graph = new PipelineGraph(nodes, producer);
    if (nodes.some((node) => node.namespace !== undefined)) warnOnInterruptedNamespaces(this.graph);
  }

  /** Whether `value` is a Pipeline, even one from another copy of this package. */
  static isInstance(value: unknown): value is Pipeline {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[PIPELINE_MARKER] === true;
  }

  /**
   * A pipeline of nodes already validated together (a subset or a re-tagging of a pipeline): only
   * the graph is built. Like `Node`'s clone, it skips the constructor and its checks.
   */
  private static ofValidNodes(nodes: readonly Node[]): Pipeline {
    return Object.assign(Object.create(Pipeline.prototype) as Pipeline, { [PIPELINE_MARKER]: true, graph: new PipelineGraph(nodes) });
  }

  /** Python's `sum(pipelines)`: the union of all of them, identical nodes once (the first copy kept). */
  static sum(pipelines: Iterable<Pipeline>): Pipeline {
    const byKey = new Map<string, Node>();
    for (const pipe of pipelines) {
      if (!Pipeline.isInstance(pipe)) throw unsupportedOperand('+', pipe);
      for (const node of pipe.graph.nodes) if (!byKey.has(node.key)) byKey.set(node.key, node);
    }
    return new Pipeline([...byKey.values()]);
  }

  /** Free nodes and nested pipelines, as the sources of the duplicate-name check. */
  private static sources(items: PipelineItems): NodeSource[] {
    if (Pipeline.isInstance(items)) return [{ nodes: items.graph.nodes }];
    if (typeof items !== 'object' || !(Symbol.iterator in items)) {
      throw new TypeError(`'nodes' argument of 'Pipeline' must be an iterable of nodes and/or pipelines, not '${jsTypeName(items)}'.`);
    }
    const sources: NodeSource[] = [];
    let free: Node[] | undefined;
    let position = 0;
    for (const item of items as Iterable<unknown>) {
      if (Node.isInstance(item)) {
        if (free === undefined) {
          free = [];
          sources.push({ nodes: free });
        }
        free.push(item);
      } else if (Pipeline.isInstance(item)) {
        free = undefined;
        // Graph order is enough to flatten; the execution order is only needed for an error message.
        sources.push({ nodes: item.graph.nodes, pipeline: { orderedNodes: () => item.nodes, repr: () => item.toString() } });
      } else {
        throw new TypeError(
          `'nodes' argument of 'Pipeline' must contain only nodes and pipelines, but item ${position} is '${jsTypeName(item)}'.`,
        );
      }
      position += 1;
    }
    return sources;
  }

  /** A pipeline of nodes of this one (by index, kept in graph order): valid by construction. */
  private subset(indexes: Iterable<number> | readonly Node[]): Pipeline {
    const nodes = Array.isArray(indexes) ? (indexes as Node[]) : [...(indexes as Iterable<number>)].sort((a, b) => a - b).map((i) => this.graph.nodes[i]!);
    return Pipeline.ofValidNodes(nodes);
  }

  // ---- dataset views --------------------------------------------------------------------------

  /** Every dataset read by some node. */
  allInputs(): Set<string> {
    this.cachedAllInputs ??= collect(this.graph.nodes, (node, add) => node.inputs.forEach(add));
    return new Set(this.cachedAllInputs);
  }

  /** Every dataset written by some node. */
  allOutputs(): Set<string> {
    this.cachedAllOutputs ??= collect(this.graph.nodes, (node, add) => node.outputs.forEach(add));
    return new Set(this.cachedAllOutputs);
  }

  /** Free inputs: read but not written inside the pipeline (parameters included). */
  inputs(): Set<string> {
    // A dataset read by a node is intermediate exactly when some node writes its base name.
    const { producer } = this.graph;
    this.cachedInputs ??= collect(this.graph.nodes, (node, add) => {
      node.strippedInputs.forEach((base, i) => {
        if (!producer.has(base)) add(node.inputs[i]!);
      });
    });
    return new Set(this.cachedInputs);
  }

  /** Free outputs: written but not read inside the pipeline. */
  outputs(): Set<string> {
    const { consumed } = this.graph;
    this.cachedOutputs ??= collect(this.graph.nodes, (node, add) => {
      node.strippedOutputs.forEach((base, i) => {
        if (!consumed.has(base)) add(node.outputs[i]!);
      });
    });
    return new Set(this.cachedOutputs);
  }

  /** All inputs and outputs. */
  datasets(): Set<string> {
    const all = this.allOutputs();
    for (const name of this.allInputs()) all.add(name);
    return all;
  }

  // ---- order and dependencies -----------------------------------------------------------------

  /** Nodes in execution order: Kahn layers, each sorted by name. */
  get nodes(): Node[] {
    this.cachedOrder ??= this.graph.ordered();
    return this.cachedOrder.slice();
  }

  /** Nodes in layers: every node's parents are in earlier layers. */
  get groupedNodes(): Node[][] {
    return this.graph.sortedLayers().map((layer) => [...layer]);
  }

  /** Each node → the nodes it depends on (an empty set for roots). */
  get nodeDependencies(): Map<Node, Set<Node>> {
    const { nodes, parents } = this.graph;
    return new Map(nodes.map((node, i) => [node, new Set(parents[i]!.map((p) => nodes[p]!))]));
  }

  /** Group nodes for deployment: by top-level namespace (default) or one group per node (`null`/`'none'`). */
  groupNodesBy(groupBy: GroupBy = 'namespace'): GroupedNodes[] {
    const { nodes, parents } = this.graph;
    return groupNodesBy(this.nodes, (node) => parents[this.graph.indexOf(node)!]!.map((p) => nodes[p]!), groupBy);
  }

  // ---- filters ----------------------------------------------------------------------------------

  /** Exactly the named nodes. */
  onlyNodes(...nodeNames: string[]): Pipeline {
    return this.subset(namedNodes(this.graph, nodeNames));
  }

  /** Nodes with any of the tags (none given: an empty pipeline). */
  onlyNodesWithTags(...tags: string[]): Pipeline {
    return this.subset(taggedNodes(this.graph, tags));
  }

  /** Nodes in the namespaces, or in namespaces nested in them (`a` matches `a` and `a.b`, not `ab`). */
  onlyNodesWithNamespaces(namespaces: string | readonly string[]): Pipeline {
    return this.subset(namespacedNodes(this.graph, typeof namespaces === 'string' ? [namespaces] : namespaces));
  }

  /** Nodes reading any of the datasets directly. */
  onlyNodesWithInputs(...inputs: string[]): Pipeline {
    this.checkDatasets(inputs);
    return this.subset(consumersOf(this.graph, inputs));
  }

  /** Nodes reading any of the datasets, and everything downstream of them. */
  fromInputs(...inputs: string[]): Pipeline {
    this.checkDatasets(inputs);
    return this.subset(this.graph.descendants(consumersOf(this.graph, inputs)));
  }

  /** Nodes writing any of the datasets directly. */
  onlyNodesWithOutputs(...outputs: string[]): Pipeline {
    this.checkDatasets(outputs);
    return this.subset(producersOf(this.graph, outputs));
  }

  /** Nodes writing any of the datasets, and everything upstream of them. */
  toOutputs(...outputs: string[]): Pipeline {
    this.checkDatasets(outputs);
    return this.subset(this.graph.ancestors(producersOf(this.graph, outputs)));
  }

  /** The named nodes and everything downstream of them. */
  fromNodes(...nodeNames: string[]): Pipeline {
    return this.subset(this.graph.descendants(namedNodes(this.graph, nodeNames)));
  }

  /** The named nodes and everything upstream of them. */
  toNodes(...nodeNames: string[]): Pipeline {
    return this.subset(this.graph.ancestors(namedNodes(this.graph, nodeNames)));
  }

  /**
   * Apply each given criterion to this pipeline independently and keep the nodes selected by all
   * of them (so the order of criteria does not matter). No criteria: a copy. Empty result: error.
   */
  filter(criteria: PipelineFilterCriteria = {}): Pipeline {
    const list = (values: Iterable<string> | null | undefined): string[] =>
      values == null ? [] : typeof values === 'string' ? [values] : [...values];
    const selections: Array<() => Pipeline> = [];
    const add = (values: string[], select: (values: string[]) => Pipeline): void => {
      if (values.length > 0) selections.push(() => select(values));
    };
    add(list(criteria.tags), (v) => this.onlyNodesWithTags(...v));
    add(list(criteria.fromNodes), (v) => this.fromNodes(...v));
    add(list(criteria.toNodes), (v) => this.toNodes(...v));
    add(list(criteria.nodeNames), (v) => this.onlyNodes(...v));
    add(list(criteria.fromInputs), (v) => this.fromInputs(...v));
    add(list(criteria.toOutputs), (v) => this.toOutputs(...v));
    add(list(criteria.nodeNamespaces), (v) => this.onlyNodesWithNamespaces(v));

    let kept: readonly Node[] = this.graph.nodes;
    for (const select of selections) {
      const selected = new Set(select().graph.nodes);
      kept = kept.filter((node) => selected.has(node));
    }
    if (kept.length === 0) {
      throw new PipelineFilterError(
        'Pipeline contains no nodes after applying all provided filters. Please ensure that at least one pipeline with nodes has been defined.',
        { kind: 'empty-selection' },
      );
    }
    return this.subset([...kept]);
  }

  private checkDatasets(names: readonly string[]): void {
    this.cachedDatasets ??= this.datasets();
    checkDatasetsExist(this.graph, this.cachedDatasets, names);
  }

  // ---- algebra ------------------------------------------------------------------------------------

  /** A new pipeline with `tags` added to every node. */
  tag(tags: string | Iterable<string>): Pipeline {
    const added = normalizeTags(tags); // once: `tags` may be a one-shot iterable
    return this.subset(this.graph.nodes.map((node) => node.tag(added)));
  }

  /** `a + b`: the nodes of both (identical nodes once, the copy of `this` kept). */
  add(other: Pipeline): Pipeline {
    return Pipeline.sum([this, other]);
  }

  /** `a | b`: same as `add`. */
  union(other: Pipeline): Pipeline {
    if (!Pipeline.isInstance(other)) throw unsupportedOperand('|', other);
    return this.add(other);
  }

  /** `a - b`: the nodes of `this` that are not in `other`. */
  subtract(other: Pipeline): Pipeline {
    if (!Pipeline.isInstance(other)) throw unsupportedOperand('-', other);
    const keys = new Set(other.graph.nodes.map((node) => node.key));
    return this.subset(this.graph.nodes.filter((node) => !keys.has(node.key)));
  }

  /** `a & b`: the nodes in both. */
  intersect(other: Pipeline): Pipeline {
    if (!Pipeline.isInstance(other)) throw unsupportedOperand('&', other);
    const keys = new Set(other.graph.nodes.map((node) => node.key));
    return this.subset(this.graph.nodes.filter((node) => keys.has(node.key)));
  }

  // ---- renderings ---------------------------------------------------------------------------------

  /** Execution order with free inputs and outputs, as kedro logs it before a run. */
  describe({ namesOnly = true }: { namesOnly?: boolean } = {}): string {
    return describePipeline(this.nodes, this.inputs(), this.outputs(), namesOnly);
  }

  /** `{kedro_version, pipeline: [{name, inputs, outputs, tags}]}` (`JSON.stringify(p)` uses it). */
  toJSON(): PipelineJSON {
    return pipelineToJSON(this.nodes);
  }

  toString(): string {
    return pipelineRepr(this.nodes);
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

function collect(nodes: readonly Node[], visit: (node: Node, add: (name: string) => void) => void): Set<string> {
  const all = new Set<string>();
  const add = (name: string): void => {
    all.add(name);
  };
  for (const node of nodes) visit(node, add);
  return all;
}

function noNodes(): PipelineError {
  return new PipelineError(
    "'nodes' argument of 'Pipeline' is None. It must be an iterable of nodes and/or pipelines instead.",
  );
}

/**
 * Create a pipeline, optionally as a modular pipeline:
 * `pipeline(nodesOrPipelines, {inputs, outputs, parameters, namespace, tags, prefixDatasetsWithNamespace})`.
 */
export function pipeline(items: PipelineItems, options: PipelineOptions = {}): Pipeline {
  return new Pipeline(items, options);
}
