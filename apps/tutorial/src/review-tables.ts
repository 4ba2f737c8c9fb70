/**
 * Reading the two business tables of the tutorial, `instances` ({text}) and `labels` ({label}), with
 * errors that name the dataset and the column. Shared by etl_app, ml_app and user_app.
 */
import type { ColumnTable } from 'arquero';
import { InputDataError } from './errors/input-data-error.js';

export type Sentiment = 'positive' | 'negative';

function column(table: ColumnTable, dataset: string, name: string): ArrayLike<unknown> {
  if (typeof table?.columnNames !== 'function' || !table.columnNames().includes(name)) {
    const has = typeof table?.columnNames === 'function' ? table.columnNames().map((c) => `'${c}'`).join(', ') || 'none' : `not a table (${typeof table})`;
    throw new InputDataError({ kind: 'missing-column', dataset, field: name, message: `'${dataset}' must be a table with a column '${name}' (its columns: ${has}).` });
  }
  return table.array(name) as ArrayLike<unknown>;
}

/** The review texts of a table's `text` column; a missing value is an error naming the row. */
export function reviewTexts(table: ColumnTable, dataset: string): string[] {
  const values = column(table, dataset, 'text');
  const texts: string[] = new Array(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (typeof value !== 'string') {
      throw new InputDataError({ kind: 'bad-value', dataset, field: 'text', row, message: `'${dataset}': column 'text' of row ${row} is ${JSON.stringify(value) ?? String(value)}, not a text.` });
    }
    texts[row] = value;
  }
  return texts;
}

/** The labels as the classifier's classes: positive → 1, negative → 0. */
export function labelClasses(table: ColumnTable, dataset: string): Uint8Array {
  const values = column(table, dataset, 'label');
  const classes = new Uint8Array(values.length);
  for (let row = 0; row < values.length; row++) {
    const value = values[row];
    if (value !== 'positive' && value !== 'negative') {
      throw new InputDataError({ kind: 'bad-value', dataset, field: 'label', row, message: `'${dataset}': column 'label' of row ${row} is ${JSON.stringify(value) ?? String(value)}, not 'positive' or 'negative'.` });
    }
    classes[row] = value === 'positive' ? 1 : 0;
  }
  return classes;
}

/** Fails unless two tables that describe the same reviews have as many rows. */
export function sameRowCount(a: { rows: number; dataset: string }, b: { rows: number; dataset: string }): void {
  if (a.rows !== b.rows) {
    throw new InputDataError({ kind: 'row-count', dataset: b.dataset, field: 'label', message: `'${a.dataset}' has ${a.rows} rows but '${b.dataset}' has ${b.rows}: they must describe the same reviews (run etl_app again).` });
  }
}
