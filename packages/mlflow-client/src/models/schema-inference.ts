/**
 * Column-based schemas inferred from plain JS data, following what MLflow infers from the same
 * data in a pandas DataFrame: booleans → `boolean`, whole numbers → `long`, other numbers (or a mix)
 * → `double`, strings → `string`, `Date` → `datetime`, bytes → `binary`, arrays → `array` of the
 * inferred item type, plain objects → `object` (properties missing or null somewhere are optional).
 * A column that is null/undefined in some row is optional (`required: false`); a column that is
 * always null, or whose values mix kinds (numbers and strings, …), is `any`.
 *
 * Differences from Python, on purpose: pandas turns whole numbers with a null into floats
 * (`double`), here they stay `long`; a mixed column makes only that column `any`, where Python
 * degrades the whole schema to one unnamed `any` column. No dependency on any table library: a
 * higher package converts its tables to rows or columns first.
 */
import type { ColSpec, ColumnType, ObjectProperty, Schema } from './signature.js';
import { isPlainObject } from './plain-object.js';


const isMissing = (v: unknown): boolean => v === null || v === undefined;

type Kind = 'boolean' | 'integer' | 'number' | 'string' | 'datetime' | 'binary' | 'array' | 'object' | 'other';

function kindOf(v: unknown): Kind {
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'bigint') return 'integer';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  if (typeof v === 'string') return 'string';
  if (v instanceof Date) return 'datetime';
  if (ArrayBuffer.isView(v) || v instanceof ArrayBuffer) return 'binary';
  if (Array.isArray(v)) return 'array';
  if (isPlainObject(v)) return 'object';
  return 'other';
}

/** The type of a set of non-missing values (at least one). */
function inferType(values: unknown[]): ColumnType {
  const kinds = new Set(values.map(kindOf));
  if (kinds.size === 2 && kinds.has('integer') && kinds.has('number')) return 'double';
  if (kinds.size !== 1) return { type: 'any' };
  const kind = [...kinds][0]!;
  switch (kind) {
    case 'boolean':
      return 'boolean';
    case 'integer':
      return 'long';
    case 'number':
      return 'double';
    case 'string':
      return 'string';
    case 'datetime':
      return 'datetime';
    case 'binary':
      return 'binary';
    case 'array': {
      const items = (values as unknown[][]).flat().filter((x) => !isMissing(x));
      return items.length === 0 ? { type: 'any' } : { type: 'array', items: inferType(items) };
    }
    case 'object':
      return inferObject(values as Array<Record<string, unknown>>);
    default:
      return { type: 'any' };
  }
}

function inferObject(objects: Array<Record<string, unknown>>): ColumnType {
  const keys = [...new Set(objects.flatMap((o) => Object.keys(o).filter((k) => o[k] !== undefined)))].sort();
  if (keys.length === 0) return { type: 'any' };
  const properties: Record<string, ObjectProperty> = {};
  for (const key of keys) {
    const present = objects.map((o) => o[key]).filter((v) => !isMissing(v));
    properties[key] = { type: present.length === 0 ? { type: 'any' } : inferType(present), required: present.length === objects.length };
  }
  return { type: 'object', properties };
}

function columnSpec(name: string, values: unknown[]): ColSpec {
  const present = values.filter((v) => !isMissing(v));
  return { name, type: present.length === 0 ? { type: 'any' } : inferType(present), required: present.length === values.length && values.length > 0 };
}

/**
 * A named column schema from rows (`[{x: 1, y: 'a'}, …]`). Columns appear in first-seen order; a
 * key missing from a row counts as null there.
 */
export function inferSchemaFromRecords(rows: ReadonlyArray<Record<string, unknown>>): Schema {
  if (!Array.isArray(rows) || rows.length === 0) throw new TypeError('inferSchemaFromRecords needs at least one row');
  const names: string[] = [];
  const seen = new Set<string>();
  for (const [i, row] of rows.entries()) {
    if (!isPlainObject(row)) throw new TypeError(`row ${i} is not a plain object (got ${Array.isArray(row) ? 'an array' : typeof row})`);
    for (const key of Object.keys(row)) {
      if (!seen.has(key)) {
        seen.add(key);
        names.push(key);
      }
    }
  }
  if (names.length === 0) throw new TypeError('inferSchemaFromRecords: the rows have no columns');
  return { type: 'columns', columns: names.map((name) => columnSpec(name, rows.map((row) => row[name]))) };
}

/** A named column schema from columns (`{x: [1, 2], y: ['a', 'b']}`), in key order. */
export function inferSchemaFromColumns(columns: Readonly<Record<string, ReadonlyArray<unknown>>>): Schema {
  const names = Object.keys(columns);
  if (names.length === 0) throw new TypeError('inferSchemaFromColumns needs at least one column');
  return {
    type: 'columns',
    columns: names.map((name) => {
      const values = columns[name];
      if (!Array.isArray(values)) throw new TypeError(`column ${JSON.stringify(name)} is not an array of values`);
      return columnSpec(name, values);
    }),
  };
}
