/**
 * A `text/csv` body (a header row, then one row per record, as pandas' `to_csv(index=False)`
 * writes it). Cells are typed from the signature, like MLflow's `read_csv(dtype=…)`: numeric
 * columns take numbers, boolean columns `true`/`false` (any case), string columns stay text; an
 * empty cell is null. A cell that does not read as its column's type is left as text, so the
 * schema check names it. Without a signature, cells that read as numbers become numbers.
 */
import { parse } from 'csv-parse/sync';
import type { ColumnType, Schema } from '@kedro-mlflow/mlflow-client';
import { ScoringError } from './scoring-error.js';
import type { ScoringRequest } from './scoring-input.js';

const NUMERIC = new Set<ColumnType>(['integer', 'long', 'float', 'double']);
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$|^[+-]?(?:inf|Infinity)$|^NaN$/;

function readNumber(cell: string): number | string {
  if (!NUMBER.test(cell)) return cell;
  if (/inf/i.test(cell)) return cell.startsWith('-') ? -Infinity : Infinity;
  return Number(cell);
}

function readBoolean(cell: string): boolean | string {
  const lower = cell.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  return cell;
}

function caster(type: ColumnType | undefined): (cell: string) => unknown {
  if (type === undefined) return readNumber;
  if (NUMERIC.has(type)) return readNumber;
  if (type === 'boolean') return readBoolean;
  return (cell) => cell;
}

export function parseCsvInput(text: string, schema: Schema | undefined): ScoringRequest {
  let table: string[][];
  try {
    table = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    const reason = (error as Error).message.slice(0, 200);
    throw new ScoringError('bad-csv', `Failed to parse the input as CSV (a header row, then one row per record, as pandas.DataFrame.to_csv(index=False) writes it): ${reason}`);
  }
  const [header, ...body] = table;
  if (header === undefined) throw new ScoringError('bad-csv', 'The CSV body is empty: send a header row and at least one row.');
  const duplicate = header.find((n, i) => header.indexOf(n) !== i);
  if (duplicate !== undefined) throw new ScoringError('bad-csv', `The CSV header names the column ${JSON.stringify(duplicate.slice(0, 40))} twice.`);
  const types = new Map<string, ColumnType>();
  if (schema?.type === 'columns') for (const col of schema.columns) if (col.name !== undefined) types.set(col.name, col.type);
  const casts = header.map((name) => caster(schema === undefined ? undefined : types.get(name) ?? 'string'));
  const rows = body.map((cells) => {
    const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    header.forEach((name, j) => {
      const cell = cells[j]!;
      record[name] = cell === '' ? null : casts[j]!(cell);
    });
    return record;
  });
  return { format: 'csv', input: { shape: 'records', rows, columns: header }, value: rows, params: undefined };
}
