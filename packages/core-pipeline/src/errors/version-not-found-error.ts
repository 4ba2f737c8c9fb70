import { DatasetError } from './dataset-error.js';
import { KedroError } from './kedro-error.js';

const name = 'VersionNotFoundError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** A versioned dataset has no version to load (nothing saved yet, or the pinned version is missing). */
export class VersionNotFoundError extends DatasetError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is VersionNotFoundError {
    return KedroError.hasMarker(error, marker);
  }
}
