/** CSV text → column arrays, with pandas' `read_csv` names for the options CSVDataset accepts. */
import { csvTypeOfDtype, convertCsvColumn, inferCsvType, type CsvType } from './csv-column-types.js';

export interface CSVLoadArgs {
  /** Field delimiter (default `,`). */
  sep?: string;
  /** `true` / `0` (default): the first row holds the column names; `false` / `null`: no header row. */
  header?: boolean | 0 | null;
  /** Column names; with a header row they replace its names. */
  names?: string[];
  /** Lines to skip at the start of the file. */
  skiprows?: number;
  /** Read at most this many data rows. */
  nrows?: number;
  /** Lines starting with this character are skipped. */
  comment?: string;
  /** Quote character (default `"`). */
  quotechar?: string;
  /** Only these columns, in the file's order. */
  usecols?: string[];
  /** Pinned column types, e.g. `{zip: str, price: float64, when: datetime64}`. */
  dtype?: Record<string, string>;
  /** More values read as missing, besides pandas' defaults (`''`, `NA`, `NaN`, `null`, `None`...). */
  na_values?: string[];
  /** `false`: only `na_values` (and the empty field) are missing. */
  keep_default_na?: boolean;
  encoding?: BufferEncoding;
}

/** pandas' default missing-value markers (`pandas.read_csv`'s `na_values`). */
const DEFAULT_NA = [
  '', '#N/A', '#N/A N/A', '#NA', '-1.#IND', '-1.#QNAN', '-NaN', '-nan', '1.#IND', '1.#QNAN', '<NA>', 'N/A', 'NA', 'NULL', 'NaN', 'None', 'n/a', 'nan', 'null',
];

export interface ParsedCsv {
  names: string[];
  columns: unknown[][];
}

function headerNames(row: ReadonlyArray<string | null>): string[] {
  const names = row.map((cell, i) => (cell === null || cell === '' ? `Unnamed: ${i}` : cell));
  const duplicate = names.find((name, i) => names.indexOf(name) !== i);
  if (duplicate !== undefined) {
    throw new Error(`the header names column '${duplicate}' twice; rename one, or give 'load_args.names'`);
  }
  return names;
}

export async function parseCsv(text: string, args: CSVLoadArgs): Promise<ParsedCsv> {
  const { parse } = await import('csv-parse/sync');
  const hasHeader = args.header === undefined || args.header === true || args.header === 0;
  const na = new Set([...(args.keep_default_na === false ? [''] : DEFAULT_NA), ...(args.na_values ?? [])]);
  const quoted = new Set<number>();
  const rows = parse(text, {
    delimiter: args.sep ?? ',',
    quote: args.quotechar ?? '"',
    comment: args.comment,
    from_line: (args.skiprows ?? 0) + 1,
    to: args.nrows === undefined ? undefined : args.nrows + (hasHeader ? 1 : 0),
    skip_empty_lines: true,
    cast: (value: string, context: { quoting: boolean; index: number; records: number }): string | null => {
      if (context.quoting) {
        // The header row's quotes say nothing about the column's values.
        if (!hasHeader || context.records > 0) quoted.add(context.index);
        return value;
      }
      return na.has(value) ? null : value;
    },
  }) as Array<Array<string | null>>;

  const width = rows[0]?.length ?? args.names?.length ?? 0;
  let names = hasHeader && rows.length > 0 ? headerNames(rows[0]!) : Array.from({ length: width }, (_, i) => String(i));
  if (args.names !== undefined) {
    if (rows.length > 0 && args.names.length !== width) {
      throw new Error(`'load_args.names' has ${args.names.length} names but the file has ${width} columns`);
    }
    names = headerNames(args.names);
  }
  const data = hasHeader ? rows.slice(1) : rows;
  const wanted = args.usecols ?? names;
  const missing = wanted.filter((name) => !names.includes(name));
  if (missing.length > 0) throw new Error(`'load_args.usecols' names columns the file lacks: ${missing.join(', ')} (it has ${names.join(', ')})`);

  const columns = wanted.map((name) => {
    const index = names.indexOf(name);
    const values = data.map((row) => row[index] ?? null);
    const pinned = args.dtype?.[name];
    const type: CsvType = pinned === undefined ? inferCsvType(values, quoted.has(index)) : csvTypeOfDtype(pinned)!;
    return convertCsvColumn(values, type, name);
  });
  return { names: [...wanted], columns };
}
