/** Small helpers of the DataCatalog: user regexes, error prefixes, the types a config names. */
import { DatasetError } from '../errors/dataset-error.js';
import { VersionNotFoundError } from '../errors/version-not-found-error.js';
import { pyStr } from '../utils/py-repr.js';
import { errorMessage } from './abstract-dataset.js';
import type { DatasetConfig } from './catalog-config-resolver.js';
import { isPlainObject } from '../utils/is-plain-object.js';

/** A user's name/type filter as a RegExp; an invalid pattern is a DatasetError naming the option. */
export function toRegExp(value: string | RegExp | undefined, option: string): RegExp | undefined {
  if (value === undefined) return undefined;
  // A fresh copy without g/y: their lastIndex state would make `test()` skip names.
  if (typeof value !== 'string') return new RegExp(value.source, value.flags.replace(/[gy]/g, ''));
  try {
    return new RegExp(value);
  } catch (error) {
    throw new DatasetError(`Invalid regular expression provided for '${option}': ${pyStr(value)}. ${errorMessage(error)}`, {
      cause: error,
    });
  }
}

/** The same error, its message prefixed with the dataset name (kedro 1.3+). */
export function prefixed(name: string, error: unknown): unknown {
  if (!DatasetError.isInstance(error)) return error;
  const message = `${name}: ${error.message}`;
  return VersionNotFoundError.isInstance(error)
    ? new VersionNotFoundError(message, { cause: error })
    : new DatasetError(message, { cause: error });
}

/** Dataset types named in a config: its own, and those of nested `dataset:` entries (wrappers). */
export function typesIn(config: DatasetConfig, into: unknown[] = []): unknown[] {
  into.push(config.type);
  for (const [key, value] of Object.entries(config)) {
    if (key === 'dataset' && isPlainObject(value) && value.type !== undefined) typesIn(value, into);
  }
  return into;
}

