/**
 * Model signatures (`mlflow/types/schema.py`): what a model takes and returns, stored in MLmodel as
 * three JSON strings (`inputs`, `outputs`, `params`). Column-based schemas list named (or unnamed)
 * typed columns; tensor-based schemas list numpy dtypes and shapes; params schemas list inference
 * parameters with defaults. Parsing checks MLflow's rules and says what is wrong, and where;
 * serialising writes the same JSON text as Python's `Schema.to_json()` (key order included).
 */
import { pythonJsonDumps, PyFloat } from './python-json.js';
import { checkValue } from './schema-validation.js';
import { isPlainObject } from './plain-object.js';

/** MLflow's primitive `DataType` names. */
export const DATA_TYPES = ['boolean', 'integer', 'long', 'float', 'double', 'string', 'binary', 'datetime'] as const;
export type DataTypeName = (typeof DATA_TYPES)[number];

export interface ArrayType {
  type: 'array';
  items: ColumnType;
}
export interface ObjectProperty {
  type: ColumnType;
  required: boolean;
}
export interface ObjectType {
  type: 'object';
  /** At least one; written sorted by name. */
  properties: Record<string, ObjectProperty>;
}
export interface MapType {
  type: 'map';
  values: ColumnType;
}
export interface AnyType {
  type: 'any';
}
export interface SparkMlVectorType {
  type: 'sparkml_vector';
}
/** A primitive type name, or a composite type. */
export type ColumnType = DataTypeName | ArrayType | ObjectType | MapType | AnyType | SparkMlVectorType;

export interface ColSpec {
  type: ColumnType;
  name?: string;
  /** Default true. */
  required: boolean;
}

export interface TensorSpec {
  /** A numpy dtype name: `float32`, `int64`, `bool`, `str`, `object`, … */
  dtype: string;
  /** `-1` marks a variable dimension. */
  shape: number[];
  name?: string;
}

export type Schema = { type: 'columns'; columns: ColSpec[] } | { type: 'tensors'; tensors: TensorSpec[] };

export interface ParamSpec {
  name: string;
  /** A primitive type other than `binary`, or an object type. */
  type: DataTypeName | ObjectType;
  default: unknown;
  /** `null` for a scalar, `[-1]` for a list of values. */
  shape: number[] | null;
}

export interface ModelSignature {
  inputs?: Schema;
  outputs?: Schema;
  params?: ParamSpec[];
}

/** The signature as stored in MLmodel: JSON strings (or null). */
export interface SignatureStrings {
  inputs?: string | null;
  outputs?: string | null;
  params?: string | null;
}

/** A schema or signature that breaks MLflow's rules; `path` says where (`inputs[2].items`). */
export class SchemaError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
    this.name = 'SchemaError';
  }
}


// ---- parsing -------------------------------------------------------------------------------

/** A type dict (`{"type": "long"}`, `{"type": "array", "items": {…}}`, …) → `ColumnType`. */
export function parseColumnType(value: unknown, path: string): ColumnType {
  const dict = typeof value === 'string' ? { type: value } : value;
  if (!isPlainObject(dict) || typeof dict.type !== 'string') throw new SchemaError(path, `expected a type (a name or an object with "type"), got ${JSON.stringify(value)}`);
  const t = dict.type;
  if ((DATA_TYPES as readonly string[]).includes(t)) return t as DataTypeName;
  switch (t) {
    case 'array':
      if (dict.items === undefined) throw new SchemaError(path, 'an array type needs "items"');
      return { type: 'array', items: parseColumnType(dict.items, `${path}.items`) };
    case 'map':
      if (dict.values === undefined) throw new SchemaError(path, 'a map type needs "values"');
      return { type: 'map', values: parseColumnType(dict.values, `${path}.values`) };
    case 'object': {
      if (!isPlainObject(dict.properties) || Object.keys(dict.properties).length === 0) {
        throw new SchemaError(path, 'an object type needs at least one entry in "properties"');
      }
      const properties: Record<string, ObjectProperty> = {};
      for (const name of Object.keys(dict.properties).sort()) {
        const prop = dict.properties[name];
        const at = `${path}.properties.${name}`;
        if (!isPlainObject(prop)) throw new SchemaError(at, `expected an object, got ${JSON.stringify(prop)}`);
        const required = prop.required ?? true;
        if (typeof required !== 'boolean') throw new SchemaError(at, `"required" must be a boolean, got ${JSON.stringify(required)}`);
        properties[name] = { type: parseColumnType(prop, at), required };
      }
      return { type: 'object', properties };
    }
    case 'any':
      return { type: 'any' };
    case 'sparkml_vector':
      return { type: 'sparkml_vector' };
    default:
      throw new SchemaError(path, `unknown type ${JSON.stringify(t)}; expected one of ${[...DATA_TYPES, 'array', 'object', 'map', 'any'].join(', ')}`);
  }
}

function parseSchemaValue(value: unknown, path: string): Schema {
  if (!Array.isArray(value)) throw new SchemaError(path, `a schema is a JSON array of column or tensor specs, got ${JSON.stringify(value)}`);
  if (value.length === 0) throw new SchemaError(path, 'a schema needs at least one column or tensor');
  const isTensor = value.map((spec) => isPlainObject(spec) && spec.type === 'tensor');
  if (isTensor.some((x) => x) && !isTensor.every((x) => x)) throw new SchemaError(path, 'column specs and tensor specs cannot be mixed');
  const named = value.filter((spec) => isPlainObject(spec) && typeof spec.name === 'string').length;
  if (named !== 0 && named !== value.length) throw new SchemaError(path, 'either every entry is named or none is');
  if (isTensor[0]) {
    if (value.length > 1 && named === 0) throw new SchemaError(path, 'several tensors must all be named');
    const tensors = value.map((spec: Record<string, unknown>, i) => {
      const at = `${path}[${i}]`;
      const ts = spec['tensor-spec'];
      if (!isPlainObject(ts) || typeof ts.dtype !== 'string' || ts.dtype === '') throw new SchemaError(at, 'a tensor spec needs "tensor-spec": {"dtype", "shape"}');
      if (!Array.isArray(ts.shape) || !ts.shape.every((d) => Number.isInteger(d) && (d as number) >= -1)) {
        throw new SchemaError(`${at}.tensor-spec.shape`, `expected a list of integers (-1 for a variable dimension), got ${JSON.stringify(ts.shape)}`);
      }
      const tensor: TensorSpec = { dtype: ts.dtype, shape: ts.shape as number[] };
      if (typeof spec.name === 'string') tensor.name = spec.name;
      return tensor;
    });
    return { type: 'tensors', tensors };
  }
  const columns = value.map((spec, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(spec)) throw new SchemaError(at, `expected a column spec object, got ${JSON.stringify(spec)}`);
    const required = spec.required ?? true;
    if (typeof required !== 'boolean') throw new SchemaError(at, `"required" must be a boolean, got ${JSON.stringify(required)}`);
    if (spec.name !== undefined && spec.name !== null && typeof spec.name !== 'string') throw new SchemaError(at, `"name" must be a string, got ${JSON.stringify(spec.name)}`);
    const col: ColSpec = { type: parseColumnType(spec, at), required };
    if (typeof spec.name === 'string') col.name = spec.name;
    else if (!required) throw new SchemaError(at, 'unnamed columns cannot be optional');
    return col;
  });
  const names = columns.map((c) => c.name).filter((n): n is string => n !== undefined);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new SchemaError(path, `duplicate column name ${JSON.stringify(duplicate)}`);
  return { type: 'columns', columns };
}

/** Parses a schema JSON string (`'[{"type": "double", "name": "x", "required": true}]'`). */
export function parseSchema(json: string, path = 'schema'): Schema {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new SchemaError(path, `not valid JSON (${(error as Error).message})`);
  }
  return parseSchemaValue(value, path);
}

/** Parses a params schema JSON string. */
export function parseParamsSchema(json: string, path = 'params'): ParamSpec[] {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new SchemaError(path, `not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(value)) throw new SchemaError(path, `a params schema is a JSON array, got ${JSON.stringify(value)}`);
  const specs = value.map((spec, i) => {
    const at = `${path}[${i}]`;
    if (!isPlainObject(spec) || typeof spec.name !== 'string' || spec.name === '') throw new SchemaError(at, 'a param spec needs a "name"');
    const type = parseColumnType(spec.type, `${at}.type`);
    if (type === 'binary') throw new SchemaError(`${at}.type`, 'binary params are not supported');
    if (typeof type !== 'string' && type.type !== 'object') throw new SchemaError(`${at}.type`, `params are primitives or objects, got ${type.type}`);
    const shape = spec.shape ?? null;
    if (shape !== null && !(Array.isArray(shape) && shape.length === 1 && shape[0] === -1)) {
      throw new SchemaError(`${at}.shape`, `expected null or [-1], got ${JSON.stringify(shape)}`);
    }
    if (!('default' in spec)) throw new SchemaError(at, 'a param spec needs a "default"');
    return { name: spec.name, type, default: spec.default, shape } as ParamSpec;
  });
  const names = specs.map((s) => s.name);
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw new SchemaError(path, `duplicate param name ${JSON.stringify(duplicate)}`);
  return specs;
}

/** The signature stored in MLmodel (JSON strings) → typed schemas. */
export function parseSignature(strings: SignatureStrings): ModelSignature {
  const signature: ModelSignature = {};
  if (typeof strings.inputs === 'string') signature.inputs = parseSchema(strings.inputs, 'signature.inputs');
  if (typeof strings.outputs === 'string') signature.outputs = parseSchema(strings.outputs, 'signature.outputs');
  if (typeof strings.params === 'string') signature.params = parseParamsSchema(strings.params, 'signature.params');
  return signature;
}

// ---- serialising ---------------------------------------------------------------------------

/** `ColumnType` → the dict MLflow writes (`{"type": "long"}`, `{"type": "array", "items": …}`). */
export function columnTypeToDict(type: ColumnType): Record<string, unknown> {
  if (typeof type === 'string') return { type };
  switch (type.type) {
    case 'array':
      return { type: 'array', items: columnTypeToDict(type.items) };
    case 'map':
      return { type: 'map', values: columnTypeToDict(type.values) };
    case 'object': {
      const properties: Record<string, unknown> = {};
      for (const name of Object.keys(type.properties).sort()) {
        const prop = type.properties[name]!;
        properties[name] = { ...columnTypeToDict(prop.type), required: prop.required };
      }
      return { type: 'object', properties };
    }
    default:
      return { type: type.type };
  }
}

/** Checks a schema built in code the same way a parsed one is checked. */
function checked(schema: Schema, path: string): unknown[] {
  const dicts: unknown[] =
    schema.type === 'tensors'
      ? schema.tensors.map((t) => ({ ...(t.name === undefined ? {} : { name: t.name }), type: 'tensor', 'tensor-spec': { dtype: t.dtype, shape: t.shape } }))
      : schema.columns.map((c) => ({ ...columnTypeToDict(c.type), ...(c.name === undefined ? {} : { name: c.name }), required: c.required }));
  parseSchemaValue(JSON.parse(JSON.stringify(dicts)), path);
  return dicts;
}

/** The JSON string of a schema, exactly as Python's `Schema.to_json()` writes it. */
export function schemaToJson(schema: Schema, path = 'schema'): string {
  return pythonJsonDumps(checked(schema, path));
}

function defaultValue(type: DataTypeName | ObjectType, value: unknown): unknown {
  const asFloat = (v: unknown): unknown => (typeof v === 'number' ? new PyFloat(v) : v);
  if (type === 'double' || type === 'float') return Array.isArray(value) ? value.map(asFloat) : asFloat(value);
  if (type === 'datetime') {
    const iso = (v: unknown): unknown => (v instanceof Date ? v.toISOString().replace(/\.000Z$/, '').replace(/Z$/, '') : v);
    return Array.isArray(value) ? value.map(iso) : iso(value);
  }
  return value;
}

/** The JSON string of a params schema, as Python's `ParamSchema.to_json()` writes it. */
export function paramsSchemaToJson(params: ParamSpec[], path = 'params'): string {
  const dicts = params.map((p) => ({
    name: p.name,
    default: defaultValue(p.type, p.default),
    shape: p.shape,
    type: typeof p.type === 'string' ? p.type : columnTypeToDict(p.type),
  }));
  params.forEach((p, i) => {
    if (p.default === null || p.default === undefined) return;
    const problem = checkValue(p.default, p.shape === null ? p.type : { type: 'array', items: p.type }, `${path}[${i}].default`);
    if (problem !== undefined) throw new SchemaError(`${path}[${i}].default`, problem.slice(problem.indexOf(': ') + 2));
  });
  const text = pythonJsonDumps(dicts);
  parseParamsSchema(text, path);
  return text;
}

/** Typed signature → the JSON strings stored in MLmodel (`params: null` when there are none). */
export function signatureToStrings(signature: ModelSignature): SignatureStrings {
  return {
    inputs: signature.inputs === undefined ? null : schemaToJson(signature.inputs, 'signature.inputs'),
    outputs: signature.outputs === undefined ? null : schemaToJson(signature.outputs, 'signature.outputs'),
    params: signature.params === undefined || signature.params.length === 0 ? null : paramsSchemaToJson(signature.params, 'signature.params'),
  };
}

/**
 * Shorthand for a named column-based schema:
 * `columnSchema({ x: 'double', tags: { type: 'array', items: 'string' } }, { optional: ['tags'] })`.
 */
export function columnSchema(columns: Record<string, ColumnType>, options: { optional?: string[] } = {}): Schema {
  const optional = new Set(options.optional ?? []);
  for (const name of optional) if (!(name in columns)) throw new SchemaError('schema', `optional column ${JSON.stringify(name)} is not one of the columns`);
  return { type: 'columns', columns: Object.entries(columns).map(([name, type]) => ({ name, type, required: !optional.has(name) })) };
}
