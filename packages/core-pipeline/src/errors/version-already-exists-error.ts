import { DatasetError } from './dataset-error.js';
import { KedroError } from './kedro-error.js';

const name = 'VersionAlreadyExistsError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** A dataset whose save version differs from the one the catalog uses for every versioned dataset. */
export class VersionAlreadyExistsError extends DatasetError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is VersionAlreadyExistsError {
    return KedroError.hasMarker(error, marker);
  }
}
