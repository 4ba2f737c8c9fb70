import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'ParameterValueError';
const marker = `@kedro-mlflow/tutorial.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A parameter of the tutorial's pipelines (conf/base/parameters_*.yml, `--params`, or a predict-time
 * `params` of the served model) is outside what its node accepts. `key` is the parameter's name as
 * the user writes it (`threshold`, `etl.sample_size`); `expected` says what would do.
 */
export class ParameterValueError extends KedroError {
  private readonly [symbol] = true;
  readonly kind = 'invalid-parameter' as const;
  readonly key: string;
  readonly value: unknown;
  readonly expected: string;

  constructor(options: { key: string; value: unknown; expected: string }) {
    super(
      `Parameter '${options.key}' must be ${options.expected}, got ${JSON.stringify(options.value) ?? String(options.value)}. ` +
        `Fix it in conf/base/parameters_*.yml, or pass another value (--params ${options.key}=…, or "params": {…} at predict time).`,
    );
    this.name = name;
    this.key = options.key;
    this.value = options.value;
    this.expected = options.expected;
  }

  static override isInstance(error: unknown): error is ParameterValueError {
    return KedroError.hasMarker(error, marker);
  }
}
