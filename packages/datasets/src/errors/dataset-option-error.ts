import { DatasetError } from '@kedro-mlflow/core-pipeline';

const name = 'DatasetOptionError';
const marker = `@kedro-mlflow/datasets.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A constructor option of a dataset is unknown or has a value it cannot use: `option` is the
 * catalog key (`save_args`, `filepath`, ...), `key` the entry inside it when there is one.
 */
export class DatasetOptionError extends DatasetError {
  private readonly [symbol] = true;
  readonly dataset: string;
  readonly option: string;
  readonly key: string | undefined;

  constructor(options: { dataset: string; option: string; key?: string | undefined; message: string }) {
    super(options.message);
    this.name = name;
    this.dataset = options.dataset;
    this.option = options.option;
    this.key = options.key;
  }

  static override isInstance(error: unknown): error is DatasetOptionError {
    return DatasetError.hasMarker(error, marker);
  }
}
