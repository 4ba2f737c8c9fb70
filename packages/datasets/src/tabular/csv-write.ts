/** Columns → CSV text that CSVDataset (and pandas) read back with the same values. */
import { showValue } from '../file/show-value.js';
import type { TableColumn } from './table-columns.js';

export interface CSVSaveArgs {
  sep?: string;
  /** Write the column names as the first row (default true). */
  header?: boolean;
  /** pandas' `index`: tables have no index, so only `false` (the usual kedro setting) is accepted. */
  index?: false;
  /** Only these columns, in this order. */
  columns?: string[];
  /** Text written for missing values (default empty). */
  na_rep?: string;
  quotechar?: string;
  /** Line ending (default `\n`). */
  lineterminator?: string;
  encoding?: BufferEncoding;
}

/** Stands for a missing cell until csv-stringify's `object` cast turns it into `na_rep`. */
const MISSING = Object.freeze({});

export async function stringifyCsv(names: readonly string[], columns: readonly TableColumn[], args: CSVSaveArgs): Promise<string> {
  const { stringify } = await import('csv-stringify/sync');
  const length = columns[0]?.length ?? 0;
  const rows: unknown[][] = [];
  for (let r = 0; r < length; r++) {
    const row = new Array<unknown>(columns.length);
    for (let c = 0; c < columns.length; c++) {
      const value = columns[c]![r];
      row[c] = value === null || value === undefined ? MISSING : value;
    }
    rows.push(row);
  }
  const naRep = args.na_rep ?? '';
  const format = { delimiter: args.sep ?? ',', quote: args.quotechar ?? '"', record_delimiter: args.lineterminator ?? '\n' };
  // Names are quoted only where needed, as pandas writes them.
  const header = args.header === false ? '' : stringify([[...names]], format);
  return header + stringify(rows, {
    ...format,
    // Quoting every string value tells the reader "text" (see csv-column-types.ts).
    quoted_string: true,
    cast: {
      number: (v) => (Number.isNaN(v) ? naRep : v === Infinity ? 'inf' : v === -Infinity ? '-inf' : String(v)),
      boolean: (v) => (v ? 'true' : 'false'),
      date: (v) => (Number.isNaN(v.getTime()) ? naRep : v.toISOString()),
      bigint: (v) => String(v),
      object: (v, context) => {
        if (v === MISSING) return naRep;
        throw new Error(
          `column '${names[context.index] ?? context.index}' holds ${showValue(v)} in row ${context.records + 1}: CSV stores numbers, strings, booleans, ` +
            'dates and bigints only (ParquetDataset or JSONDataset keep nested values)',
        );
      },
    },
  });
}
