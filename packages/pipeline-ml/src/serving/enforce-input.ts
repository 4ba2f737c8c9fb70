/**
 * The signature applied to an input, with MLflow's rules (`_enforce_schema`): columns matched by
 * name and put in the signature's order, extra columns dropped, a missing required column is a 400
 * naming it, values must fit their type with safe widening only (checked by mlflow-client's
 * `validateAgainstSchema`: whole numbers fit integer/long/float/double, fractional numbers only
 * float/double, strings stay strings). Binary columns take base64 text (decoded to bytes), datetime
 * columns date strings (turned into `Date`s). The model gets an arquero table.
 *
 * Tensor-based signatures are not enforced: the model gets the value as sent.
 */
import type { ColumnTable } from 'arquero';
import { validateAgainstSchema, type ColSpec, type ModelSignature } from '@kedro-mlflow/mlflow-client';
import { ScoringError } from './scoring-error.js';
import type { ScoringInput, ScoringRequest } from './scoring-input.js';

const SHOWN_ERRORS = 5;

let arqueroModule: Promise<typeof import('arquero')> | undefined;

async function tableOf(columns: Array<[string, unknown[]]>): Promise<ColumnTable> {
  arqueroModule ??= import('arquero');
  const { table } = await arqueroModule;
  return table(new Map(columns));
}

function quoted(names: readonly string[]): string {
  return names.map((n) => `'${n.slice(0, 60)}'`).join(', ');
}

function namesInOrder(rows: Array<Record<string, unknown>>): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) seen.add(key);
  return [...seen];
}

function convert(value: unknown, col: ColSpec): unknown {
  if (value === null || value === undefined) return null;
  if (col.type === 'binary' && typeof value === 'string') return new Uint8Array(Buffer.from(value, 'base64'));
  if (col.type === 'datetime' && typeof value === 'string') return new Date(value);
  return value;
}

function positionalToRecords(rows: unknown[][], names: string[]): Array<Record<string, unknown>> {
  return rows.map((row, i) => {
    if (row.length !== names.length) {
      throw new ScoringError('schema', `Failed to enforce schema of data: row ${i} has ${row.length} values, the signature ${names.length} columns (${quoted(names)}).`);
    }
    const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    names.forEach((name, j) => {
      record[name] = row[j];
    });
    return record;
  });
}

function schemaFailure(errors: ReadonlyArray<{ message: string }>): ScoringError {
  const more = errors.length > SHOWN_ERRORS ? ' (and more)' : '';
  return new ScoringError('schema', `Failed to enforce schema of data: ${errors.slice(0, SHOWN_ERRORS).map((e) => e.message).join('; ')}${more}.`);
}

async function enforceColumns(input: ScoringInput, columns: ColSpec[]): Promise<ColumnTable> {
  const named = columns.every((c) => c.name !== undefined);
  const names = named ? columns.map((c) => c.name!) : columns.map((_, i) => String(i));
  if (input.shape === 'raw') {
    throw new ScoringError('schema', `Failed to enforce schema of data: the model takes a table with the columns ${quoted(names)}; send dataframe_split, dataframe_records, or rows in instances/inputs.`);
  }
  let rows: Array<Record<string, unknown>>;
  if (input.shape === 'positional') rows = positionalToRecords(input.rows, names);
  else if (named) rows = input.rows;
  else rows = positionalToRecords(input.rows.map((r) => Object.values(r)), names);
  if (named) {
    const present = new Set(input.shape === 'records' && input.columns !== undefined ? input.columns : namesInOrder(rows));
    const missing = columns.filter((c) => c.required && !present.has(c.name!)).map((c) => c.name!);
    if (missing.length > 0) {
      throw new ScoringError('schema', `Failed to enforce schema of data: the input lacks the required column${missing.length > 1 ? 's' : ''} ${quoted(missing)}.`, { columns: missing });
    }
  }
  const specs = columns.map((c, i) => ({ ...c, name: names[i]! }));
  const result = validateAgainstSchema(rows, { type: 'columns', columns: specs }, { maxErrors: SHOWN_ERRORS + 1 });
  if (!result.valid) throw schemaFailure(result.errors);
  const sent = input.shape === 'records' && input.columns !== undefined ? new Set(input.columns) : undefined;
  const kept = specs.filter((c) => c.required || (sent?.has(c.name) ?? rows.some((row) => Object.hasOwn(row, c.name))));
  return tableOf(kept.map((col) => [col.name, rows.map((row) => convert(row[col.name], col))]));
}

async function unchecked(request: ScoringRequest): Promise<unknown> {
  const { input } = request;
  if (input.shape === 'raw') return input.value;
  if (input.shape === 'positional') {
    const width = Math.max(0, ...input.rows.map((r) => r.length));
    return tableOf(Array.from({ length: width }, (_, j) => [String(j), input.rows.map((row) => row[j] ?? null)]));
  }
  return tableOf((input.columns ?? namesInOrder(input.rows)).map((name) => [name, input.rows.map((row) => row[name] ?? null)]));
}

/** What the model's `predict` gets for a request: an enforced table, or the input unchanged. */
export async function enforceInput(request: ScoringRequest, signature: ModelSignature | undefined): Promise<unknown> {
  const schema = signature?.inputs;
  if (schema === undefined) return unchecked(request);
  if (schema.type === 'tensors') return request.value;
  return enforceColumns(request.input, schema.columns);
}
