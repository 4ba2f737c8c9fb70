// The stored scikit-learn numbers (fixtures/sklearn.json, made by fixtures/make_sklearn_fixture.py)
// and a helper that expects an MlCoreError of a given kind and field.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MlCoreError, type MlCoreErrorKind } from '../../src/ml_core/index.js';

export interface SklearnFixture {
  sklearn: string;
  corpus: string[];
  heldOut: string[];
  tfidf: { options: Record<string, unknown>; vocabulary: string[]; idf: number[]; fitTransform: number[][]; transform: number[][] }[];
  logistic: { X: number[][]; y: number[]; fits: { c: number; coef: number[]; intercept: number; proba: number[] }[] };
  metrics: {
    y: number[];
    proba: number[];
    precision: number;
    recall: number;
    f1: number;
    accuracy: number;
    rocAuc: number;
    roc: { fpr: number[]; tpr: number[]; thresholds: (number | null)[] };
  };
}

export const fixture = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'sklearn.json'), 'utf8')) as SklearnFixture;

/** Documents of the fixture as the tokens scikit-learn saw (it split them on spaces). */
export const tokens = (docs: string[]): string[][] => docs.map((d) => (d === '' ? [] : d.split(' ')));

export function expectMlCoreError(run: () => unknown, kind: MlCoreErrorKind, field: string): MlCoreError {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  if (!MlCoreError.isInstance(caught)) throw new Error(`expected an MlCoreError (${kind}, ${field}), got ${String(caught)}`);
  expect({ kind: caught.kind, field: caught.field }).toEqual({ kind, field });
  expect(caught.message).toContain(field.split('[')[0] as string);
  return caught;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tolerance: number): void {
  expect(actual.length).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const diff = Math.abs((actual[i] as number) - (expected[i] as number));
    if (!(diff <= tolerance)) throw new Error(`value ${i}: ${actual[i]} vs expected ${expected[i]} (|diff| ${diff} > ${tolerance})`);
  }
}
