/**
 * An arquero table in a Parquet file (kedro-datasets' `pandas.ParquetDataset`), readable by
 * pandas/pyarrow; files written by pandas (snappy or uncompressed) load here. Column types are kept
 * (see parquet-write.ts); pandas' index is not: a named index comes back as a column.
 */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import type { ColumnTable } from 'arquero';
import { isInteger, isOneOf, isStringList, type ArgsSpec } from '../file/dataset-args.js';
import { AbstractFileDataset, type FileDatasetOptions } from '../file/file-dataset.js';
import { readParquet, type ParquetLoadArgs } from './parquet-read.js';
import { writeParquet, type ParquetSaveArgs } from './parquet-write.js';
import { requireTable, tableFromColumns } from './table-columns.js';

export type { ParquetLoadArgs } from './parquet-read.js';
export type { ParquetSaveArgs } from './parquet-write.js';
export type ParquetDatasetOptions = FileDatasetOptions<ParquetLoadArgs, ParquetSaveArgs>;

export class ParquetDataset extends AbstractFileDataset<ColumnTable, ColumnTable, ParquetLoadArgs, ParquetSaveArgs> {
  static override readonly LOAD_ARGS: ArgsSpec = { columns: isStringList, int64: isOneOf('bigint', 'number') };
  static override readonly SAVE_ARGS: ArgsSpec = {
    compression: isOneOf('snappy', 'none', null),
    row_group_size: isInteger(1),
    index: isOneOf(false),
  };
  protected readonly format = 'Parquet';

  constructor(options: ParquetDatasetOptions, context?: DatasetContext) {
    super(options, context);
  }

  protected async decode(bytes: Buffer): Promise<ColumnTable> {
    return tableFromColumns(await readParquet(bytes, this.loadArgs));
  }

  protected async encode(data: ColumnTable, path: string): Promise<Uint8Array> {
    const { names, columns } = requireTable(data, undefined, (why) => this.unserializable(path, why));
    return writeParquet(names, columns, this.saveArgs);
  }
}
