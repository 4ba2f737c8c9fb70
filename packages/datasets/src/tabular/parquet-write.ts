/**
 * Columns → a Parquet file (hyparquet-writer), each column typed from its values so that the file
 * reads back with the same JavaScript types here and with the expected dtypes in pandas/pyarrow:
 * number → DOUBLE (float64), bigint → INT64, string → STRING, boolean → BOOLEAN, Date → TIMESTAMP
 * (ms, UTC), Uint8Array → BYTE_ARRAY, arrays and plain objects → JSON; typed-array columns keep
 * their width (Float32Array → FLOAT, Int32Array → INT32, BigInt64Array → INT64).
 */
import type { BasicType, ColumnSource } from 'hyparquet-writer';
import { showValue } from '../file/show-value.js';
import type { TableColumn } from './table-columns.js';

export interface ParquetSaveArgs {
  /** `snappy` (default, what pandas writes) or `none`/`null` (uncompressed). */
  compression?: 'snappy' | 'none' | null;
  /** Rows per row group (pyarrow's name). */
  row_group_size?: number;
  /** pandas' `index`: tables have no index, so only `false` is accepted. */
  index?: false;
}

function typedArrayType(values: ArrayBufferView): BasicType | undefined {
  if (values instanceof Float64Array) return 'DOUBLE';
  if (values instanceof Float32Array) return 'FLOAT';
  if (values instanceof BigInt64Array) return 'INT64';
  if (values instanceof Int32Array || values instanceof Int16Array || values instanceof Int8Array) return 'INT32';
  if (values instanceof Uint16Array || values instanceof Uint8Array || values instanceof Uint8ClampedArray) return 'INT32';
  // Uint32 values can exceed INT32; a double holds every one of them exactly.
  if (values instanceof Uint32Array) return 'DOUBLE';
  return undefined;
}

function valueType(value: unknown): BasicType | undefined {
  switch (typeof value) {
    case 'number':
      return 'DOUBLE';
    case 'bigint':
      return 'INT64';
    case 'string':
      return 'STRING';
    case 'boolean':
      return 'BOOLEAN';
    default:
      if (value instanceof Date) return 'TIMESTAMP';
      if (value instanceof Uint8Array) return 'BYTE_ARRAY';
      if (Array.isArray(value) || (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype)) return 'JSON';
      return undefined;
  }
}

/** The column's Parquet type; throws when its values mix types or have none Parquet can store. */
function columnType(name: string, values: TableColumn): BasicType {
  if (ArrayBuffer.isView(values)) {
    const type = typedArrayType(values);
    if (type === undefined) throw new Error(`column '${name}' is a ${values.constructor.name}, which Parquet cannot store`);
    return type;
  }
  let type: BasicType | undefined;
  let first = -1;
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (value === null || value === undefined) continue;
    const here = valueType(value);
    if (here === undefined) throw new Error(`column '${name}' holds ${showValue(value)} in row ${row + 1}, which Parquet cannot store`);
    if (type === undefined) {
      type = here;
      first = row;
    } else if (here !== type) {
      throw new Error(
        `column '${name}' mixes ${type} (row ${first + 1}) and ${here} values (row ${row + 1}: ${showValue(value)}); ` +
          'a Parquet column has one type: convert the column first',
      );
    }
  }
  // A column of missing values only: pyarrow writes such a column as strings too.
  return type ?? 'STRING';
}

function columnData(values: TableColumn, type: BasicType): ColumnSource['data'] {
  if (ArrayBuffer.isView(values)) {
    if (values instanceof Int32Array || values instanceof Float64Array || values instanceof Float32Array || values instanceof BigInt64Array) return values;
    return Array.from(values as ArrayLike<number>);
  }
  const data = Array.from(values, (v) => (v === undefined ? null : v));
  // A NaN in a double column is a missing value to pandas as well; write it as null.
  return type === 'DOUBLE' ? data.map((v) => (typeof v === 'number' && Number.isNaN(v) ? null : v)) : data;
}

export async function writeParquet(names: readonly string[], columns: readonly TableColumn[], args: ParquetSaveArgs): Promise<Uint8Array> {
  const sources: ColumnSource[] = names.map((name, i) => {
    const values = columns[i]!;
    const type = columnType(name, values);
    return { name, type, data: columnData(values, type) };
  });
  const { parquetWriteBuffer } = await import('hyparquet-writer');
  const buffer = parquetWriteBuffer({
    columnData: sources,
    codec: args.compression === 'none' || args.compression === null ? 'UNCOMPRESSED' : 'SNAPPY',
    ...(args.row_group_size !== undefined ? { rowGroupSize: args.row_group_size } : {}),
  });
  return new Uint8Array(buffer);
}
