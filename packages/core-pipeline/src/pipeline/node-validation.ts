/** Definition-time checks of a node that are not about its function's signature. */
import { PipelineError } from '../errors/pipeline-error.js';
import { getLogger } from '../logging.js';
import { pySet } from '../utils/py-repr.js';
import { jsTypeName } from './js-type-name.js';
import { nodeDefinitionError } from './node-io.js';
import { validateNodeTag } from './node-name.js';
import { isTranscoded, stripTranscoding } from './transcoding.js';

const log = getLogger('kedro.pipeline');

export function checkIsFunction(func: unknown): void {
  if (typeof func !== 'function') {
    throw nodeDefinitionError(`first argument must be a function, not '${jsTypeName(func)}'.`);
  }
}

// Shared by untagged nodes; never mutated (nodes only read their tag set and copy it on output).
const NO_TAGS = new Set<string>();
const NO_CONFIRMS: readonly string[] = Object.freeze([]);

/** `str | Iterable<str> | null` → a set of valid tags. */
export function normalizeTags(tags: unknown): Set<string> {
  if (tags === null || tags === undefined || tags === NO_TAGS) return NO_TAGS;
  const list: unknown[] = typeof tags === 'string' ? [tags] : iterableToArray(tags, 'tags');
  for (const tag of list) validateNodeTag(tag);
  return new Set(list as string[]);
}

/** `str | str[] | null` → a frozen list. */
export function normalizeConfirms(confirms: unknown): readonly string[] {
  if (confirms === null || confirms === undefined || confirms === '') return NO_CONFIRMS;
  if (confirms === NO_CONFIRMS || (Array.isArray(confirms) && confirms.length === 0)) return NO_CONFIRMS;
  const list: unknown[] = typeof confirms === 'string' ? [confirms] : iterableToArray(confirms, 'confirms');
  for (const name of list) {
    if (typeof name !== 'string') {
      throw new TypeError(`'confirms' must be a string or a list of strings, but it contains a '${jsTypeName(name)}'.`);
    }
  }
  return Object.freeze([...(list as string[])]);
}

function iterableToArray(value: unknown, label: string): unknown[] {
  if (value !== null && typeof value === 'object' && Symbol.iterator in value) {
    return [...(value as Iterable<unknown>)];
  }
  throw new TypeError(`'${label}' must be a string or an iterable of strings, not '${jsTypeName(value)}'.`);
}

/** A node may not list one output twice (raw names, so `A@csv` and `A@arrow` are distinct here). */
export function checkUniqueOutputs(outputs: readonly string[], owner: { toString(): string }): void {
  if (outputs.length < 2) return;
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const output of outputs) {
    if (seen.has(output)) duplicates.add(output);
    seen.add(output);
  }
  if (duplicates.size > 0) {
    throw new PipelineError(
      `Failed to create node ${owner.toString()} due to duplicate output(s) ${pySet(duplicates)}.\nNode outputs must be unique.`,
    );
  }
}

/** A node may not read what it writes, even through another transcoding format. */
export function checkInputsDifferFromOutputs(
  strippedInputs: readonly string[],
  strippedOutputs: readonly string[],
  owner: { toString(): string },
): void {
  // Nodes have a handful of datasets: a nested scan beats building a Set.
  let common: string[] | undefined;
  for (const name of strippedInputs) {
    if (strippedOutputs.includes(name)) (common ??= []).push(name);
  }
  if (common !== undefined) {
    throw new PipelineError(
      `Failed to create node ${owner.toString()}.\nA node cannot have the same inputs and outputs even if they are transcoded: ${pySet(common)}`,
    );
  }
}

/** Base names; the same array when nothing is transcoded (callers rely on that to skip work). */
export function stripAll(names: readonly string[]): readonly string[] {
  for (const name of names) if (isTranscoded(name)) return Object.freeze(names.map(stripTranscoding));
  return names;
}

let dottedNameWarned = false;

/**
 * Dots are how namespaces prefix dataset names, so a hand-written dotted name is probably a
 * mistake; warn once per process. A dataset under the node's own top-level namespace is fine, and
 * `params:` names use dots for nested keys.
 */
export function warnOnDottedDatasetNames(names: readonly string[], namespace: string | undefined): void {
  if (dottedNameWarned) return;
  for (const name of names) {
    const lastDot = name.lastIndexOf('.');
    if (lastDot === -1 || name.startsWith('params:')) continue;
    if (namespace !== undefined && underTopLevel(name, lastDot, namespace)) continue;
    dottedNameWarned = true;
    log.warn(
      "One or more dataset names contain '.' characters, which is not recommended as the dot notation is " +
        "reserved for automatic namespacing in Kedro. Use '_' instead, or give the node a namespace matching " +
        "the dataset's prefix (first seen: '%s').",
      name,
    );
    return;
  }
}

/** Whether `name` up to its last dot starts with the first segment of `namespace`. */
function underTopLevel(name: string, lastDot: number, namespace: string): boolean {
  const firstDot = namespace.indexOf('.');
  const topLength = firstDot === -1 ? namespace.length : firstDot;
  return topLength > 0 && topLength <= lastDot && name.startsWith(firstDot === -1 ? namespace : namespace.slice(0, firstDot));
}

/** Tests only: make the once-per-process dotted-name warning fire again. */
export function resetDottedNameWarning(): void {
  dottedNameWarned = false;
}
