/**
 * A Parquet file → column arrays (hyparquet): INT64 as bigint (exact) unless `int64: number`.
 * Every codec pyarrow writes (snappy, gzip, zstd, brotli, lz4) is read, via hyparquet-compressors.
 */
import type { TableColumn } from './table-columns.js';

export interface ParquetLoadArgs {
  /** Only these columns (pandas' `columns`). */
  columns?: string[];
  /** `bigint` (default, exact) or `number` (plain numbers; exact up to 2^53). */
  int64?: 'bigint' | 'number';
}

export async function readParquet(bytes: Uint8Array, args: ParquetLoadArgs): Promise<Array<readonly [string, TableColumn]>> {
  const [{ parquetMetadata, parquetRead, parquetSchema }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const metadata = parquetMetadata(file);
  const all = parquetSchema(metadata).children.map((child) => child.element.name);
  const names = args.columns ?? all;
  const missing = names.filter((name) => !all.includes(name));
  if (missing.length > 0) throw new Error(`'load_args.columns' names columns the file lacks: ${missing.join(', ')} (it has ${all.join(', ')})`);

  const rows = Number(metadata.num_rows);
  const columns = new Map<string, TableColumn>(names.map((name) => [name, new Array<unknown>(rows).fill(null)]));
  await parquetRead({
    file,
    metadata,
    compressors,
    columns: [...names],
    onChunk: ({ columnName, columnData, rowStart }) => {
      const target = columns.get(columnName) as unknown[] | undefined;
      if (target === undefined) return;
      // One chunk holding the whole column (a single row group) is used as it is.
      if (rowStart === 0 && columnData.length === rows) {
        columns.set(columnName, columnData as TableColumn);
        return;
      }
      for (let i = 0; i < columnData.length && rowStart + i < rows; i++) target[rowStart + i] = columnData[i];
    },
  });
  return names.map((name) => {
    const values = columns.get(name)!;
    if (args.int64 !== 'number') return [name, values] as const;
    const numbers = Array.from(values, (v) => (typeof v === 'bigint' ? Number(v) : v));
    return [name, numbers] as const;
  });
}
