/**
 * An arquero table in a CSV file (kedro-datasets' `pandas.CSVDataset`). Column types come back as
 * they were saved: strings are written quoted, and the reader infers numbers, booleans and dates
 * from the unquoted columns (see csv-column-types.ts). `load_args` / `save_args` take pandas'
 * names (`sep`, `header`, `dtype`, `na_values`, `index: false`, ...).
 */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import type { ColumnTable } from 'arquero';
import {
  either,
  invalidArg,
  isBoolean,
  isChar,
  isEncoding,
  isInteger,
  isOneOf,
  isString,
  isStringList,
  type ArgCheck,
  type ArgsSpec,
} from '../file/dataset-args.js';
import { AbstractFileDataset, type FileDatasetOptions } from '../file/file-dataset.js';
import { decodeText, encodeText } from '../file/text-encoding.js';
import { DTYPE_HINT, csvTypeOfDtype } from './csv-column-types.js';
import { parseCsv, type CSVLoadArgs } from './csv-read.js';
import { stringifyCsv, type CSVSaveArgs } from './csv-write.js';
import { requireTable, tableFromColumns } from './table-columns.js';

export type { CSVLoadArgs } from './csv-read.js';
export type { CSVSaveArgs } from './csv-write.js';
export type CSVDatasetOptions = FileDatasetOptions<CSVLoadArgs, CSVSaveArgs>;

const isDtypeMap: ArgCheck = (v) =>
  isPlainObject(v) && Object.values(v).every((t) => typeof t === 'string' && csvTypeOfDtype(t) !== undefined)
    ? undefined
    : `a mapping of column names to ${DTYPE_HINT}`;

export class CSVDataset extends AbstractFileDataset<ColumnTable, ColumnTable, CSVLoadArgs, CSVSaveArgs> {
  static override readonly LOAD_ARGS: ArgsSpec = {
    sep: isChar,
    header: isOneOf(true, false, 0, null),
    names: isStringList,
    skiprows: isInteger(0),
    nrows: isInteger(0),
    comment: isChar,
    quotechar: isChar,
    usecols: isStringList,
    dtype: isDtypeMap,
    na_values: either(isStringList, isString),
    keep_default_na: isBoolean,
    encoding: isEncoding,
  };
  static override readonly SAVE_ARGS: ArgsSpec = {
    sep: isChar,
    header: isBoolean,
    index: isOneOf(false),
    columns: isStringList,
    na_rep: isString,
    quotechar: isChar,
    lineterminator: isString,
    encoding: isEncoding,
  };
  protected readonly format = 'CSV';

  constructor(options: CSVDatasetOptions, context?: DatasetContext) {
    super(options, context);
    const naValues = this.loadArgs.na_values as unknown;
    if (typeof naValues === 'string') this.loadArgs.na_values = [naValues];
    if (this.saveArgs.sep !== undefined && this.saveArgs.sep === this.saveArgs.quotechar) {
      throw invalidArg(this.label, 'save_args', 'sep', 'the delimiter and the quote character must differ.');
    }
  }

  protected async decode(bytes: Buffer): Promise<ColumnTable> {
    const { names, columns } = await parseCsv(decodeText(bytes, this.loadArgs.encoding), this.loadArgs);
    return tableFromColumns(names.map((name, i) => [name, columns[i]!] as const));
  }

  protected async encode(data: ColumnTable, path: string): Promise<Buffer> {
    const { names, columns } = requireTable(data, this.saveArgs.columns, (why) => this.unserializable(path, why));
    return encodeText(await stringifyCsv(names, columns, this.saveArgs), this.saveArgs.encoding);
  }
}
