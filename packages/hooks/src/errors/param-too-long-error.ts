/** A node parameter longer than the limit, with `long_params_strategy: fail`. */
import { KedroError } from '@kedro-mlflow/core-pipeline';
import { MlflowHookError } from './mlflow-hook-error.js';

const name = 'ParamTooLongError';
const marker = `@kedro-mlflow/hooks.error.${name}`;
const symbol = Symbol.for(marker);

export class ParamTooLongError extends MlflowHookError {
  private readonly [symbol] = true;
  readonly paramName: string;
  readonly length: number;
  readonly limit: number;

  constructor(details: { paramName: string; length: number; limit: number }) {
    super(
      `Parameter '${details.paramName}' length is ${details.length}, while MLflow forces it to be at most ${details.limit} characters. ` +
        "To log it anyway, set 'tracking.params.long_params_strategy' to 'tag' or 'truncate' in mlflow.yml.",
    );
    this.name = name;
    this.paramName = details.paramName;
    this.length = details.length;
    this.limit = details.limit;
  }

  static override isInstance(error: unknown): error is ParamTooLongError {
    return KedroError.hasMarker(error, marker);
  }
}
