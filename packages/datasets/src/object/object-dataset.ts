/**
 * Any value that `structuredClone` keeps (Maps, Sets, Dates, typed arrays, bigints, nested
 * objects), in Node's v8 serialization format: the JavaScript counterpart of kedro's
 * `pickle.PickleDataset`, under which name catalogs may also refer to it. As with structured clone,
 * class instances come back as plain objects and functions cannot be saved. Python pickles cannot be
 * read.
 */
import { deserialize, serialize } from 'node:v8';
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { AbstractFileDataset, type FileDatasetOptions } from '../file/file-dataset.js';
import { showValue } from '../file/show-value.js';

export interface ObjectDatasetOptions extends FileDatasetOptions<Record<string, never>, Record<string, never>> {
  /** Only `v8` (the default): kedro's `pickle` / `joblib` backends are Python-only. */
  backend?: 'v8' | undefined;
}

/** Every v8 serialization starts with this version tag. */
const V8_HEADER = 0xff;
/** How a Python pickle (protocol 2+) starts. */
const PICKLE_HEADER = 0x80;

export class ObjectDataset<T = unknown> extends AbstractFileDataset<T, T, Record<string, never>, Record<string, never>> {
  static override readonly OPTION_KEYS: readonly string[] = [...AbstractFileDataset.OPTION_KEYS, 'backend'];
  protected readonly format = 'v8-serialized data';

  constructor(options: ObjectDatasetOptions, context?: DatasetContext) {
    super(options, context);
    const backend = options?.backend;
    if (backend !== undefined && backend !== 'v8') {
      throw new DatasetOptionError({
        dataset: this.label,
        option: 'backend',
        message:
          `Dataset ${this.label} has backend ${showValue(backend)}: ObjectDataset stores values in Node's v8 format only ` +
          "(Python's pickle, joblib or dill cannot be read or written here). Remove 'backend' or set it to 'v8'.",
      });
    }
  }

  protected decode(bytes: Buffer, path: string): T {
    if (bytes[0] !== V8_HEADER) {
      const what = bytes[0] === PICKLE_HEADER ? 'it looks like a Python pickle, which JavaScript cannot read' : 'it does not start with the v8 format tag';
      throw this.corrupt(path, `${what}. Save it again with ObjectDataset, or store it as JSON, YAML or Parquet`);
    }
    return deserialize(bytes) as T;
  }

  protected encode(data: T): Buffer {
    return serialize(data);
  }
}
