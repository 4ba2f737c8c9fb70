/**
 * Any YAML value in a file (kedro-datasets' `yaml.YAMLDataset`). Timestamps load as Dates, as with
 * Python's `yaml.safe_load`; a file with several documents or duplicate keys is refused.
 */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { isBoolean, isEncoding, isInteger, type ArgsSpec } from '../file/dataset-args.js';
import { AbstractFileDataset, type FileDatasetOptions } from '../file/file-dataset.js';
import { decodeText, encodeText } from '../file/text-encoding.js';

export interface YAMLLoadArgs {
  encoding?: BufferEncoding;
}

export interface YAMLSaveArgs {
  /** Spaces per nesting level (default 2). */
  indent?: number;
  sort_keys?: boolean;
  /** Fold lines longer than this (PyYAML's `width`; default 80). */
  width?: number;
  /** `true` writes collections inline (`{a: 1}`); default `false`, one entry per line. */
  default_flow_style?: boolean;
  encoding?: BufferEncoding;
}

export type YAMLDatasetOptions = FileDatasetOptions<YAMLLoadArgs, YAMLSaveArgs>;

export class YAMLDataset<T = unknown> extends AbstractFileDataset<T, T, YAMLLoadArgs, YAMLSaveArgs> {
  static override readonly LOAD_ARGS: ArgsSpec = { encoding: isEncoding };
  static override readonly SAVE_ARGS: ArgsSpec = {
    indent: isInteger(1),
    sort_keys: isBoolean,
    width: isInteger(0),
    default_flow_style: isBoolean,
    encoding: isEncoding,
  };
  static override readonly DEFAULT_SAVE_ARGS = { default_flow_style: false };
  protected readonly format = 'YAML';

  constructor(options: YAMLDatasetOptions, context?: DatasetContext) {
    super(options, context);
  }

  protected async decode(bytes: Buffer): Promise<T> {
    const { parse } = await import('yaml');
    return parse(decodeText(bytes, this.loadArgs.encoding), { customTags: ['timestamp'] }) as T;
  }

  protected async encode(data: T): Promise<Buffer> {
    const { stringify } = await import('yaml');
    const { indent, sort_keys: sorted, width, default_flow_style: flow, encoding } = this.saveArgs;
    const text = stringify(data, {
      customTags: ['timestamp'],
      // yaml rejects options given as undefined.
      ...(indent !== undefined ? { indent } : {}),
      ...(width !== undefined ? { lineWidth: width } : {}),
      sortMapEntries: sorted === true,
      collectionStyle: flow === true ? 'flow' : 'block',
    });
    return encodeText(text, encoding);
  }
}
