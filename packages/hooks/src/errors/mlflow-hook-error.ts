/**
 * Base class of the errors of @kedro-mlflow/hooks (configuration mistakes are core-pipeline's
 * `ConfigError`, with the file and key path). `isInstance()` checks a `Symbol.for` marker, so it
 * works across duplicated copies of the package.
 */
import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'MlflowHookError';
const marker = `@kedro-mlflow/hooks.error.${name}`;
const symbol = Symbol.for(marker);

export class MlflowHookError extends KedroError {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
  }

  static override isInstance(error: unknown): error is MlflowHookError {
    return KedroError.hasMarker(error, marker);
  }
}
