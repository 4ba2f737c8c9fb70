/** Checks a pipeline runs on the nodes it is given, before building its graph. All linear. */
import { ConfirmNotUniqueError } from '../errors/confirm-not-unique-error.js';
import { OutputNotUniqueError } from '../errors/output-not-unique-error.js';
import { PipelineError } from '../errors/pipeline-error.js';
import { byCodePoint, pyList } from '../utils/py-repr.js';
import type { Node } from './node.js';
import { stripTranscoding } from './transcoding.js';

const LOOKS_DEFAULT = /__[0-9a-f]{8}$/;

/** The nodes of one item given to the Pipeline constructor: a free node or a nested pipeline. */
export interface NodeSource {
  readonly nodes: readonly Node[];
  /** Set for a nested pipeline: its nodes in execution order and its repr, for the error message. */
  readonly pipeline?: { orderedNodes(): readonly Node[]; repr(): string };
}

/**
 * Node names must be unique. The message groups each repeated name under the item (nested pipeline
 * or "Free nodes") in which it was seen again, as kedro does.
 */
export function checkUniqueNodeNames(sources: readonly NodeSource[], outputsRepeat: boolean): void {
  // A fast pass that hashes nothing. Two unnamed nodes with one name have the same function,
  // namespace and datasets: with outputs, they would repeat an output; without, their name
  // probes are equal. So only explicit names, output-less unnamed nodes, and (when outputs
  // repeat) all probes need comparing, unless an explicit name mimics a default one.
  const seen = new Set<string>();
  let suspicious = false;
  for (const source of sources) {
    for (const node of source.nodes) {
      if (node.explicitName !== undefined) {
        if (LOOKS_DEFAULT.test(node.explicitName)) suspicious = true;
      } else if (!outputsRepeat && node.outputs.length > 0) {
        continue;
      }
      const probe = node.nameProbe;
      if (seen.has(probe)) suspicious = true;
      seen.add(probe);
    }
  }
  if (!suspicious) return;

  seen.clear();
  const groups = new Map<string, Set<string>>();
  for (const source of sources) {
    const nodes = source.pipeline?.orderedNodes() ?? source.nodes;
    for (const node of nodes) {
      if (!seen.has(node.name)) {
        seen.add(node.name);
        continue;
      }
      const label = source.pipeline === undefined ? 'Free nodes' : source.pipeline.repr().replace(/\n/g, '');
      const names = groups.get(label) ?? new Set<string>();
      names.add(node.name);
      groups.set(label, names);
    }
  }
  if (groups.size === 0) return;
  let info = '';
  for (const [label, names] of groups) {
    info += `${label}:\n${[...names].sort(byCodePoint).map((name) => `  - ${name}`).join('\n')}\n`;
  }
  throw new PipelineError(
    `Pipeline nodes must have unique names. The following node names appear more than once:\n\n${info}\n` +
      "You can name your nodes using the last argument of 'node()'.",
  );
}

/**
 * A base name used both bare and with `@format` cannot be resolved consistently by the catalog.
 * Only the transcoded names themselves mark a base: a plain dataset read or written by the same
 * node as a transcoded one is fine.
 */
export function checkTranscodingConsistency(nodes: readonly Node[]): void {
  const transcodedBases = new Set<string>();
  const addBases = (names: readonly string[], stripped: readonly string[]): void => {
    // `stripAll` returns the same array when nothing was transcoded: the common case costs nothing.
    if (stripped === names) return;
    stripped.forEach((base, i) => {
      if (base !== names[i]) transcodedBases.add(base);
    });
  };
  for (const node of nodes) {
    addBases(node.inputs, node.strippedInputs);
    addBases(node.outputs, node.strippedOutputs);
  }
  if (transcodedBases.size === 0) return;
  const invalid = new Set<string>();
  for (const node of nodes) {
    for (const name of node.inputs) if (transcodedBases.has(name)) invalid.add(name);
    for (const name of node.outputs) if (transcodedBases.has(name)) invalid.add(name);
  }
  if (invalid.size > 0) {
    throw new PipelineError(
      `The following datasets are used with transcoding, but were referenced without the separator: ${[...invalid].sort(byCodePoint).join(', ')}.\n` +
        'Please specify a transcoding option or rename the datasets.',
    );
  }
}

/** Names listed more than once, sorted. */
function repeated(collect: (add: (name: string) => void) => void): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  collect((name) => {
    if (seen.has(name)) twice.add(name);
    seen.add(name);
  });
  return [...twice].sort(byCodePoint);
}

export function throwOnRepeatedOutputs(repeated: readonly string[]): void {
  if (repeated.length > 0) {
    throw new OutputNotUniqueError(
      `Output(s) ${pyList([...new Set(repeated)].sort(byCodePoint))} are returned by more than one nodes. Node outputs must be unique.`,
    );
  }
}

export function checkUniqueConfirms(nodes: readonly Node[]): void {
  const duplicates = repeated((add) => {
    for (const node of nodes) for (const name of node.confirmList) add(stripTranscoding(name));
  });
  if (duplicates.length > 0) {
    throw new ConfirmNotUniqueError(
      `${pyList(duplicates)} datasets are confirmed by more than one node. Node confirms must be unique.`,
    );
  }
}
