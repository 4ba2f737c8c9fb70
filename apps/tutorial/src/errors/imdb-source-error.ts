import { DatasetError } from '@kedro-mlflow/core-pipeline';

const name = 'ImdbSourceError';
const marker = `@kedro-mlflow/tutorial.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * What is wrong with a raw IMDB source the catalog points at:
 * - `missing`: the file or folder does not exist;
 * - `missing-columns`: a CSV lacks a column the loader needs (`field` names it);
 * - `bad-record`: a record has a text or label the loader cannot read (`field` names it, e.g. `[12].s`);
 * - `empty-folder`: an `aclImdb/` folder holds no `pos/` or `neg/` reviews;
 * - `read-only`: something tried to save to a raw source.
 */
export type ImdbSourceErrorKind = 'missing' | 'missing-columns' | 'bad-record' | 'empty-folder' | 'read-only';

/** A raw IMDB source (JSON, Kaggle CSV, Stanford folder) cannot be read; names the file and the field. */
export class ImdbSourceError extends DatasetError {
  private readonly [symbol] = true;
  readonly kind: ImdbSourceErrorKind;
  /** The file or folder at fault. */
  readonly filepath: string;
  /** The column, record field or sub-folder at fault, when there is one. */
  readonly field: string | undefined;

  constructor(options: { kind: ImdbSourceErrorKind; filepath: string; field?: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = name;
    this.kind = options.kind;
    this.filepath = options.filepath;
    this.field = options.field;
  }

  static override isInstance(error: unknown): error is ImdbSourceError {
    return DatasetError.hasMarker(error, marker);
  }
}
