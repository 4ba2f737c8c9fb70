import { KedroError } from './kedro-error.js';

const name = 'KedroSessionError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** A KedroSession was misused: a second run, a closed session, an unknown pipeline or runner. */
export class KedroSessionError extends KedroError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is KedroSessionError {
    return KedroError.hasMarker(error, marker);
  }
}
