import { KedroError } from './kedro-error.js';

const name = 'PipelineError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** A node or pipeline definition is invalid (kedro raises ValueError / PipelineError for these). */
export class PipelineError extends KedroError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is PipelineError {
    return KedroError.hasMarker(error, marker);
  }
}
