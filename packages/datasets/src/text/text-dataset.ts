/** A string in a text file (kedro-datasets' `text.TextDataset`). */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { isEncoding, type ArgsSpec } from '../file/dataset-args.js';
import { AbstractFileDataset, type FileDatasetOptions } from '../file/file-dataset.js';
import { showValue } from '../file/show-value.js';
import { decodeText, encodeText } from '../file/text-encoding.js';

export interface TextArgs {
  /** Default `utf8`. */
  encoding?: BufferEncoding;
}

export type TextDatasetOptions = FileDatasetOptions<TextArgs, TextArgs>;

export class TextDataset extends AbstractFileDataset<string, string, TextArgs, TextArgs> {
  static override readonly LOAD_ARGS: ArgsSpec = { encoding: isEncoding };
  static override readonly SAVE_ARGS: ArgsSpec = { encoding: isEncoding };
  protected readonly format = 'text';

  constructor(options: TextDatasetOptions, context?: DatasetContext) {
    super(options, context);
  }

  protected decode(bytes: Buffer): string {
    return decodeText(bytes, this.loadArgs.encoding);
  }

  protected encode(data: string, path: string): Buffer {
    if (typeof data !== 'string') throw this.unserializable(path, `a TextDataset saves strings, got ${showValue(data)}`);
    return encodeText(data, this.saveArgs.encoding);
  }
}
