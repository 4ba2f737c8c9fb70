/**
 * Data sent to or from a worker thread is copied with the structured clone algorithm, which drops
 * class prototypes silently (an instance arrives as a plain object) and refuses functions. The main
 * thread checks a node's inputs and the worker checks its outputs with this same function, and both
 * fail with a message that names the dataset and says what to do.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { isPlainObject } from '../utils/is-plain-object.js';

// Compared by tag and constructor name, not by prototype identity: values may come from another
// realm (a worker's message, a vm context), whose built-in prototypes are different objects.
const BUILTIN_TAGS = new Set(['Map', 'Set', 'Date', 'RegExp', 'ArrayBuffer', 'Boolean', 'Number', 'String']);

function problem(value: unknown): string | undefined {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Array.isArray(value) || isPlainObject(value)) return undefined;
  const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: string } }).constructor?.name ?? '';
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (BUILTIN_TAGS.has(tag) && ctor === tag) return undefined;
  if (tag === 'Error' && ctor.endsWith('Error')) return undefined;
  return `an instance of ${ctor === '' ? 'a class' : ctor}`;
}

/** The first problem of `value` itself or, for arrays and plain objects, of any of its first-level items. */
function firstProblem(value: unknown): string | undefined {
  const found = problem(value);
  if (found !== undefined || value === null || typeof value !== 'object') return found;
  const items = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [];
  for (const item of items) {
    const inner = problem(item);
    if (inner !== undefined) return inner;
  }
  return undefined;
}

/** What the error says to do, unless whoever runs the threads knows better (a Temporal worker has its own flag). */
export const DEFAULT_CROSSING_REMEDY = 'Run this pipeline with SequentialRunner or ConcurrentRunner, or persist that dataset to a file dataset between the nodes.';

/** Throws a DatasetError when `value` would not survive the trip between threads. */
export function assertCrossesThreads(
  value: unknown,
  datasetName: string,
  nodeName: string,
  direction: 'input of' | 'output of',
  remedy: string = DEFAULT_CROSSING_REMEDY,
): void {
  const found = firstProblem(value);
  if (found !== undefined) {
    throw new DatasetError(`Dataset '${datasetName}' (${direction} node ${nodeName}) holds ${found}, which cannot be copied to or from a worker thread without losing it. ${remedy}`);
  }
}
