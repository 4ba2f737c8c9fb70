// Binary classification metrics with scikit-learn's definitions (positive class = 1; a precision
// or recall whose denominator is zero is 0, sklearn's zero_division default after its warning).
import { MlCoreError } from './ml-core-error.js';
import { checkBinaryLabels, checkSameLength, checkScores, type Labels, type Scores } from './labels.js';
import { rocAuc } from './roc.js';

export interface ClassificationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  rocAuc: number;
}

/**
 * Counts by true label (rows) and predicted label (columns), labels 0 … k−1 where k is the largest
 * label seen + 1 (at least 2): for a binary problem [[tn, fp], [fn, tp]], as sklearn's confusion_matrix.
 */
export function confusionMatrix(yTrue: Labels, yPred: Labels): number[][] {
  checkSameLength(yTrue, 'yTrue', yPred, 'yPred');
  let k = 2;
  const check = (labels: Labels, field: string): void => {
    for (let i = 0; i < labels.length; i++) {
      const v = labels[i] as number;
      if (!Number.isInteger(v) || v < 0) throw new MlCoreError('invalid-argument', `${field}[${i}]`, `${field}[${i}] is ${v}: labels must be integers 0, 1, …`);
      k = Math.max(k, v + 1);
    }
  };
  check(yTrue, 'yTrue');
  check(yPred, 'yPred');
  const matrix = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = matrix[yTrue[i] as number] as number[];
    row[yPred[i] as number] = (row[yPred[i] as number] as number) + 1;
  }
  return matrix;
}

/** Class 1 where proba ≥ threshold. */
export function predictLabels(proba: Scores, threshold = 0.5): Uint8Array {
  checkThreshold(threshold);
  checkScores(proba, 'proba');
  const out = new Uint8Array(proba.length);
  for (let i = 0; i < proba.length; i++) out[i] = (proba[i] as number) >= threshold ? 1 : 0;
  return out;
}

export function classificationMetrics(yTrue: Labels, proba: Scores, threshold = 0.5): ClassificationMetrics {
  checkSameLength(yTrue, 'yTrue', proba, 'proba');
  checkBinaryLabels(yTrue, 'yTrue');
  const yPred = predictLabels(proba, threshold);
  const [[tn, fp], [fn, tp]] = confusionMatrix(yTrue, yPred) as [[number, number], [number, number]];
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b);
  const precision = ratio(tp, tp + fp);
  const recall = ratio(tp, tp + fn);
  return {
    accuracy: (tp + tn) / yTrue.length,
    precision,
    recall,
    f1: ratio(2 * tp, 2 * tp + fp + fn),
    rocAuc: rocAuc(yTrue, proba),
  };
}

function checkThreshold(threshold: number): void {
  if (typeof threshold !== 'number' || !(threshold >= 0 && threshold <= 1)) {
    throw new MlCoreError('invalid-argument', 'threshold', `threshold must be a number in [0, 1] (got ${threshold})`);
  }
}
