/**
 * Data sent to a worker thread is copied with the structured clone algorithm, which drops class
 * prototypes silently (an instance arrives as a plain object) and refuses functions. Check first and
 * fail with a message that names the dataset and says what to do.
 */
import { DatasetError } from '../errors/dataset-error.js';

// Compared by tag and constructor name, not by prototype identity: values may come from another
// realm (a worker's message, a vm context), whose built-in prototypes are different objects.
const BUILTIN_TAGS = new Set(['Map', 'Set', 'Date', 'RegExp', 'ArrayBuffer', 'Boolean', 'Number', 'String']);

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  return proto === null || Object.getPrototypeOf(proto) === null;
}

function problem(value: unknown): string | undefined {
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return 'a symbol';
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Array.isArray(value)) return undefined;
  const proto = Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null;
  if (isPlainObject(value)) return undefined;
  const ctor = proto!.constructor?.name ?? '';
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (BUILTIN_TAGS.has(tag) && ctor === tag) return undefined;
  if (tag === 'Error' && ctor.endsWith('Error')) return undefined;
  return `an instance of ${ctor === '' ? 'a class' : ctor}`;
}

/** Throws when `value` (or, for arrays and plain objects, one of its first-level items) would not survive the trip. */
export function assertCrossesThreads(value: unknown, datasetName: string, nodeName: string, direction: 'input of' | 'output of'): void {
  let found = problem(value);
  if (found === undefined && value !== null && typeof value === 'object') {
    const items = Array.isArray(value) ? value.slice(0, 1) : isPlainObject(value) ? Object.values(value) : [];
    for (const item of items) {
      found = problem(item);
      if (found !== undefined) break;
    }
  }
  if (found !== undefined) {
    throw new DatasetError(
      `Dataset '${datasetName}' (${direction} node ${nodeName}) holds ${found}, which cannot be copied to or from a worker thread without losing it. ` +
        'Run this pipeline with SequentialRunner or ConcurrentRunner, or persist that dataset to a file dataset between the nodes.',
    );
  }
}
