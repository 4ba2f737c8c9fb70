/**
 * Signatures: MLflow's schema JSON parsed and written back byte for byte (strings taken from
 * Python MLflow 3.17.2), rule violations with their path, inference from plain JS data, and
 * validation of rows against a schema; Python parses what we write to the same schema.
 */
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import {
  SchemaError,
  applyParamsSchema,
  columnSchema,
  inferSchemaFromColumns,
  inferSchemaFromRecords,
  paramsSchemaToJson,
  parseParamsSchema,
  parseSchema,
  parseSignature,
  prepareInputExample,
  schemaToJson,
  signatureToStrings,
  validateAgainstSchema,
  type Schema,
} from '@kedro-mlflow/mlflow-client';

/** Written by Python MLflow 3.17.2 (`Schema.to_json()` / `ParamSchema.to_json()`). */
const PYTHON_WRITTEN = {
  records:
    '[{"type": "long", "name": "a", "required": true}, {"type": "double", "name": "b", "required": true}, {"type": "string", "name": "s", "required": true}, {"type": "boolean", "name": "t", "required": true}, {"type": "array", "items": {"type": "long"}, "name": "l", "required": true}, {"type": "object", "properties": {"y": {"type": "string", "required": false}, "z": {"type": "long", "required": true}}, "name": "o", "required": true}]',
  composite:
    '[{"type": "map", "values": {"type": "double"}, "name": "m", "required": true}, {"type": "any", "name": "any", "required": false}, {"type": "array", "items": {"type": "object", "properties": {"a": {"type": "string", "required": false}, "b": {"type": "long", "required": true}}}, "name": "arr", "required": true}]',
  unnamed: '[{"type": "double", "required": true}]',
  tensor: '[{"name": "x", "type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]',
  unnamedTensor: '[{"type": "tensor", "tensor-spec": {"dtype": "float32", "shape": [-1, 4]}}]',
  params:
    '[{"name": "temp", "default": 0.5, "shape": null, "type": "double"}, {"name": "n", "default": 1, "shape": null, "type": "long"}, {"name": "s", "default": "x", "shape": null, "type": "string"}, {"name": "flag", "default": true, "shape": null, "type": "boolean"}, {"name": "lst", "default": [1, 2], "shape": [-1], "type": "long"}, {"name": "dt", "default": "2024-01-02T03:04:05", "shape": null, "type": "datetime"}]',
};

describe('signature JSON', () => {
  it.each(Object.entries(PYTHON_WRITTEN).filter(([k]) => k !== 'params'))('parses and rewrites Python’s %s schema byte for byte', (_name, json) => {
    const schema = parseSchema(json);
    expect(schemaToJson(schema)).toBe(json);
  });

  it('parses composite types into typed values', () => {
    expect(parseSchema(PYTHON_WRITTEN.composite)).toEqual({
      type: 'columns',
      columns: [
        { name: 'm', type: { type: 'map', values: 'double' }, required: true },
        { name: 'any', type: { type: 'any' }, required: false },
        { name: 'arr', type: { type: 'array', items: { type: 'object', properties: { a: { type: 'string', required: false }, b: { type: 'long', required: true } } } }, required: true },
      ],
    });
    expect(parseSchema(PYTHON_WRITTEN.tensor)).toEqual({ type: 'tensors', tensors: [{ name: 'x', dtype: 'float32', shape: [-1, 4] }] });
  });

  it('parses and rewrites a params schema byte for byte, writing float defaults as floats', () => {
    const params = parseParamsSchema(PYTHON_WRITTEN.params);
    expect(params[0]).toEqual({ name: 'temp', type: 'double', default: 0.5, shape: null });
    expect(paramsSchemaToJson(params)).toBe(PYTHON_WRITTEN.params);
    expect(paramsSchemaToJson([{ name: 'alpha', type: 'double', default: 1, shape: null }])).toBe('[{"name": "alpha", "default": 1.0, "shape": null, "type": "double"}]');
    expect(paramsSchemaToJson([{ name: 'when', type: 'datetime', default: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), shape: null }])).toContain('"default": "2024-01-02T03:04:05"');
  });

  it('defaults "required" to true and sorts object properties', () => {
    const schema = parseSchema('[{"type": "object", "name": "o", "properties": {"z": {"type": "long"}, "a": {"type": "string", "required": false}}}]');
    expect(schemaToJson(schema)).toBe('[{"type": "object", "properties": {"a": {"type": "string", "required": false}, "z": {"type": "long", "required": true}}, "name": "o", "required": true}]');
  });

  it('writes non-ASCII names escaped, like json.dumps', () => {
    expect(schemaToJson(columnSchema({ 'café': 'string' }))).toBe('[{"type": "string", "name": "caf\\u00e9", "required": true}]');
  });

  it.each([
    ['not JSON', '[{', 'schema', 'not valid JSON'],
    ['not a list', '{"type": "double"}', 'schema', 'JSON array'],
    ['empty', '[]', 'schema', 'at least one'],
    ['unknown type', '[{"type": "decimal", "name": "x"}]', 'schema[0]', 'unknown type "decimal"'],
    ['array without items', '[{"type": "array", "name": "x"}]', 'schema[0]', 'needs "items"'],
    ['object without properties', '[{"type": "object", "name": "x", "properties": {}}]', 'schema[0]', 'at least one entry'],
    ['bad nested type', '[{"type": "array", "name": "x", "items": {"type": "nope"}}]', 'schema[0].items', 'unknown type "nope"'],
    ['mixed naming', '[{"type": "long", "name": "x"}, {"type": "long"}]', 'schema', 'every entry is named or none'],
    ['optional unnamed', '[{"type": "long", "required": false}]', 'schema[0]', 'unnamed columns cannot be optional'],
    ['duplicate names', '[{"type": "long", "name": "x"}, {"type": "double", "name": "x"}]', 'schema', 'duplicate column name "x"'],
    ['mixed tensors and columns', '[{"type": "tensor", "name": "t", "tensor-spec": {"dtype": "int64", "shape": [-1]}}, {"type": "long", "name": "x"}]', 'schema', 'cannot be mixed'],
    ['bad tensor shape', '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-2]}}]', 'schema[0].tensor-spec.shape', 'list of integers'],
    ['unnamed tensors', '[{"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}, {"type": "tensor", "tensor-spec": {"dtype": "int64", "shape": [-1]}}]', 'schema', 'must all be named'],
  ])('rejects a schema that is %s, saying where', (_label, json, path, message) => {
    let error: unknown;
    try {
      parseSchema(json);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SchemaError);
    expect((error as SchemaError).path).toBe(path);
    expect((error as SchemaError).message).toContain(message);
  });

  it('rejects bad params schemas', () => {
    expect(() => parseParamsSchema('[{"name": "b", "type": "binary", "default": "", "shape": null}]')).toThrow('params[0].type: binary params are not supported');
    expect(() => parseParamsSchema('[{"name": "b", "type": "long", "default": 1, "shape": [2]}]')).toThrow('params[0].shape: expected null or [-1]');
    expect(() => parseParamsSchema('[{"name": "b", "type": "long", "shape": null}]')).toThrow('needs a "default"');
    expect(() => paramsSchemaToJson([{ name: 'k', type: 'long', default: 'x', shape: null }])).toThrow('params[0].default: expected long, got string "x"');
    expect(() => paramsSchemaToJson([{ name: 'k', type: 'string', default: 'x', shape: [-1] }])).toThrow('params[0].default: expected array<string>, got string "x"');
  });

  it('converts a signature to MLmodel strings and back', () => {
    const signature = { inputs: columnSchema({ x: 'double', tags: { type: 'array', items: 'string' } }, { optional: ['tags'] }), params: [{ name: 'k', type: 'long' as const, default: 3, shape: null }] };
    const strings = signatureToStrings(signature);
    expect(strings).toEqual({
      inputs: '[{"type": "double", "name": "x", "required": true}, {"type": "array", "items": {"type": "string"}, "name": "tags", "required": false}]',
      outputs: null,
      params: '[{"name": "k", "default": 3, "shape": null, "type": "long"}]',
    });
    expect(parseSignature(strings)).toEqual(signature);
    expect(() => signatureToStrings({ inputs: { type: 'columns', columns: [] } })).toThrow('signature.inputs: a schema needs at least one column');
    expect(() => columnSchema({ x: 'long' }, { optional: ['y'] })).toThrow('optional column "y" is not one of the columns');
  });
});

describe('schema inference from plain data', () => {
  it('infers like MLflow does from a DataFrame of the same rows', () => {
    const schema = inferSchemaFromRecords([
      { a: 1, b: 2.5, s: 'x', t: true, l: [1, 2], o: { z: 1, y: 'q' } },
      { a: 2, b: 3, s: 'y', t: false, l: [3], o: { z: 2 } },
    ]);
    expect(schemaToJson(schema)).toBe(PYTHON_WRITTEN.records);
  });

  it('makes columns with nulls or missing keys optional, and all-null columns any', () => {
    const schema = inferSchemaFromRecords([{ a: 1, b: null, c: 'x' }, { a: 2, c: undefined }]);
    expect(schema).toEqual({
      type: 'columns',
      columns: [
        { name: 'a', type: 'long', required: true },
        { name: 'b', type: { type: 'any' }, required: false },
        { name: 'c', type: 'string', required: false },
      ],
    });
  });

  it('widens integers mixed with decimals to double, and makes mixed kinds any', () => {
    const schema = inferSchemaFromColumns({ n: [1, 2.5], mixed: [1, 'a'], dates: [new Date(0)], bytes: [new Uint8Array([1])], big: [10n], nested: [[[1], [2, 3]]], empty: [[]], obj: [{}] });
    expect(schema.type === 'columns' && schema.columns.map((c) => [c.name, c.type])).toEqual([
      ['n', 'double'],
      ['mixed', { type: 'any' }],
      ['dates', 'datetime'],
      ['bytes', 'binary'],
      ['big', 'long'],
      ['nested', { type: 'array', items: { type: 'array', items: 'long' } }],
      ['empty', { type: 'any' }],
      ['obj', { type: 'any' }],
    ]);
  });

  it('infers arrays of objects with optional properties', () => {
    const schema = inferSchemaFromRecords([{ a: [{ x: 1 }, { x: 2, y: 's' }] }]);
    expect(schemaToJson(schema)).toBe('[{"type": "array", "items": {"type": "object", "properties": {"x": {"type": "long", "required": true}, "y": {"type": "string", "required": false}}}, "name": "a", "required": true}]');
  });

  it('refuses what is not tabular', () => {
    expect(() => inferSchemaFromRecords([])).toThrow('at least one row');
    expect(() => inferSchemaFromRecords([[1, 2]] as never)).toThrow('row 0 is not a plain object');
    expect(() => inferSchemaFromColumns({ a: 1 } as never)).toThrow('column "a" is not an array');
  });
});

describe('validation against a schema', () => {
  const schema: Schema = columnSchema(
    {
      i: 'integer',
      l: 'long',
      d: 'double',
      s: 'string',
      b: 'boolean',
      when: 'datetime',
      bin: 'binary',
      tags: { type: 'array', items: 'string' },
      obj: { type: 'object', properties: { a: { type: 'long', required: true }, b: { type: 'string', required: false } } },
      m: { type: 'map', values: 'double' },
      any: { type: 'any' },
    },
    { optional: ['s', 'when', 'bin', 'tags', 'obj', 'm', 'any'] },
  );
  const good = { i: 1, l: 2 ** 40, d: 3, b: true, when: '2024-01-01T00:00:00Z', bin: 'AAEC', tags: ['x'], obj: { a: 1 }, m: { k: 0.5 }, any: [{}], extra: 'ignored' };

  it('accepts valid rows with safe widening, and reports extra columns', () => {
    const result = validateAgainstSchema([good, { ...good, d: 0.25, s: null, i: -5, l: 7n, bin: new Uint8Array([1, 2]), when: new Date() }], schema);
    expect(result).toEqual({ valid: true, errors: [], extraColumns: ['extra'] });
  });

  it.each([
    [{ i: 1.5 }, "row 0, column 'i': expected integer, got number 1.5"],
    [{ i: 2 ** 31 }, "row 0, column 'i': 2147483648 does not fit integer (32-bit); use long"],
    [{ l: 0.5 }, "row 0, column 'l': expected long, got number 0.5"],
    [{ d: '3' }, "row 0, column 'd': expected double, got string \"3\""],
    [{ b: 1 }, "row 0, column 'b': expected boolean, got integer 1"],
    [{ s: 5 }, "row 0, column 's': expected string, got integer 5"],
    [{ when: 'not a date' }, "row 0, column 'when': expected datetime, got string \"not a date\""],
    [{ bin: 'not base64!' }, "row 0, column 'bin': expected binary (bytes or base64 text)"],
    [{ tags: ['a', 3] }, "row 0, column 'tags'[1]: expected string, got integer 3"],
    [{ tags: 'a' }, "row 0, column 'tags': expected array<string>, got string"],
    [{ obj: { b: 'x' } }, "row 0, column 'obj'.a: required property is missing"],
    [{ obj: { a: 1, c: 2 } }, "row 0, column 'obj': properties not in the schema: c"],
    [{ obj: { a: 'x' } }, "row 0, column 'obj'.a: expected long, got string"],
    [{ m: { k: 'x' } }, "row 0, column 'm'.k: expected double, got string"],
    [{ d: null }, "row 0, column 'd': required but null"],
  ])('reports %j', (change, message) => {
    const result = validateAgainstSchema([{ ...good, ...change }], schema);
    expect(result.valid).toBe(false);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]!.row).toBe(0);
    expect(result.errors[0]!.message).toContain(message);
  });

  it('reports a missing required column once, not once per row', () => {
    const { l: _l, ...noL } = good;
    const result = validateAgainstSchema([noL, noL, noL], schema);
    expect(result.errors).toEqual([{ column: 'l', message: "missing required column 'l'" }]);
  });

  it('caps the number of errors and checks unnamed schemas by position', () => {
    const many = validateAgainstSchema(Array.from({ length: 50 }, () => ({ ...good, i: 'x' })), schema, { maxErrors: 5 });
    expect(many.errors).toHaveLength(5);
    const unnamed = parseSchema(PYTHON_WRITTEN.unnamed);
    expect(validateAgainstSchema([[1.5], [2]], unnamed).valid).toBe(true);
    expect(validateAgainstSchema([['x']], unnamed).errors[0]!.message).toBe('row 0, column 0: expected double, got string "x"');
    expect(validateAgainstSchema([[1, 2]], unnamed).errors[0]!.message).toBe('row 0: expected 1 values, got 2');
    expect(validateAgainstSchema([{ x: 1 }], parseSchema(PYTHON_WRITTEN.tensor)).errors[0]!.message).toContain('tensor-based schemas are not checked');
  });

  it('applies a params schema: defaults, type checks, ignored unknown params', () => {
    const params = parseParamsSchema(PYTHON_WRITTEN.params);
    expect(applyParamsSchema({ temp: 0.9, lst: [5], other: 1 }, params)).toEqual({
      params: { temp: 0.9, n: 1, s: 'x', flag: true, lst: [5], dt: '2024-01-02T03:04:05' },
      errors: [],
      ignored: ['other'],
    });
    expect(applyParamsSchema({ n: 'x', lst: 3 }, params).errors).toEqual(["param 'n': expected long, got string \"x\"", "param 'lst': expected array<long>, got integer 3"]);
  });
});

describe('input examples', () => {
  it('writes a dataframe example in split orientation and a ready /invocations body', () => {
    const prepared = prepareInputExample([{ x: 1.5, s: 'a', when: new Date(Date.UTC(2024, 0, 1)) }, { x: 2, s: 'é' }]);
    expect(prepared.info).toEqual({ artifactPath: 'input_example.json', type: 'dataframe', pandasOrient: 'split', servingInputPath: 'serving_input_example.json' });
    expect(prepared.files['input_example.json']).toBe('{"columns": ["x", "s", "when"], "data": [[1.5, "a", "2024-01-01T00:00:00.000Z"], [2, "\\u00e9", null]]}');
    expect(JSON.parse(prepared.files['serving_input_example.json']!)).toEqual({ dataframe_split: { columns: ['x', 's', 'when'], data: [[1.5, 'a', '2024-01-01T00:00:00.000Z'], [2, 'é', null]] } });
    expect(prepared.files['serving_input_example.json']).toMatch(/^\{\n {2}"dataframe_split": \{\n {4}"columns": \[\n/);
    expect(prepared.inferredSchema?.type === 'columns' && prepared.inferredSchema.columns.map((c) => c.required)).toEqual([true, true, false]);
  });

  it('writes columns as a dataframe and other JSON as json_object', () => {
    expect(prepareInputExample({ columns: { a: [1, 2], b: ['x'] } }).files['input_example.json']).toBe('{"columns": ["a", "b"], "data": [[1, "x"], [2, null]]}');
    const json = prepareInputExample({ json: { prompt: 'hi', n: 2 } });
    expect(json.info).toEqual({ artifactPath: 'input_example.json', type: 'json_object', servingInputPath: 'serving_input_example.json' });
    expect(json.files['input_example.json']).toBe('{"prompt": "hi", "n": 2}');
    expect(JSON.parse(json.files['serving_input_example.json']!)).toEqual({ inputs: { prompt: 'hi', n: 2 } });
    expect(json.inferredSchema).toBeUndefined();
  });
});

const withMlflow = mlflowAvailable() ? describe : describe.skip;

withMlflow('signature interop with Python MLflow', () => {
  it('Python parses the schemas we write into the same schemas, and enforces them like we do', async () => {
    const inputs = signatureToStrings({
      inputs: columnSchema({ x: 'double', n: 'long', tags: { type: 'array', items: 'string' }, o: { type: 'object', properties: { k: { type: 'long', required: false } } }, m: { type: 'map', values: 'boolean' } }, { optional: ['m'] }),
      outputs: { type: 'tensors', tensors: [{ dtype: 'float64', shape: [-1] }] },
      params: [
        { name: 'alpha', type: 'double', default: 1, shape: null },
        { name: 'names', type: 'string', default: ['a'], shape: [-1] },
      ],
    });
    const py = await runPythonJson<{ roundTrip: Record<string, string | null>; enforce: string[] }>(
      `
import json, pandas as pd
from mlflow.models.signature import ModelSignature
from mlflow.models.utils import _enforce_schema
sig = ModelSignature.from_dict(${JSON.stringify(inputs)})
d = sig.to_dict()
out = []
for row in [{"x": 1.0, "n": 2, "tags": ["a"], "o": {"k": 1}}, {"x": 1.0, "n": "two", "tags": ["a"], "o": {}}]:
    try:
        _enforce_schema(pd.DataFrame([row]), sig.inputs)
        out.append("ok")
    except Exception as e:
        out.append("error")
print(json.dumps({"roundTrip": d, "enforce": out}))
`,
    );
    expect(py.roundTrip).toEqual({ inputs: inputs.inputs, outputs: inputs.outputs, params: inputs.params });
    const schema = parseSignature(inputs).inputs!;
    const ours = [
      { x: 1.0, n: 2, tags: ['a'], o: { k: 1 } },
      { x: 1.0, n: 'two', tags: ['a'], o: {} },
    ].map((row) => (validateAgainstSchema([row], schema).valid ? 'ok' : 'error'));
    expect(ours).toEqual(py.enforce);
    expect(ours).toEqual(['ok', 'error']);
  }, 120_000);
});
