import { DatasetError } from './dataset-error.js';
import { KedroError } from './kedro-error.js';

const name = 'DatasetNotFoundError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** A dataset name that the catalog does not know (no entry, no matching pattern). */
export class DatasetNotFoundError extends DatasetError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is DatasetNotFoundError {
    return KedroError.hasMarker(error, marker);
  }
}
