/**
 * Any JSON value in a file (kedro-datasets' `json.JSONDataset`, which writes with `indent: 2`).
 * Values JSON cannot hold (Map, Set, bigint, typed arrays, NaN, functions...) are refused with the
 * place where they sit, rather than silently turned into `{}` or `null`; ObjectDataset keeps them.
 */
import { isPlainObject, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import { either, isBoolean, isEncoding, isInteger, isString, type ArgsSpec } from '../file/dataset-args.js';
import { AbstractFileDataset, type FileDatasetOptions } from '../file/file-dataset.js';
import { decodeText, encodeText } from '../file/text-encoding.js';

export interface JSONLoadArgs {
  encoding?: BufferEncoding;
}

export interface JSONSaveArgs {
  /** Spaces (or the string) per nesting level; 0 writes one line. Default 2. */
  indent?: number | string;
  /** Write object keys in sorted order. */
  sort_keys?: boolean;
  encoding?: BufferEncoding;
}

export type JSONDatasetOptions = FileDatasetOptions<JSONLoadArgs, JSONSaveArgs>;

/** Where (`data.a[2]`) and what the first value JSON cannot represent is, if any. */
function firstNonJson(value: unknown, path: string, seen: Set<object>): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}`;
  if (seen.has(value)) return `${path} refers back to an enclosing value (a cycle)`;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return undefined;
  if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return `${path} is a ${value.constructor.name}`;
  seen.add(value);
  const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`.${k}`, v] as const);
  for (const [key, item] of entries) {
    if (item === undefined && !Array.isArray(value)) continue;
    const found = item === undefined ? `${path}${key} is undefined` : firstNonJson(item, `${path}${key}`, seen);
    if (found !== undefined) return found;
  }
  seen.delete(value);
  return undefined;
}

function sortKeys(_key: string, value: unknown): unknown {
  return isPlainObject(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : value;
}

export class JSONDataset<T = unknown> extends AbstractFileDataset<T, T, JSONLoadArgs, JSONSaveArgs> {
  static override readonly LOAD_ARGS: ArgsSpec = { encoding: isEncoding };
  static override readonly SAVE_ARGS: ArgsSpec = { indent: either(isInteger(0), isString), sort_keys: isBoolean, encoding: isEncoding };
  static override readonly DEFAULT_SAVE_ARGS = { indent: 2 };
  protected readonly format = 'JSON';

  constructor(options: JSONDatasetOptions, context?: DatasetContext) {
    super(options, context);
  }

  protected decode(bytes: Buffer): T {
    return JSON.parse(decodeText(bytes, this.loadArgs.encoding)) as T;
  }

  protected encode(data: T, path: string): Buffer {
    const problem = firstNonJson(data, 'data', new Set());
    if (problem !== undefined) {
      throw this.unserializable(path, `${problem}, which JSON cannot represent (ObjectDataset stores any structured-clone value)`);
    }
    const { indent, sort_keys: sorted, encoding } = this.saveArgs;
    const text = JSON.stringify(data, sorted === true ? sortKeys : undefined, indent === 0 ? undefined : indent);
    return encodeText(text, encoding);
  }
}
