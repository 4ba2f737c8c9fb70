/**
 * Base class of every error thrown by core-pipeline.
 *
 * `instanceof` breaks when two copies of this package are installed side by side, so each error
 * class carries a `Symbol.for` marker and a static `isInstance()` that checks the marker instead.
 */
const marker = '@kedro-mlflow/core-pipeline.error';
const symbol = Symbol.for(marker);

export class KedroError extends Error {
  private readonly [symbol] = true;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KedroError';
  }

  static isInstance(error: unknown): error is KedroError {
    return KedroError.hasMarker(error, marker);
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
