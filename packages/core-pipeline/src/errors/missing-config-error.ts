import { ConfigError, type ConfigErrorLocation } from './config-error.js';
import { KedroError } from './kedro-error.js';

const name = 'MissingConfigError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/** A configuration folder or the files a key needs do not exist (kedro's MissingConfigException). */
export class MissingConfigError extends ConfigError {
  private readonly [symbol] = true;

  constructor(message: string, location: ConfigErrorLocation = {}) {
    super(message, location);
    this.name = name;
  }

  static override isInstance(error: unknown): error is MissingConfigError {
    return KedroError.hasMarker(error, marker);
  }
}
