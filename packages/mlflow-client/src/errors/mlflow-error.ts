/**
 * Base class of every error thrown by mlflow-client. A `Symbol.for` marker and a static
 * `isInstance()` recognise our errors even when two copies of the package are installed.
 */
const marker = '@kedro-mlflow/mlflow-client.error';
const symbol = Symbol.for(marker);

export class MlflowError extends Error {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MlflowError';
  }

  static isInstance(error: unknown): error is MlflowError {
    return MlflowError.hasMarker(error, marker);
  }

  protected static hasMarker(error: unknown, markerName: string): boolean {
    const markerSymbol = Symbol.for(markerName);
    return (
      error != null &&
      typeof error === 'object' &&
      markerSymbol in error &&
      (error as Record<symbol, unknown>)[markerSymbol] === true
    );
  }
}
