import { DatasetError } from './dataset-error.js';
import { KedroError } from './kedro-error.js';

const name = 'DatasetAlreadyExistsError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** Kept for kedro users: the 1.x catalog replaces a dataset with a warning instead of raising this. */
export class DatasetAlreadyExistsError extends DatasetError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is DatasetAlreadyExistsError {
    return KedroError.hasMarker(error, marker);
  }
}
