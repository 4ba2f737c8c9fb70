/**
 * The one error class of the tutorial's numeric core. Code branches on `kind` (and reads `field`),
 * never on the message; `isInstance()` checks a `Symbol.for` marker so it also recognises errors
 * thrown by a second copy of this module (a model bundle loaded next to the project's sources).
 */
const marker = '@kedro-mlflow/tutorial.ml-core.error';
const symbol = Symbol.for(marker);

export type MlCoreErrorKind =
  /** A persisted object (`fromJSON`) is malformed: `field` is the path of the bad value (`idf[3]`). */
  | 'invalid-json'
  /** An argument or option is out of its domain: `field` names it (`opts.maxFeatures`, `y[12]`). */
  | 'invalid-argument'
  /** Two inputs disagree in size (rows of X vs labels, columns of X vs fitted features). */
  | 'shape-mismatch'
  /** `transform` / `predictProba` before `fit` (or `fromJSON`). */
  | 'not-fitted'
  /** The labels hold one class only: no classifier or ROC curve can be computed. */
  | 'single-class';

export class MlCoreError extends Error {
  private readonly [symbol] = true;
  readonly kind: MlCoreErrorKind;
  /** The argument, option or JSON path at fault. */
  readonly field: string;

  constructor(kind: MlCoreErrorKind, field: string, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'MlCoreError';
    this.kind = kind;
    this.field = field;
  }

  static isInstance(error: unknown): error is MlCoreError {
    return error != null && typeof error === 'object' && symbol in error && (error as Record<symbol, unknown>)[symbol] === true;
  }
}
