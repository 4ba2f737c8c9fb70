import { KedroError } from './kedro-error.js';
import { PipelineError } from './pipeline-error.js';

const name = 'OutputNotUniqueError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** Two or more nodes of one pipeline produce the same dataset (compared without transcoding). */
export class OutputNotUniqueError extends PipelineError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is OutputNotUniqueError {
    return KedroError.hasMarker(error, marker);
  }
}
