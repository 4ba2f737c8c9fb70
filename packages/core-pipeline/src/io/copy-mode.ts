/**
 * How MemoryDataset copies data in and out, so that a node mutating its input or its output never
 * changes what another node loads.
 * - `deepcopy`: `structuredClone` (plain objects, arrays, Map/Set, Date, typed arrays, ...)
 * - `copy`: one level deep (arrays sliced, objects spread, Map/Set copied, prototype kept)
 * - `assign`: the same reference (tables, models, anything whose class must survive)
 */
import { DatasetError } from '../errors/dataset-error.js';
import { errorMessage } from './abstract-dataset.js';
import { isPlainObject } from '../utils/is-plain-object.js';

export const COPY_MODES = ['deepcopy', 'copy', 'assign'] as const;
export type CopyMode = (typeof COPY_MODES)[number];

export function validateCopyMode(mode: unknown): CopyMode | undefined {
  if (mode === undefined || mode === null) return undefined;
  if (typeof mode === 'string' && (COPY_MODES as readonly string[]).includes(mode)) return mode as CopyMode;
  throw new DatasetError(`Invalid copy mode: ${String(mode)}. Possible values are: ${COPY_MODES.join(', ')}.`);
}

/** Built-ins that `structuredClone` reproduces faithfully (tags work across realms, instanceof does not). */
const CLONEABLE_TAGS = new Set(['[object Map]', '[object Set]', '[object Date]', '[object RegExp]', '[object ArrayBuffer]']);

function isCloneable(data: object): boolean {
  return (
    isPlainObject(data) ||
    Array.isArray(data) ||
    ArrayBuffer.isView(data) ||
    CLONEABLE_TAGS.has(Object.prototype.toString.call(data))
  );
}

/**
 * Kedro copies pandas frames and deep-copies the rest; here structuredClone would strip the class of
 * any other instance (an arquero table loses its methods), so class instances are shared instead.
 */
export function inferCopyMode(data: unknown): CopyMode {
  if (data === null || (typeof data !== 'object' && typeof data !== 'function')) return 'assign';
  if (typeof data === 'function') return 'assign';
  return isCloneable(data) ? 'deepcopy' : 'assign';
}

function shallowCopy<T>(data: T): T {
  if (data === null || typeof data !== 'object') return data;
  if (Array.isArray(data)) return data.slice() as T;
  const tag = Object.prototype.toString.call(data);
  if (tag === '[object Map]') return new Map(data as unknown as Map<unknown, unknown>) as T;
  if (tag === '[object Set]') return new Set(data as unknown as Set<unknown>) as T;
  if (tag === '[object Date]') return new Date((data as unknown as Date).getTime()) as T;
  if (ArrayBuffer.isView(data) && tag !== '[object DataView]') {
    return (data as unknown as { slice(): unknown }).slice() as T;
  }
  if (isPlainObject(data)) return { ...data } as T;
  return Object.assign(Object.create(Object.getPrototypeOf(data) as object | null) as object, data) as T;
}

export function copyWithMode<T>(data: T, mode: CopyMode | undefined): T {
  const effective = mode ?? inferCopyMode(data);
  switch (effective) {
    case 'assign':
      return data;
    case 'copy':
      return shallowCopy(data);
    case 'deepcopy':
      try {
        return structuredClone(data);
      } catch (error) {
        throw new DatasetError(
          `Cannot deep-copy a value of type '${(data as object)?.constructor?.name ?? typeof data}': ` +
            `${errorMessage(error)}. Set 'copy_mode' to 'copy' or 'assign'.`,
          { cause: error },
        );
      }
  }
}
