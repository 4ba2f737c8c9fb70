/**
 * Input examples saved next to a model, like MLflow's `_save_example`:
 * - tabular data (rows or columns) → `input_example.json` in pandas "split" orientation
 *   (`{"columns": [...], "data": [[...], ...]}`) and `serving_input_example.json`
 *   (`{"dataframe_split": {...}}`, indented), `type: dataframe`, `pandas_orient: split`;
 * - any other JSON value → `input_example.json` as is and `{"inputs": value}`, `type: json_object`.
 * `serving_input_example.json` is a ready-made body for the scoring server's `/invocations`.
 * Dates become ISO strings and bytes base64, as MLflow's JSON encoder does.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { SavedInputExampleInfo } from './mlmodel.js';
import { pythonJsonDumps } from './python-json.js';
import { inferSchemaFromColumns, inferSchemaFromRecords } from './schema-inference.js';
import type { Schema } from './signature.js';

export const INPUT_EXAMPLE_FILE = 'input_example.json';
export const SERVING_INPUT_EXAMPLE_FILE = 'serving_input_example.json';

/** Rows (the shorthand), `{records}`, `{columns}` (tabular), or `{json}` (any JSON value). */
export type InputExample =
  | ReadonlyArray<Record<string, unknown>>
  | { records: ReadonlyArray<Record<string, unknown>> }
  | { columns: Readonly<Record<string, ReadonlyArray<unknown>>> }
  | { json: unknown };

export interface PreparedInputExample {
  info: SavedInputExampleInfo;
  /** file name → content */
  files: Record<string, string>;
  /** The input schema inferred from a tabular example (undefined for `json`). */
  inferredSchema?: Schema;
}

function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJsonValue(v)]));
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return null;
  return value;
}

function split(columns: string[], data: unknown[][]): { columns: string[]; data: unknown[][] } {
  return { columns, data: data.map((row) => row.map(toJsonValue)) };
}

/** The files and `saved_input_example_info` of an input example. */
export function prepareInputExample(example: InputExample): PreparedInputExample {
  let table: { columns: string[]; data: unknown[][] } | undefined;
  let inferredSchema: Schema | undefined;
  if (Array.isArray(example) || (typeof example === 'object' && example !== null && 'records' in example)) {
    const rows = (Array.isArray(example) ? example : (example as { records: ReadonlyArray<Record<string, unknown>> }).records) as ReadonlyArray<Record<string, unknown>>;
    inferredSchema = inferSchemaFromRecords(rows);
    const columns = inferredSchema.type === 'columns' ? inferredSchema.columns.map((c) => c.name!) : [];
    table = split(columns, rows.map((row) => columns.map((c) => row[c])));
  } else if (typeof example === 'object' && example !== null && 'columns' in example) {
    const cols = example.columns;
    inferredSchema = inferSchemaFromColumns(cols);
    const names = Object.keys(cols);
    const length = Math.max(...names.map((n) => cols[n]!.length));
    table = split(names, Array.from({ length }, (_, i) => names.map((n) => cols[n]![i])));
  } else if (typeof example === 'object' && example !== null && 'json' in example) {
    const value = toJsonValue(example.json);
    return {
      info: { artifactPath: INPUT_EXAMPLE_FILE, type: 'json_object', servingInputPath: SERVING_INPUT_EXAMPLE_FILE },
      files: { [INPUT_EXAMPLE_FILE]: pythonJsonDumps(value), [SERVING_INPUT_EXAMPLE_FILE]: pythonJsonDumps({ inputs: value }, 2) },
    };
  } else {
    throw new TypeError('An input example is an array of rows, {records}, {columns} or {json}.');
  }
  return {
    info: { artifactPath: INPUT_EXAMPLE_FILE, type: 'dataframe', pandasOrient: 'split', servingInputPath: SERVING_INPUT_EXAMPLE_FILE },
    files: { [INPUT_EXAMPLE_FILE]: pythonJsonDumps(table), [SERVING_INPUT_EXAMPLE_FILE]: pythonJsonDumps({ dataframe_split: table }, 2) },
    inferredSchema,
  };
}

/** Writes the example files into a model folder; returns `saved_input_example_info`. */
export async function saveInputExample(dir: string, example: InputExample): Promise<SavedInputExampleInfo> {
  const prepared = prepareInputExample(example);
  await fsp.mkdir(dir, { recursive: true });
  for (const [name, text] of Object.entries(prepared.files)) await fsp.writeFile(join(dir, name), text, 'utf8');
  return prepared.info;
}

/** Reads a model folder's input example back: rows for a dataframe example, the value for JSON. */
export async function loadInputExample(dir: string, info: SavedInputExampleInfo): Promise<unknown> {
  const text = await fsp.readFile(join(dir, ...info.artifactPath.split('/').filter((s) => s !== '..' && s !== '')), 'utf8');
  const value = JSON.parse(text) as unknown;
  if (info.type !== 'dataframe') return value;
  const orient = info.pandasOrient ?? 'split';
  if (orient === 'records') return value;
  const table = value as { columns?: unknown[]; data?: unknown[][] };
  if (!Array.isArray(table.columns) || !Array.isArray(table.data)) throw new TypeError(`${info.artifactPath}: expected {"columns": [...], "data": [...]}`);
  return table.data.map((row) => Object.fromEntries(table.columns!.map((c, i) => [String(c), row[i]])));
}
