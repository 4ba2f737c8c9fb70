import { KedroError } from './kedro-error.js';
import { PipelineError } from './pipeline-error.js';

const name = 'CircularDependencyError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** The nodes of a pipeline depend on each other in a loop, so no execution order exists. */
export class CircularDependencyError extends PipelineError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is CircularDependencyError {
    return KedroError.hasMarker(error, marker);
  }
}
