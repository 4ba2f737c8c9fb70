import { inferSchemaFromRecords, validateAgainstSchema } from '@kedro-mlflow/mlflow-client';
import { isPlainObject } from '../../src/models/plain-object.js';

describe('isPlainObject: the one record check of schema inference and validation', () => {
  it('accepts records and refuses arrays, dates, binary data and non-objects', () => {
    expect(isPlainObject({})).toBe(true);
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const value of [null, undefined, 1, 'x', [], [1], new Date(0), new Uint8Array(2), Buffer.from('x'), new ArrayBuffer(2)]) {
      expect(isPlainObject(value)).toBe(false);
    }
  });

  it('inference and validation agree on what an object value is', () => {
    const schema = inferSchemaFromRecords([{ o: { x: 1 } }]);
    expect(schema).toEqual({ type: 'columns', columns: [{ name: 'o', type: { type: 'object', properties: { x: { type: 'long', required: true } } }, required: true }] });
    expect(validateAgainstSchema([{ o: { x: 2 } }], schema).valid).toBe(true);
    // Binary data is not an object in either: inference refuses the row, validation reports the value.
    expect(() => inferSchemaFromRecords([new ArrayBuffer(2) as unknown as Record<string, unknown>])).toThrow('row 0 is not a plain object');
    const { errors } = validateAgainstSchema([{ o: new ArrayBuffer(2) }], schema);
    expect(errors).toHaveLength(1);
    expect(errors[0]!.message).toMatch(/column 'o'.*expected object/);
  });
});
