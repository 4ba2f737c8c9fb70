/**
 * Inference only: the classifier's probabilities, then the business answer, a table
 * {label: positive | negative, probability (of positive)} with the decision `threshold`.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import { LogisticRegression, type LogisticRegressionJSON, type SparseMatrix } from '../../ml_core/index.js';
import { checkThreshold } from '../../threshold.js';

// The served model gets the same model object on every request: rebuild it once.
const models = new WeakMap<object, LogisticRegression>();

/** The probability that each review is positive. */
export function predictProbabilities(model: LogisticRegressionJSON, features: SparseMatrix): Float64Array {
  let fitted = models.get(model);
  if (fitted === undefined) {
    fitted = LogisticRegression.fromJSON(model);
    models.set(model, fitted);
  }
  return fitted.predictProba(features);
}

/** `positive` where the probability reaches the threshold, else `negative`; probabilities kept. */
export function labelPredictions(probabilities: Float64Array, threshold: number): ColumnTable {
  const cut = checkThreshold(threshold);
  const labels = Array.from(probabilities, (p) => (p >= cut ? 'positive' : 'negative'));
  return aq.table({ label: labels, probability: Array.from(probabilities) });
}
