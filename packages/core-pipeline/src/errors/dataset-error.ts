import { KedroError } from './kedro-error.js';

const name = 'DatasetError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** Base of every error raised by a dataset or by the DataCatalog. */
export class DatasetError extends KedroError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is DatasetError {
    return KedroError.hasMarker(error, marker);
  }
}
