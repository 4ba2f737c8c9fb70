/**
 * Checks plain JS rows against a column-based schema, the way MLflow enforces a signature before
 * `predict` (`mlflow/models/utils.py`): columns are matched by name (extra columns are ignored and
 * reported), a required column may not be missing or null, values must fit the type with safe
 * widening only — whole numbers fit `integer` (int32 range), `long`, `float` and `double`; other
 * numbers fit `float`/`double`; `binary` takes bytes or base64 text; `datetime` takes a `Date` or
 * a parseable date string; objects must have their required properties and no unknown ones.
 * Unnamed schemas match by position (rows as arrays, or object values in key order).
 *
 * Nothing is thrown for bad data: every problem comes back with the row, the column and a path
 * (`row 3, column 'o'.z: expected long, got string "x"`), up to `maxErrors`.
 */
import type { ColumnType, ParamSpec, Schema } from './signature.js';
import { isPlainObject } from './plain-object.js';

export interface SchemaViolation {
  /** 0-based row index, undefined for problems of the whole input (a missing column). */
  row?: number;
  column?: string;
  message: string;
}

export interface SchemaValidationResult {
  valid: boolean;
  errors: SchemaViolation[];
  /** Columns present in the data but not in the schema (ignored, like MLflow does). */
  extraColumns: string[];
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{2,3})?$/;


function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'array';
  if (value instanceof Date) return 'Date';
  if (ArrayBuffer.isView(value)) return 'bytes';
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `number ${value}`;
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return typeof value;
}

export function typeName(type: ColumnType): string {
  if (typeof type === 'string') return type;
  if (type.type === 'array') return `array<${typeName(type.items)}>`;
  if (type.type === 'map') return `map<string, ${typeName(type.values)}>`;
  if (type.type === 'object') return `object{${Object.keys(type.properties).join(', ')}}`;
  return type.type;
}

/** Why `value` does not fit `type` (undefined when it does); `at` is the path used in messages. */
export function checkValue(value: unknown, type: ColumnType, at: string): string | undefined {
  const fail = (): string => `${at}: expected ${typeName(type)}, got ${describe(value)}`;
  if (typeof type === 'string') {
    switch (type) {
      case 'boolean':
        return typeof value === 'boolean' ? undefined : fail();
      case 'integer':
        if (typeof value === 'bigint') return value >= BigInt(INT32_MIN) && value <= BigInt(INT32_MAX) ? undefined : `${at}: ${value} does not fit integer (32-bit)`;
        if (typeof value !== 'number' || !Number.isInteger(value)) return fail();
        return value >= INT32_MIN && value <= INT32_MAX ? undefined : `${at}: ${value} does not fit integer (32-bit); use long`;
      case 'long':
        if (typeof value === 'bigint') return value >= -(2n ** 63n) && value < 2n ** 63n ? undefined : `${at}: ${value} does not fit long (64-bit)`;
        return typeof value === 'number' && Number.isInteger(value) ? undefined : fail();
      case 'float':
      case 'double':
        return typeof value === 'number' || typeof value === 'bigint' ? undefined : fail();
      case 'string':
        return typeof value === 'string' ? undefined : fail();
      case 'binary':
        if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
        return typeof value === 'string' && BASE64.test(value) ? undefined : `${at}: expected binary (bytes or base64 text), got ${describe(value)}`;
      case 'datetime':
        if (value instanceof Date) return Number.isNaN(value.getTime()) ? `${at}: invalid Date` : undefined;
        return typeof value === 'string' && !Number.isNaN(Date.parse(value)) ? undefined : fail();
      default:
        return fail();
    }
  }
  switch (type.type) {
    case 'any':
      return undefined;
    case 'sparkml_vector':
      return Array.isArray(value) && value.every((x) => typeof x === 'number') ? undefined : fail();
    case 'array': {
      if (!Array.isArray(value)) return fail();
      for (const [i, item] of value.entries()) {
        if (item === null || item === undefined) {
          if (typeof type.items === 'object' && type.items.type === 'any') continue;
          return `${at}[${i}]: expected ${typeName(type.items)}, got ${describe(item)}`;
        }
        const problem = checkValue(item, type.items, `${at}[${i}]`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'map': {
      if (!isPlainObject(value)) return fail();
      for (const [k, v] of Object.entries(value)) {
        const problem = v === null || v === undefined ? (typeof type.values === 'object' && type.values.type === 'any' ? undefined : `${at}.${k}: expected ${typeName(type.values)}, got ${describe(v)}`) : checkValue(v, type.values, `${at}.${k}`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
    case 'object': {
      if (!isPlainObject(value)) return fail();
      const unknown = Object.keys(value).filter((k) => !(k in type.properties) && value[k] !== undefined);
      if (unknown.length > 0) return `${at}: properties not in the schema: ${unknown.join(', ')}`;
      for (const [k, prop] of Object.entries(type.properties)) {
        const v = value[k];
        if (v === null || v === undefined) {
          if (prop.required) return `${at}.${k}: required property is ${v === undefined ? 'missing' : 'null'}`;
          continue;
        }
        const problem = checkValue(v, prop.type, `${at}.${k}`);
        if (problem !== undefined) return problem;
      }
      return undefined;
    }
  }
}

/** Checks rows (objects, or arrays for unnamed schemas) against a column-based schema. */
export function validateAgainstSchema(rows: ReadonlyArray<unknown>, schema: Schema, options: { maxErrors?: number } = {}): SchemaValidationResult {
  const maxErrors = options.maxErrors ?? 100;
  const errors: SchemaViolation[] = [];
  const result = (extraColumns: string[]): SchemaValidationResult => ({ valid: errors.length === 0, errors: errors.slice(0, maxErrors), extraColumns });
  if (schema.type === 'tensors') {
    errors.push({ message: 'tensor-based schemas are not checked here: convert the input to arrays and check their shape against the tensor spec' });
    return result([]);
  }
  if (!Array.isArray(rows)) {
    errors.push({ message: `expected an array of rows, got ${describe(rows)}` });
    return result([]);
  }
  const named = schema.columns.every((c) => c.name !== undefined);
  const known = new Set(schema.columns.map((c) => c.name));
  const extra = new Set<string>();
  if (named) {
    for (const col of schema.columns) {
      if (col.required && rows.length > 0 && rows.every((row) => !isPlainObject(row) || !(col.name! in row))) {
        errors.push({ column: col.name!, message: `missing required column '${col.name}'` });
      }
    }
  }
  const reported = new Set(errors.map((e) => e.column));
  for (const [r, row] of rows.entries()) {
    if (errors.length >= maxErrors) break;
    let values: unknown[];
    if (named) {
      if (!isPlainObject(row)) {
        errors.push({ row: r, message: `row ${r}: expected an object with columns ${schema.columns.map((c) => `'${c.name}'`).join(', ')}, got ${describe(row)}` });
        continue;
      }
      for (const key of Object.keys(row)) if (!known.has(key)) extra.add(key);
      values = schema.columns.map((c) => row[c.name!]);
    } else {
      values = Array.isArray(row) ? row : isPlainObject(row) ? Object.values(row) : [row];
      if (values.length !== schema.columns.length) {
        errors.push({ row: r, message: `row ${r}: expected ${schema.columns.length} values, got ${values.length}` });
        continue;
      }
    }
    schema.columns.forEach((col, i) => {
      const label = col.name === undefined ? `column ${i}` : `column '${col.name}'`;
      const value = values[i];
      if (value === null || value === undefined) {
        if (col.required && !reported.has(col.name)) errors.push({ row: r, column: col.name ?? String(i), message: `row ${r}, ${label}: required but ${value === null ? 'null' : 'missing'}` });
        return;
      }
      const problem = checkValue(value, col.type, `row ${r}, ${label}`);
      if (problem !== undefined) errors.push({ row: r, column: col.name ?? String(i), message: problem });
    });
  }
  return result([...extra]);
}

/**
 * Inference params against a params schema (what `/invocations` gets as `params`): unknown params
 * are reported in `ignored` (MLflow ignores them with a warning), missing ones take their default.
 */
export function applyParamsSchema(
  params: Record<string, unknown> | undefined,
  schema: ParamSpec[],
): { params: Record<string, unknown>; errors: string[]; ignored: string[] } {
  const out: Record<string, unknown> = {};
  const errors: string[] = [];
  const given = params ?? {};
  for (const spec of schema) {
    if (!(spec.name in given) || given[spec.name] === undefined) {
      out[spec.name] = spec.default;
      continue;
    }
    const value = given[spec.name];
    const type: ColumnType = spec.shape === null ? spec.type : { type: 'array', items: spec.type };
    const problem = value === null ? undefined : checkValue(value, type, `param '${spec.name}'`);
    if (problem !== undefined) errors.push(problem);
    else out[spec.name] = value;
  }
  const ignored = Object.keys(given).filter((k) => !schema.some((s) => s.name === k));
  return { params: out, errors, ignored };
}
