/** LogisticRegression: scikit-learn's lbfgs coefficients on a fixed problem, JSON round trip, typed errors. */
import { LogisticRegression, SparseMatrix } from '../../src/ml_core/index.js';
import { expectClose, expectMlCoreError, fixture } from './fixture.js';

const { X: dense, y, fits } = fixture.logistic;
const X = SparseMatrix.fromDense(dense);

describe('LogisticRegression against scikit-learn', () => {
  it.each(fits.map((f) => [f.c, f] as const))('C = %s: coefficients, intercept and probabilities agree', (_, f) => {
    const model = new LogisticRegression().fit(X, y, { c: f.c, tol: 1e-10, maxIter: 10000 });
    expect(model.converged).toBe(true);
    expectClose(model.coef, f.coef, 1e-6);
    expect(Math.abs(model.intercept - f.intercept)).toBeLessThan(1e-6);
    expectClose(model.predictProba(X), f.proba, 1e-7);
  });

  it('stops at the default tolerance close to the optimum, in few iterations', () => {
    const model = new LogisticRegression().fit(X, Uint8Array.from(y));
    expect(model.converged).toBe(true);
    expect(model.nIter).toBeLessThan(100);
    expectClose(model.coef, (fits[0] as { coef: number[] }).coef, 1e-2);
  });

  it('is identical on refit and for any seed (L-BFGS draws no random numbers)', () => {
    const a = new LogisticRegression().fit(X, y, { seed: 1 });
    const b = new LogisticRegression().fit(X, y, { seed: 999 });
    expect(Array.from(a.coef)).toEqual(Array.from(b.coef));
    expect(a.intercept).toBe(b.intercept);
  });
});

describe('LogisticRegression JSON', () => {
  const model = new LogisticRegression().fit(X, y, { c: 0.5 });

  it('round-trips through JSON text to identical probabilities', () => {
    const copy = LogisticRegression.fromJSON(JSON.parse(JSON.stringify(model)));
    expect(Array.from(copy.predictProba(X))).toEqual(Array.from(model.predictProba(X)));
    expect(copy.options).toEqual({ c: 0.5, maxIter: 100, tol: 1e-4, seed: 0 });
  });

  const bad: [string, (j: Record<string, unknown>) => unknown, string][] = [
    ['null', () => null, 'model'],
    ['another format', (j) => ({ ...j, format: 'kedro-mlflow-ts/tfidf-vectorizer' }), 'model.format'],
    ['a coefficient that is not a number', (j) => ({ ...j, coef: (j.coef as number[]).map((x, i) => (i === 4 ? null : x)) }), 'model.coef[4]'],
    ['no coefficients', (j) => ({ ...j, coef: [] }), 'model.coef'],
    ['a missing intercept', (j) => ({ ...j, intercept: undefined }), 'model.intercept'],
    ['a negative C', (j) => ({ ...j, options: { ...(j.options as object), c: -1 } }), 'model.options.c'],
    ['a converged flag that is not boolean', (j) => ({ ...j, converged: 'yes' }), 'model.converged'],
  ];
  it.each(bad)('rejects %s with an invalid-json error naming the field', (_, edit, field) => {
    const json = JSON.parse(JSON.stringify(model)) as Record<string, unknown>;
    expectMlCoreError(() => LogisticRegression.fromJSON(edit(json)), 'invalid-json', field);
  });
});

describe('LogisticRegression errors', () => {
  it('names a label that is not 0 or 1, and refuses a single class', () => {
    expectMlCoreError(() => new LogisticRegression().fit(X, y.map((v, i) => (i === 7 ? 2 : v))), 'invalid-argument', 'y[7]');
    expectMlCoreError(() => new LogisticRegression().fit(X, y.map(() => 1)), 'single-class', 'y');
  });

  it('refuses labels of another length and a matrix of another width', () => {
    expectMlCoreError(() => new LogisticRegression().fit(X, y.slice(1)), 'shape-mismatch', 'y');
    const model = new LogisticRegression().fit(X, y);
    expectMlCoreError(() => model.predictProba(SparseMatrix.fromDense([[1, 2]])), 'shape-mismatch', 'X');
  });

  it('names a bad option and refuses prediction before fit', () => {
    expectMlCoreError(() => new LogisticRegression().fit(X, y, { maxIter: 0 }), 'invalid-argument', 'opts.maxIter');
    expectMlCoreError(() => new LogisticRegression().fit(X, y, { tol: Number.NaN }), 'invalid-argument', 'opts.tol');
    expectMlCoreError(() => new LogisticRegression().predictProba(X), 'not-fitted', 'predictProba');
  });
});
