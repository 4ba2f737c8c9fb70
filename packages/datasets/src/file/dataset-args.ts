/**
 * Checks `load_args` / `save_args` (and other options) at construction, so that a typo in
 * catalog.yml (`sep` written `seperator`) fails before the pipeline runs, naming the dataset, the
 * key and the keys that exist.
 */
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import { closest } from 'fastest-levenshtein';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from './show-value.js';

/** Returns what the value should be (`'a single character'`) when it is wrong, else undefined. */
export type ArgCheck = (value: unknown) => string | undefined;

export type ArgsSpec = Readonly<Record<string, ArgCheck>>;

function optionError(dataset: string, option: string, key: string | undefined, message: string): DatasetOptionError {
  return new DatasetOptionError({ dataset, option, key, message });
}

/** A copy of `args` after checking every key and value against `spec` (undefined and null: `{}`). */
export function checkArgs(dataset: string, option: string, args: unknown, spec: ArgsSpec): Record<string, unknown> {
  if (args === undefined || args === null) return {};
  if (!isPlainObject(args)) {
    throw optionError(dataset, option, undefined, `'${option}' of dataset ${dataset} must be a mapping of options, got ${showValue(args)}.`);
  }
  const known = Object.keys(spec);
  for (const [key, value] of Object.entries(args)) {
    const check = spec[key];
    if (check === undefined) {
      const hint = known.length === 0 ? `it takes no '${option}'` : `valid keys are ${known.join(', ')}`;
      const near = known.length > 0 ? closest(key, known) : undefined;
      const close = near !== undefined && near[0] === key[0] ? ` (did you mean '${near}'?)` : '';
      throw optionError(dataset, option, key, `Unknown key '${key}' in '${option}' of dataset ${dataset}${close}: ${hint}.`);
    }
    if (value === undefined) continue;
    const expected = check(value);
    if (expected !== undefined) {
      throw optionError(dataset, option, key, `'${option}.${key}' of dataset ${dataset} must be ${expected}, got ${showValue(value)}.`);
    }
  }
  return { ...args };
}

/** Throws the option error for a value that passed the type check but is unusable as a whole. */
export function invalidArg(dataset: string, option: string, key: string, message: string): DatasetOptionError {
  return optionError(dataset, option, key, `'${option}.${key}' of dataset ${dataset}: ${message}`);
}

export const isBoolean: ArgCheck = (v) => (typeof v === 'boolean' ? undefined : 'true or false');
export const isString: ArgCheck = (v) => (typeof v === 'string' ? undefined : 'a string');
export const isChar: ArgCheck = (v) => (typeof v === 'string' && v.length === 1 ? undefined : 'a single character');
export const isStringList: ArgCheck = (v) =>
  Array.isArray(v) && v.every((x) => typeof x === 'string') ? undefined : 'a list of strings';
export const isEncoding: ArgCheck = (v) =>
  typeof v === 'string' && Buffer.isEncoding(v) ? undefined : "a text encoding such as 'utf-8', 'latin1' or 'utf16le'";

export function isInteger(min: number): ArgCheck {
  return (v) => (Number.isInteger(v) && (v as number) >= min ? undefined : `an integer >= ${min}`);
}

export function isOneOf(...values: readonly unknown[]): ArgCheck {
  const shown = values.map((v) => showValue(v)).join(', ');
  return (v) => (values.includes(v) ? undefined : `one of ${shown}`);
}

export function either(first: ArgCheck, second: ArgCheck): ArgCheck {
  return (v) => {
    const a = first(v);
    if (a === undefined) return undefined;
    const b = second(v);
    return b === undefined ? undefined : `${a} or ${b}`;
  };
}
