import { KedroError } from './kedro-error.js';

const name = 'ConfigError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

export interface ConfigErrorLocation {
  /** The file the problem is in, when known. */
  file?: string;
  /** Dotted key path inside the config (`model_options.test_size`). */
  keyPath?: string;
  line?: number;
  column?: number;
}

/** Bad configuration: invalid YAML, duplicate keys, an unresolvable `${…}`, a bad merge strategy… */
export class ConfigError extends KedroError {
  private readonly [symbol] = true;
  readonly file: string | undefined;
  readonly keyPath: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;

  constructor(message: string, location: ConfigErrorLocation = {}, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.file = location.file;
    this.keyPath = location.keyPath;
    this.line = location.line;
    this.column = location.column;
  }

  static override isInstance(error: unknown): error is ConfigError {
    return KedroError.hasMarker(error, marker);
  }
}
