/**
 * A node: one function plus the names of the datasets it reads and writes. Nodes are immutable;
 * `tag`, `withFunc` and `copy` return new nodes.
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { getLogger } from '../logging.js';
import { byCodePoint, pyStr } from '../utils/py-repr.js';
import { jsTypeName } from './js-type-name.js';
import { ioIsEmpty, ioKeyText, ioRepr, ioToFrozenList, normalizeIO, nodeDefinitionError, type NodeIO, type NodeIORaw } from './node-io.js';
import { defaultNodeName, namespacePrefixes, titleCaseFuncName, validateNodeName } from './node-name.js';
import { callArguments, logNodeFailure, outputsRecord } from './node-run.js';
import { checkInputsBind, functionInfo } from './node-signature.js';
import {
  checkInputsDifferFromOutputs,
  checkIsFunction,
  checkUniqueOutputs,
  normalizeConfirms,
  normalizeTags,
  stripAll,
  warnOnDottedDatasetNames,
} from './node-validation.js';

const log = getLogger('kedro.pipeline');
const NODE_MARKER = Symbol.for('@kedro-mlflow/core-pipeline.Node');

/**
 * Any function: called with one argument per listed input, one object for a record input, or none.
 * Sync or async; `function*` / `async function*` make a generator node (see `runChunks`).
 */
export type NodeFunction = (...args: never[]) => unknown;

export interface NodeOptions {
  /** Explicit name (letters, digits, `_`, `.`, `-`); default `<fnName>__<8 hex>`. */
  name?: string | null;
  tags?: string | Iterable<string> | null;
  /** Dotted namespace; the node's name becomes `<namespace>.<name>`. */
  namespace?: string | null;
  /** Datasets whose `confirm()` is called after the node ran successfully. */
  confirms?: string | readonly string[] | null;
}

/** Everything a node is made of, for `node.copy(overrides)`. */
export interface NodeDefinition extends NodeOptions {
  func: NodeFunction;
  inputs: NodeIO;
  outputs: NodeIO;
}

type AnyFunction = (...args: unknown[]) => unknown;

export class Node {
  private readonly [NODE_MARKER] = true;
  readonly func: NodeFunction;
  /** The validated `inputs` as given (string, list, record or null). */
  readonly rawInputs: NodeIORaw;
  readonly rawOutputs: NodeIORaw;
  /** Dataset names read, in call order (a record input: its values in insertion order). */
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  /** Inputs/outputs without transcoding suffix: the names the pipeline graph is built on. */
  readonly strippedInputs: readonly string[];
  readonly strippedOutputs: readonly string[];
  readonly explicitName: string | undefined;
  readonly namespace: string | undefined;
  /** The function name used in `toString()` and default names (`anonymous`, `bound(f)`). */
  readonly funcName: string;
  readonly isGenerator: boolean;
  private readonly tagSet: ReadonlySet<string>;
  /** @internal Dataset names to confirm, not copied (see `confirms`). */
  readonly confirmList: readonly string[];
  // Default names cost a SHA-256 each: computed on first use, like the key and the text.
  private cachedName: string | undefined;
  private cachedKey: string | undefined;
  private cachedText: string | undefined;

  constructor(func: NodeFunction, inputs: NodeIO, outputs: NodeIO, options: NodeOptions = {}) {
    checkIsFunction(func);
    this.rawInputs = normalizeIO(inputs, 'inputs');
    this.rawOutputs = normalizeIO(outputs, 'outputs');
    if (ioIsEmpty(this.rawInputs) && ioIsEmpty(this.rawOutputs)) {
      throw nodeDefinitionError("it must have some 'inputs' or 'outputs'.");
    }
    this.func = func;
    const info = functionInfo(func);
    this.funcName = info.name;
    checkInputsBind(info, this.rawInputs);

    const name = optionalString(options.name, 'name');
    if (name !== undefined) validateNodeName(name);
    this.explicitName = name;
    this.namespace = optionalString(options.namespace, 'namespace');
    this.tagSet = normalizeTags(options.tags);
    this.confirmList = normalizeConfirms(options.confirms);

    this.inputs = ioToFrozenList(this.rawInputs);
    this.outputs = ioToFrozenList(this.rawOutputs);
    this.strippedInputs = stripAll(this.inputs);
    this.strippedOutputs = stripAll(this.outputs);
    this.isGenerator = info.isGenerator;

    checkUniqueOutputs(this.outputs, this);
    checkInputsDifferFromOutputs(this.strippedInputs, this.strippedOutputs, this);
    warnOnDottedDatasetNames(this.inputs, this.namespace);
    warnOnDottedDatasetNames(this.outputs, this.namespace);
  }

  /** `<namespace>.<name>`: the explicit name, or `<fnName>__<8 hex>` computed from the definition. */
  get name(): string {
    if (this.cachedName === undefined) {
      const base = this.explicitName ?? defaultNodeName(this.funcName, this.inputs, this.outputs);
      this.cachedName = this.namespace === undefined ? base : `${this.namespace}.${base}`;
    }
    return this.cachedName;
  }

  /**
   * @internal A string that is equal for nodes with equal names, without hashing: a default
   * name is determined by namespace, function name and datasets, so any output (or input) of
   * two same-named default nodes is the same.
   */
  get nameProbe(): string {
    if (this.explicitName !== undefined) return this.name;
    return `\0${this.namespace ?? ''}\0${this.funcName}\0${this.outputs[0] ?? this.inputs[0] ?? ''}`;
  }

  /** Whether `value` is a Node, even one from another copy of this package. */
  static isInstance(value: unknown): value is Node {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[NODE_MARKER] === true;
  }

  /** A copy of the tags. */
  get tags(): Set<string> {
    return new Set(this.tagSet);
  }

  /** Whether the node carries `tag` (without copying the tag set). */
  hasTag(tag: string): boolean {
    return this.tagSet.has(tag);
  }

  /** A copy of the names of the datasets to confirm. */
  get confirms(): string[] {
    return [...this.confirmList];
  }

  /** The explicit name, else the function name in title case; never includes the namespace. */
  get shortName(): string {
    return this.explicitName ?? titleCaseFuncName(this.funcName);
  }

  /** `"a.b.c"` → `["a", "a.b", "a.b.c"]`, `[]` without namespace. */
  get namespacePrefixes(): string[] {
    return namespacePrefixes(this.namespace);
  }

  /**
   * Identity of the node: name plus inputs and outputs as written (a string differs from a
   * one-element list; record key order does not matter). Function, tags and confirms do not count.
   */
  get key(): string {
    if (this.cachedKey === undefined) {
      // A default name is a function of namespace, function name and datasets: no need to hash it.
      const named = this.explicitName === undefined ? `\0${this.namespace ?? ''}\0${this.funcName}` : this.name;
      this.cachedKey = `${named}\u0001${ioKeyText(this.rawInputs)}\u0001${ioKeyText(this.rawOutputs)}`;
    }
    return this.cachedKey;
  }

  equals(other: unknown): boolean {
    return Node.isInstance(other) && other.key === this.key;
  }

  /** Ordering by name (then key), kedro's `<`. Comparing with a non-node is a TypeError. */
  compareTo(other: Node): number {
    if (!Node.isInstance(other)) {
      throw new TypeError(`'<' not supported between instances of 'Node' and '${jsTypeName(other)}'`);
    }
    return byCodePoint(this.name, other.name) || byCodePoint(this.key, other.key);
  }

  /** A new node with `tags` added. */
  tag(tags: string | Iterable<string>): Node {
    const added = normalizeTags(tags);
    return this.clone({ tagSet: new Set([...this.tagSet, ...added]) });
  }

  /**
   * A new node running `func` instead (kedro's `func` setter, used by hooks to wrap a function).
   * Name, identity and display stay those of the original node; the signature is not re-checked
   * because wrappers usually take `(...args)`.
   */
  withFunc(func: NodeFunction): Node {
    checkIsFunction(func);
    return this.clone({ func, isGenerator: functionInfo(func).isGenerator });
  }

  /** A new node from this one's definition with some parts replaced; everything is validated again. */
  copy(overrides: Partial<NodeDefinition> = {}): Node {
    const has = (key: keyof NodeDefinition): boolean => Object.prototype.hasOwnProperty.call(overrides, key);
    return new Node(
      has('func') ? overrides.func! : this.func,
      has('inputs') ? overrides.inputs : this.rawInputs,
      has('outputs') ? overrides.outputs : this.rawOutputs,
      {
        name: has('name') ? overrides.name : this.explicitName,
        namespace: has('namespace') ? overrides.namespace : this.namespace,
        tags: has('tags') ? overrides.tags : this.tagSet,
        confirms: has('confirms') ? overrides.confirms : this.confirmList,
      },
    );
  }

  private clone(changes: Partial<Pick<Node, 'func' | 'isGenerator'>> & { tagSet?: ReadonlySet<string> }): Node {
    // Only tags or the function change: the validated definition and the name carry over as they are.
    return Object.assign(Object.create(Node.prototype) as Node, this, changes);
  }

  /**
   * Run the function on `inputs` (`{datasetName: value}`) and return `{outputName: value}`.
   * Generator nodes must be consumed with `runChunks`.
   */
  async run(inputs?: Record<string, unknown> | null): Promise<Record<string, unknown>> {
    log.info('Running node: %s', () => this.toString());
    if (this.isGenerator) {
      throw new PipelineError(
        `Node ${this.toString()} is a generator node: its function yields chunks. Use node.runChunks(inputs) to consume them.`,
      );
    }
    try {
      const args = callArguments(this, inputs);
      const result = await (this.func as AnyFunction)(...args);
      return outputsRecord(this, result);
    } catch (error) {
      logNodeFailure(this, error);
      throw error;
    }
  }

  /**
   * Run the node and yield one outputs record per chunk its function yields (sync or async
   * generator). A non-generator node yields its single result.
   */
  async *runChunks(inputs?: Record<string, unknown> | null): AsyncGenerator<Record<string, unknown>, void, undefined> {
    if (!this.isGenerator) {
      yield await this.run(inputs);
      return;
    }
    log.info('Running node: %s', () => this.toString());
    try {
      const args = callArguments(this, inputs);
      const chunks = (this.func as AnyFunction)(...args) as Iterable<unknown> | AsyncIterable<unknown>;
      for await (const chunk of chunks) yield outputsRecord(this, chunk);
    } catch (error) {
      logNodeFailure(this, error);
      throw error;
    }
  }

  /** `name: func([in1;in2]) -> [out]`; the name prefix only when an explicit name was given. */
  toString(): string {
    if (this.cachedText === undefined) {
      const list = (names: readonly string[], raw: NodeIORaw): string =>
        ioIsEmpty(raw) ? 'None' : `[${names.join(';')}]`;
      const prefix = this.explicitName === undefined ? '' : `${this.explicitName}: `;
      this.cachedText = `${prefix}${this.funcName}(${list(this.inputs, this.rawInputs)}) -> ${list(this.outputs, this.rawOutputs)}`;
    }
    return this.cachedText;
  }

  /** `Node(identity, 'A', 'B', 'name')`, like kedro's repr. */
  repr(): string {
    const name = this.explicitName === undefined ? 'None' : pyStr(this.explicitName);
    return `Node(${this.funcName}, ${ioRepr(this.rawInputs)}, ${ioRepr(this.rawOutputs)}, ${name})`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.repr();
  }
}

/** `null`, `undefined` and `''` mean "not given"; anything else must be a string. */
function optionalString(value: unknown, label: string): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new TypeError(`Node '${label}' must be a string, not '${jsTypeName(value)}'.`);
  return value;
}

/** Create a node: `node(fn, inputs, outputs, {name, tags, namespace, confirms})`. */
export function node(func: NodeFunction, inputs: NodeIO, outputs: NodeIO, options: NodeOptions = {}): Node {
  return new Node(func, inputs, outputs, options);
}
