/**
 * Errors of the model helpers. Each has a `Symbol.for` marker and a static `isInstance()` like the
 * package's other errors, so they are recognised across two installed copies of the package.
 *
 * - `InvalidMLmodelError`: an MLmodel file that cannot be used, naming the file and the field.
 * - `InvalidModelUriError`: a malformed model URI (also an `MlflowApiError`, INVALID_PARAMETER_VALUE).
 * - `ModelNotFoundError`: a well-formed URI naming nothing (also an `MlflowApiError`,
 *   RESOURCE_DOES_NOT_EXIST / 404), with what does exist when that was cheap to find out.
 */
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { MlflowError } from '../errors/mlflow-error.js';

const PREFIX = '@kedro-mlflow/mlflow-client.error.';

const mlmodelMarker = `${PREFIX}InvalidMLmodelError`;
const mlmodelSymbol = Symbol.for(mlmodelMarker);

export class InvalidMLmodelError extends MlflowError {
  private readonly [mlmodelSymbol] = true;
  /** The MLmodel file (or `<memory>`). */
  readonly file: string;
  /** The offending field, dotted (`signature.inputs`), or undefined for the whole document. */
  readonly field: string | undefined;

  constructor(options: { file: string; field?: string; message: string; cause?: unknown }) {
    super(`${options.file}: ${options.field === undefined ? '' : `field '${options.field}' `}${options.message}`, { cause: options.cause });
    this.name = 'InvalidMLmodelError';
    this.file = options.file;
    this.field = options.field;
  }

  static override isInstance(error: unknown): error is InvalidMLmodelError {
    return MlflowError.hasMarker(error, mlmodelMarker);
  }
}

const uriMarker = `${PREFIX}InvalidModelUriError`;
const uriSymbol = Symbol.for(uriMarker);

export class InvalidModelUriError extends MlflowApiError {
  private readonly [uriSymbol] = true;
  readonly uri: string;

  constructor(options: { uri: string; message: string }) {
    super({ errorCode: 'INVALID_PARAMETER_VALUE', message: options.message });
    this.name = 'InvalidModelUriError';
    this.uri = options.uri;
  }

  static override isInstance(error: unknown): error is InvalidModelUriError {
    return MlflowError.hasMarker(error, uriMarker);
  }
}

/** What a model URI pointed at that does not exist. */
export type MissingModelPart = 'registered-model' | 'version' | 'alias' | 'stage' | 'logged-model' | 'run' | 'artifact' | 'mlmodel';

const notFoundMarker = `${PREFIX}ModelNotFoundError`;
const notFoundSymbol = Symbol.for(notFoundMarker);

export class ModelNotFoundError extends MlflowApiError {
  private readonly [notFoundSymbol] = true;
  readonly uri: string;
  readonly missing: MissingModelPart;
  /** What exists instead (versions, aliases, artifact names), when it was cheap to list. */
  readonly available: string[] | undefined;

  constructor(options: { uri: string; missing: MissingModelPart; message: string; available?: string[]; cause?: unknown }) {
    const hint = options.available === undefined ? '' : options.available.length === 0 ? ' There are none.' : ` Available: ${options.available.join(', ')}.`;
    super({ errorCode: 'RESOURCE_DOES_NOT_EXIST', message: `${options.message}${hint}`, cause: options.cause });
    this.name = 'ModelNotFoundError';
    this.uri = options.uri;
    this.missing = options.missing;
    this.available = options.available;
  }

  static override isInstance(error: unknown): error is ModelNotFoundError {
    return MlflowError.hasMarker(error, notFoundMarker);
  }
}
