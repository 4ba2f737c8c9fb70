/**
 * The arquero side of the table datasets: recognising a table, reading its columns in row order,
 * building one from columns. arquero is imported on first use: it takes most of a second to load,
 * which a process that only registers dataset types should not pay.
 */
import type { ColumnTable } from 'arquero';
import { showValue } from '../file/show-value.js';

export type TableColumn = ArrayLike<unknown>;

let arqueroModule: Promise<typeof import('arquero')> | undefined;

function arquero(): Promise<typeof import('arquero')> {
  arqueroModule ??= import('arquero');
  return arqueroModule;
}

/** An arquero table, also from another copy of arquero (checked by shape, not by class). */
export function isColumnTable(value: unknown): value is ColumnTable {
  const t = value as Partial<ColumnTable> | null;
  return (
    typeof t === 'object' && t !== null && typeof t.columnNames === 'function' && typeof t.column === 'function' && typeof t.array === 'function'
  );
}

/** The values of one column in the table's row order, with filters applied; typed arrays stay typed. */
export function columnValues(table: ColumnTable, name: string): TableColumn {
  const raw = table.column(name) as unknown;
  const plain = Array.isArray(raw) || ArrayBuffer.isView(raw);
  if (plain && !table.isFiltered() && !table.isOrdered()) return raw as TableColumn;
  const typed = ArrayBuffer.isView(raw) ? ((raw as object).constructor as Parameters<ColumnTable['array']>[1]) : undefined;
  return table.array(name, typed);
}

/** A table from named columns, in the given order (a Map keeps names such as '1' in place). */
export async function tableFromColumns(columns: ReadonlyArray<readonly [string, TableColumn]>): Promise<ColumnTable> {
  const { table } = await arquero();
  return table(new Map(columns));
}

/**
 * The names and columns to save: `data` must be an arquero table; `only` picks and orders columns
 * (`save_args.columns`). `fail` makes the dataset's error from the reason.
 */
export function requireTable(
  data: unknown,
  only: readonly string[] | undefined,
  fail: (why: string) => Error,
): { names: string[]; columns: TableColumn[] } {
  if (!isColumnTable(data)) {
    throw fail(`it saves arquero tables, got ${showValue(data)}; make one with aq.table({column: values}) or aq.from(rows)`);
  }
  const all = data.columnNames();
  const names = only === undefined ? all : [...only];
  const missing = names.filter((name) => !all.includes(name));
  if (missing.length > 0) throw fail(`'save_args.columns' names columns the table lacks: ${missing.join(', ')} (it has ${all.join(', ')})`);
  return { names, columns: names.map((name) => columnValues(data, name)) };
}
