// Binary L2-regularised logistic regression on a sparse matrix, fitted like scikit-learn's
// LogisticRegression(solver='lbfgs'): same objective, same defaults (C = 1, max_iter = 100,
// tol = 1e-4), same stopping rules, so its coefficients agree with sklearn's to solver tolerance.
// Why L-BFGS: see README.md (measured against the other candidates on the tutorial's data).
import { MlCoreError } from './ml-core-error.js';
import { readBoolean, readHeader, readNumber, readNumberArray, readObject, type NumberCheck } from './json-fields.js';
import { minimizeLbfgs } from './lbfgs.js';
import { LogisticLoss, sigmoid } from './logistic-loss.js';
import type { SparseMatrix } from './sparse-matrix.js';

const FORMAT = 'kedro-mlflow-ts/logistic-regression';
const VERSION = 1;

export interface LogisticRegressionOptions {
  /** Inverse regularisation strength, scikit-learn's C (default 1). */
  c?: number;
  /** L-BFGS iterations at most (default 100). */
  maxIter?: number;
  /** Stop when every |gradient| component of the mean objective is ≤ tol (default 1e-4). */
  tol?: number;
  /**
   * Recorded with the model for reproducible runs. L-BFGS starts from zero and draws no random
   * numbers, so the fit is the same for every seed (and on every machine).
   */
  seed?: number;
}

export type ResolvedLogisticRegressionOptions = Required<LogisticRegressionOptions>;

export interface LogisticRegressionJSON {
  format: typeof FORMAT;
  version: typeof VERSION;
  options: ResolvedLogisticRegressionOptions;
  coef: number[];
  intercept: number;
  nIter: number;
  converged: boolean;
}

interface Fitted {
  options: ResolvedLogisticRegressionOptions;
  coef: Float64Array;
  intercept: number;
  nIter: number;
  converged: boolean;
}

const DEFAULTS: ResolvedLogisticRegressionOptions = { c: 1, maxIter: 100, tol: 1e-4, seed: 0 };

export class LogisticRegression {
  private state: Fitted | undefined;

  get coef(): Float64Array {
    return this.fitted('coef').coef;
  }

  get intercept(): number {
    return this.fitted('intercept').intercept;
  }

  /** Iterations the last fit took, and whether it met `tol` before `maxIter` (sklearn warns otherwise). */
  get nIter(): number {
    return this.fitted('nIter').nIter;
  }

  get converged(): boolean {
    return this.fitted('converged').converged;
  }

  get options(): ResolvedLogisticRegressionOptions {
    return { ...this.fitted('options').options };
  }

  fit(X: SparseMatrix, y: Uint8Array | readonly number[], opts?: LogisticRegressionOptions): this {
    const options = resolveOptions(opts, 'opts', 'invalid-argument');
    if (y.length !== X.nRows) throw new MlCoreError('shape-mismatch', 'y', `y holds ${y.length} labels but X has ${X.nRows} rows`);
    const labels = new Uint8Array(y.length);
    let positives = 0;
    for (let i = 0; i < y.length; i++) {
      const v = y[i];
      if (v !== 0 && v !== 1) throw new MlCoreError('invalid-argument', `y[${i}]`, `y[${i}] is ${v}: labels must be 0 or 1`);
      labels[i] = v;
      positives += v;
    }
    if (positives === 0 || positives === y.length) {
      throw new MlCoreError('single-class', 'y', `y holds only class ${positives === 0 ? 0 : 1} (${y.length} rows): logistic regression needs both classes`);
    }
    const x = new Float64Array(X.nCols + 1);
    const result = minimizeLbfgs(new LogisticLoss(X, labels, options.c), x, { maxIter: options.maxIter, tol: options.tol });
    this.state = { options, coef: x.slice(0, X.nCols), intercept: x[X.nCols] as number, nIter: result.nIter, converged: result.converged };
    return this;
  }

  /** Probability of class 1 for each row of X. */
  predictProba(X: SparseMatrix): Float64Array {
    const { coef, intercept } = this.fitted('predictProba');
    if (X.nCols !== coef.length) {
      throw new MlCoreError('shape-mismatch', 'X', `X has ${X.nCols} columns but the model was fitted on ${coef.length}: transform with the vectorizer fitted with this model`);
    }
    const out = X.multiply(coef, intercept);
    for (let r = 0; r < out.length; r++) out[r] = sigmoid(out[r] as number);
    return out;
  }

  toJSON(): LogisticRegressionJSON {
    const { options, coef, intercept, nIter, converged } = this.fitted('toJSON');
    return { format: FORMAT, version: VERSION, options: { ...options }, coef: Array.from(coef), intercept, nIter, converged };
  }

  /** Rebuilds a fitted model; a malformed object is an MlCoreError (`invalid-json`) naming the field. */
  static fromJSON(value: unknown): LogisticRegression {
    const obj = readObject(value, 'model');
    readHeader(obj, FORMAT, VERSION, 'model');
    const options = resolveOptions(obj.options ?? null, 'model.options', 'invalid-json');
    const coef = readNumberArray(obj.coef, 'model.coef');
    if (coef.length === 0) throw new MlCoreError('invalid-json', 'model.coef', 'model.coef is empty: the model has no features');
    const model = new LogisticRegression();
    model.state = {
      options,
      coef,
      intercept: readNumber(obj.intercept, 'model.intercept'),
      nIter: readNumber(obj.nIter, 'model.nIter', { integer: true, min: 0 }),
      converged: readBoolean(obj.converged, 'model.converged'),
    };
    return model;
  }

  private fitted(what: string): Fitted {
    if (this.state === undefined) throw new MlCoreError('not-fitted', what, `LogisticRegression.${what}: call fit() or fromJSON() first`);
    return this.state;
  }
}

function resolveOptions(value: unknown, root: string, kind: 'invalid-json' | 'invalid-argument'): ResolvedLogisticRegressionOptions {
  if (value === undefined) return { ...DEFAULTS };
  const opts = readObject(value, root, kind);
  const number = (key: keyof ResolvedLogisticRegressionOptions, check: NumberCheck): number =>
    opts[key] === undefined ? DEFAULTS[key] : readNumber(opts[key], `${root}.${key}`, check, kind);
  return { c: number('c', { above: 0 }), maxIter: number('maxIter', { integer: true, min: 1 }), tol: number('tol', { above: 0 }), seed: number('seed', { integer: true }) };
}
