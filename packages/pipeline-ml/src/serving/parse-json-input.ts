/**
 * The JSON body of `/invocations` (MLflow 2+ scoring protocol): an object with exactly one of
 * `dataframe_split`, `dataframe_records`, `instances`, `inputs`, and optional `params`. Each format
 * is checked for its shape here; the signature is applied later (enforce-input.ts).
 */
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import { ScoringError } from './scoring-error.js';
import type { InputFormat, ScoringInput, ScoringRequest } from './scoring-input.js';

const FORMATS = ['dataframe_split', 'dataframe_records', 'instances', 'inputs'] as const;

const REQUIRED_FORMAT = `The input must be a JSON object with exactly one of the input fields ${FORMATS.join(', ')} (and optionally params)`;
const PROTOCOL_CHANGE =
  'The MLflow Model scoring protocol changed in MLflow 2.0: wrap the data in one of these fields, e.g. {"dataframe_split": {"columns": [...], "data": [[...]]}}.';

function bad(message: string): ScoringError {
  return new ScoringError('bad-format', message);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function listedKeys(value: Record<string, unknown>): string {
  const keys = Object.keys(value);
  const shown = keys.slice(0, 10).map((k) => JSON.stringify(k.slice(0, 40)));
  return `[${shown.join(', ')}${keys.length > 10 ? `, … ${keys.length - 10} more` : ''}]`;
}

function recordsOf(rows: unknown[], format: string): Array<Record<string, unknown>> {
  rows.forEach((row, i) => {
    if (!isPlainObject(row)) throw bad(`${format}[${i}] must be an object of column values, got ${kindOf(row)}.`);
  });
  return rows as Array<Record<string, unknown>>;
}

function splitInput(value: unknown): ScoringInput {
  if (!isPlainObject(value)) throw bad(`dataframe_split must be an object {"columns": [...], "data": [[...]]}, got ${kindOf(value)}.`);
  const { columns, data } = value;
  if (!Array.isArray(data)) throw bad(`dataframe_split.data must be a list of rows, got ${kindOf(data)}.`);
  data.forEach((row, i) => {
    if (!Array.isArray(row)) throw bad(`dataframe_split.data[${i}] must be a list of values, got ${kindOf(row)}.`);
  });
  const rows = data as unknown[][];
  if (columns === undefined) return { shape: 'positional', rows };
  if (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string')) throw bad('dataframe_split.columns must be a list of column names (strings).');
  const names = columns as string[];
  const duplicate = names.find((n, i) => names.indexOf(n) !== i);
  if (duplicate !== undefined) throw bad(`dataframe_split.columns names ${JSON.stringify(duplicate.slice(0, 40))} twice.`);
  const records = rows.map((row, i) => {
    if (row.length !== names.length) throw bad(`dataframe_split.data[${i}] has ${row.length} values for ${names.length} columns.`);
    const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    names.forEach((name, j) => {
      record[name] = row[j];
    });
    return record;
  });
  return { shape: 'records', rows: records, columns: names };
}

/** `instances` / `inputs` given as a list: rows of objects, rows of values, or anything else. */
function listInput(value: unknown[]): ScoringInput {
  if (value.length > 0 && value.every(isPlainObject)) return { shape: 'records', rows: value };
  if (value.length > 0 && value.every(Array.isArray)) return { shape: 'positional', rows: value as unknown[][] };
  return { shape: 'raw', value };
}

/** `inputs` given as an object: columns of equal length, or one row of scalars. */
function columnarInput(value: Record<string, unknown>): ScoringInput {
  const entries = Object.entries(value);
  if (entries.length > 0 && entries.every(([, v]) => Array.isArray(v))) {
    const length = (entries[0]![1] as unknown[]).length;
    const uneven = entries.find(([, v]) => (v as unknown[]).length !== length);
    if (uneven !== undefined) throw bad(`inputs: column ${JSON.stringify(uneven[0].slice(0, 40))} has ${(uneven[1] as unknown[]).length} values, the first column ${length}.`);
    const rows = Array.from({ length }, (_, i) => {
      const record: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
      for (const [name, column] of entries) record[name] = (column as unknown[])[i];
      return record;
    });
    return { shape: 'records', rows };
  }
  if (entries.every(([, v]) => !Array.isArray(v))) return { shape: 'records', rows: [value] };
  throw bad('inputs: an object must map every column to a list of values (or every column to one value).');
}

function inputOf(format: InputFormat, value: unknown): ScoringInput {
  switch (format) {
    case 'dataframe_split':
      return splitInput(value);
    case 'dataframe_records':
      if (!Array.isArray(value)) throw bad(`dataframe_records must be a list of row objects, got ${kindOf(value)}.`);
      return { shape: 'records', rows: recordsOf(value, 'dataframe_records') };
    case 'instances':
      if (!Array.isArray(value)) throw bad(`instances must be a list of rows, got ${kindOf(value)}.`);
      return listInput(value);
    default:
      if (Array.isArray(value)) return listInput(value);
      if (isPlainObject(value)) return columnarInput(value);
      return { shape: 'raw', value };
  }
}

/** A parsed JSON body → the request; a 400 `bad-format` for anything but MLflow's shapes. */
export function parseJsonInput(body: unknown): ScoringRequest {
  if (Array.isArray(body)) throw bad(`${REQUIRED_FORMAT}. Received a list. ${PROTOCOL_CHANGE}`);
  if (!isPlainObject(body)) throw bad(`${REQUIRED_FORMAT}. Received ${kindOf(body)}.`);
  const present = FORMATS.filter((f) => Object.hasOwn(body, f));
  if (present.length !== 1) throw bad(`${REQUIRED_FORMAT}. Received an object with the fields ${listedKeys(body)}. ${PROTOCOL_CHANGE}`);
  const format = present[0]!;
  const params = body.params;
  if (params !== undefined && params !== null && !isPlainObject(params)) throw new ScoringError('params', `params must be an object of param values, got ${kindOf(params)}.`);
  return { format, input: inputOf(format, body[format]), value: body[format], params: (params ?? undefined) as Record<string, unknown> | undefined };
}
