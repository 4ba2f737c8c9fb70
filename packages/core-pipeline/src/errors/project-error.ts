import { KedroError } from './kedro-error.js';

const name = 'ProjectError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** A project cannot be used: no project folder, a bad `package.json` "kedro" field, invalid `src/settings.ts` or pipeline registry. */
export class ProjectError extends KedroError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is ProjectError {
    return KedroError.hasMarker(error, marker);
  }
}
