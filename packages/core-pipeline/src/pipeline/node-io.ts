/**
 * The three shapes a node's inputs or outputs can take (a name, a list of names, a record
 * `{argOrKey: datasetName}`), their validation, and the derived forms the rest of the package uses.
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { pyStr } from '../utils/py-repr.js';
import { isPlainObject, jsTypeName } from './js-type-name.js';

/** What users pass as `inputs` / `outputs`. */
export type NodeIO = string | readonly string[] | Readonly<Record<string, string>> | null | undefined;

/** The validated, frozen copy a node keeps. `null` means "none". */
export type NodeIORaw = string | readonly string[] | Readonly<Record<string, string>> | null;

export function nodeDefinitionError(message: string): PipelineError {
  return new PipelineError(
    `Invalid Node definition: ${message}\nFormat should be: node(function, inputs, outputs)`,
  );
}

/** Python-like repr of any value that shows up in a definition error. */
function reprValue(value: unknown): string {
  if (typeof value === 'string') return pyStr(value);
  if (value === null || value === undefined) return 'None';
  if (Array.isArray(value)) return `[${value.map(reprValue).join(', ')}]`;
  if (isPlainObject(value)) {
    return `{${Object.entries(value).map(([k, v]) => `${pyStr(k)}: ${reprValue(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** `None`, `A` (a bare string, as Python's f-string prints it), `['A', 'B']`, `{'a': 'A'}`. */
export function ioToText(raw: NodeIORaw): string {
  return typeof raw === 'string' ? raw : reprValue(raw);
}

/** `None`, `'A'`, `['A', 'B']`, `{'a': 'A'}`: Python's repr, used in `Node(...)` reprs. */
export function ioRepr(raw: NodeIORaw): string {
  return reprValue(raw);
}

/**
 * Check the shape and element types of `inputs`/`outputs` and return a frozen copy, so that later
 * mutation of the caller's array or object cannot change the node.
 */
export function normalizeIO(value: unknown, label: 'inputs' | 'outputs'): NodeIORaw {
  // Falsy values mean "none", like kedro's `if not inputs` (an empty string included).
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'string') return value;
  const elementError = (element: unknown): PipelineError =>
    nodeDefinitionError(
      `names of variables used as ${label === 'inputs' ? 'inputs to' : 'outputs of'} the function must be of ` +
        `'String' type, but ${String(element)} from ${reprValue(value)} is '${jsTypeName(element)}'.`,
    );
  if (Array.isArray(value)) {
    for (const element of value) if (typeof element !== 'string') throw elementError(element);
    return Object.freeze([...(value as string[])]);
  }
  if (isPlainObject(value)) {
    for (const element of Object.values(value)) if (typeof element !== 'string') throw elementError(element);
    return Object.freeze({ ...(value as Record<string, string>) });
  }
  throw nodeDefinitionError(
    `'${label}' type must be one of [String, List, Dict, None], not '${jsTypeName(value)}'.`,
  );
}

/** Dataset names in order: `[]`, `[name]`, the list as given, or the record's values in insertion order. */
export function ioToList(raw: NodeIORaw): readonly string[] {
  if (raw === null) return [];
  if (typeof raw === 'string') return [raw];
  if (isStringList(raw)) return raw;
  return Object.values(raw);
}

export function isStringList(raw: NodeIORaw): raw is readonly string[] {
  return Array.isArray(raw);
}

export function isIORecord(raw: NodeIORaw): raw is Readonly<Record<string, string>> {
  return raw !== null && typeof raw === 'object' && !Array.isArray(raw);
}

/** No dataset at all: `null`, `[]` or `{}`. */
export function ioIsEmpty(raw: NodeIORaw): boolean {
  return raw === null || (typeof raw !== 'string' && ioToList(raw).length === 0);
}

/**
 * A canonical, order-aware text for node identity: a string differs from a one-element list, list
 * order matters, record key order does not. Control characters separate the parts (dataset names
 * never contain them).
 */
export function ioKeyText(raw: NodeIORaw): string {
  if (raw === null) return '';
  if (typeof raw === 'string') return `s\u0002${raw}`;
  if (isStringList(raw)) return `l\u0002${raw.join('\u0002')}`;
  const keys = Object.keys(raw).sort();
  return `d\u0002${keys.map((key) => `${key}\u0003${raw[key]!}`).join('\u0002')}`;
}

/** `ioToList`, frozen, without copying a list that already is (lists are frozen by `normalizeIO`). */
export function ioToFrozenList(raw: NodeIORaw): readonly string[] {
  if (raw === null) return EMPTY;
  if (typeof raw === 'string') return Object.freeze([raw]);
  if (isStringList(raw)) return raw;
  return Object.freeze(Object.values(raw));
}

const EMPTY: readonly string[] = Object.freeze([]);

/** The same shape with every dataset name passed through `rename` (modular pipelines). */
export function ioMap(raw: NodeIORaw, rename: (name: string) => string): NodeIORaw {
  if (raw === null) return null;
  if (typeof raw === 'string') return rename(raw);
  if (isStringList(raw)) return raw.map(rename);
  const mapped: Record<string, string> = {};
  for (const [key, name] of Object.entries(raw)) mapped[key] = rename(name);
  return mapped;
}
