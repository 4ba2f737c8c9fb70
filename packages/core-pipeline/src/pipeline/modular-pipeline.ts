/**
 * Modular pipelines: reuse a pipeline under a namespace and/or with renamed inputs, outputs and
 * parameters (`pipeline(p, {namespace, inputs, outputs, parameters})`). Produces renamed copies
 * of the nodes; the Pipeline constructor then validates them like any other nodes.
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { closeMatches } from '../utils/close-matches.js';
import { byCodePoint } from '../utils/py-repr.js';
import { isPlainObject, jsTypeName } from './js-type-name.js';
import { ioMap } from './node-io.js';
import type { Node } from './node.js';
import { stripTranscoding, transcodeSplit, TRANSCODING_SEPARATOR } from './transcoding.js';

/**
 * A name or names kept as they are (exposed, so not namespaced), or a record `{old: new}` renaming.
 * For `parameters` the `params:` prefix is optional on both sides.
 */
export type DatasetMapping = string | Iterable<string> | Readonly<Record<string, string>> | null | undefined;

export interface ModularPipelineOptions {
  inputs?: DatasetMapping;
  outputs?: DatasetMapping;
  parameters?: DatasetMapping;
  namespace?: string | null;
  /** `false`: only node namespaces change, dataset names stay (grouping for deployment). Default true. */
  prefixDatasetsWithNamespace?: boolean;
}

/** What the mapping needs from the pipeline it maps (built first, with the tags applied). */
export interface MappablePipeline {
  readonly nodes: readonly Node[];
  datasets(): Set<string>;
  inputs(): Set<string>;
}

const PARAMS_PREFIX = 'params:';

export function isParameter(name: string): boolean {
  return name === 'parameters' || name.startsWith(PARAMS_PREFIX);
}

/** Python truthiness of a mapping argument: empty strings, lists, sets and records do nothing. */
export function isMappingGiven(mapping: DatasetMapping | string): boolean {
  if (mapping === null || mapping === undefined || mapping === '') return false;
  if (typeof mapping === 'string') return true;
  if (Array.isArray(mapping)) return mapping.length > 0;
  if (mapping instanceof Set) return mapping.size > 0;
  if (isPlainObject(mapping)) return Object.keys(mapping).length > 0;
  return true;
}

export function needsMapping(options: ModularPipelineOptions): boolean {
  return (
    isMappingGiven(options.inputs) ||
    isMappingGiven(options.outputs) ||
    isMappingGiven(options.parameters) ||
    isMappingGiven(options.namespace ?? undefined)
  );
}

function toMapping(names: DatasetMapping, label: string): Map<string, string> {
  const mapping = new Map<string, string>();
  if (names === null || names === undefined || names === '') return mapping;
  const bad = (value: unknown): TypeError =>
    new TypeError(
      `'${label}' must be a string, an iterable of strings or a record of strings, but it contains '${jsTypeName(value)}'.`,
    );
  if (typeof names === 'string') {
    mapping.set(names, names);
  } else if (isPlainObject(names)) {
    for (const [from, to] of Object.entries(names)) {
      if (typeof to !== 'string') throw bad(to);
      mapping.set(from, to);
    }
  } else if (typeof names === 'object' && Symbol.iterator in names) {
    for (const name of names as Iterable<unknown>) {
      if (typeof name !== 'string') throw bad(name);
      mapping.set(name, name);
    }
  } else {
    throw bad(names);
  }
  return mapping;
}

function normalizeParameterName(name: string): string {
  return name.startsWith(PARAMS_PREFIX) ? name : `${PARAMS_PREFIX}${name}`;
}

function toParameterMapping(names: DatasetMapping): Map<string, string> {
  const mapping = new Map<string, string>();
  for (const [from, to] of toMapping(names, 'parameters')) {
    // `parameters` (the whole dictionary) is never turned into `params:parameters`.
    if (from === 'parameters') mapping.set(from, from);
    else mapping.set(normalizeParameterName(from), normalizeParameterName(to));
  }
  return mapping;
}

function checkMappedNamesExist(
  inputs: Map<string, string>,
  outputs: Map<string, string>,
  parameters: Map<string, string>,
  pipe: MappablePipeline,
): void {
  const existing = new Set([...pipe.datasets()].map(stripTranscoding));
  const requested = new Set([
    ...[...inputs.keys()].map(stripTranscoding),
    ...[...outputs.keys()].map(stripTranscoding),
    ...parameters.keys(),
  ]);
  const missing = [...requested].filter((name) => !existing.has(name)).sort(byCodePoint);
  if (missing.length === 0) return;
  const candidates = [...existing].sort(byCodePoint);
  const suggestions = [...new Set(missing.flatMap((name) => closeMatches(name, candidates, 3, 0.6)))];
  const what =
    missing.length === 1
      ? `${missing[0]!} does not exist in the pipeline.`
      : `The following datasets and/or parameters do not exist in the pipeline: ${missing.join(', ')}.`;
  const hint = suggestions.length > 0 ? ` - did you mean one of these instead: ${suggestions.join(', ')}` : '';
  throw new PipelineError(`Failed to map datasets and/or parameters onto the nodes provided: ${what}${hint}`);
}

function checkInputsAndOutputs(inputs: Map<string, string>, outputs: Map<string, string>, pipe: MappablePipeline): void {
  const inputNames = [...inputs.keys()].map(stripTranscoding);
  const outputNames = [...outputs.keys()].map(stripTranscoding);
  if (inputNames.some(isParameter)) {
    throw new PipelineError("Parameters should be specified in the 'parameters' argument");
  }
  const freeInputs = new Set([...pipe.inputs()].map(stripTranscoding));
  if (!inputNames.every((name) => freeInputs.has(name))) {
    throw new PipelineError('Inputs must not be outputs from another node in the same pipeline');
  }
  if (outputNames.some((name) => freeInputs.has(name))) {
    throw new PipelineError('All outputs must be generated by some node within the pipeline');
  }
}

/** The renaming rules, first match wins. */
function renamer(mapping: Map<string, string>, namespace: string | undefined, prefix: boolean): (name: string) => string {
  return (name) => {
    const mapped = mapping.get(name);
    if (mapped !== undefined) return mapped;
    if (name === 'parameters') return name;
    const [base, format] = transcodeSplit(name);
    const mappedBase = format === '' ? undefined : mapping.get(base);
    if (mappedBase !== undefined) return `${mappedBase}${TRANSCODING_SEPARATOR}${format}`;
    if (namespace === undefined || !prefix) return name;
    if (name.startsWith(PARAMS_PREFIX)) return `${PARAMS_PREFIX}${namespace}.${name.slice(PARAMS_PREFIX.length)}`;
    return `${namespace}.${name}`;
  };
}

/** Validate the mapping against `pipe` and return renamed, re-namespaced copies of its nodes. */
export function mapNodes(pipe: MappablePipeline, options: ModularPipelineOptions): Node[] {
  const inputs = toMapping(options.inputs, 'inputs');
  const outputs = toMapping(options.outputs, 'outputs');
  const parameters = toParameterMapping(options.parameters);
  checkMappedNamesExist(inputs, outputs, parameters, pipe);
  checkInputsAndOutputs(inputs, outputs, pipe);

  const namespace = options.namespace === null || options.namespace === '' ? undefined : options.namespace;
  const rename = renamer(new Map([...inputs, ...outputs, ...parameters]), namespace, options.prefixDatasetsWithNamespace ?? true);
  return pipe.nodes.map((node) =>
    node.copy({
      inputs: ioMap(node.rawInputs, rename),
      outputs: ioMap(node.rawOutputs, rename),
      confirms: node.confirmList.length === 0 ? null : node.confirmList.map(rename),
      namespace:
        namespace === undefined ? node.namespace : node.namespace === undefined ? namespace : `${namespace}.${node.namespace}`,
    }),
  );
}
