import { MlflowError } from './mlflow-error.js';

const name = 'TransportClosedError';
const marker = `@kedro-mlflow/mlflow-client.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A request on an `HttpTransport` after its `close()`: the client or store that made it was closed.
 * Thrown at once, without retries (nothing is wrong with the server); not a transient failure.
 */
export class TransportClosedError extends MlflowError {
  private readonly [symbol] = true;
  /** `GET http://host:5000/api/2.0/mlflow/runs/get` (never with credentials). */
  readonly endpoint: string;

  constructor(options: { message: string; endpoint: string }) {
    super(options.message);
    this.name = name;
    this.endpoint = options.endpoint;
  }

  static override isInstance(error: unknown): error is TransportClosedError {
    return MlflowError.hasMarker(error, marker);
  }
}
