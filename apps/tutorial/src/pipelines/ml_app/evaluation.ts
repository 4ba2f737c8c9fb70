/**
 * Training only: how the model does on the held-out reviews. The predictions come from the inference
 * nodes themselves (namespace `evaluation`), so the metrics measure what is served. The metrics go to
 * the MLflow run through MlflowMetricDataset entries, the pictures through MlflowArtifactDataset.
 */
import type { ColumnTable } from 'arquero';
import { classificationMetrics, confusionMatrix, confusionMatrixSvg, predictLabels, rocAuc, rocCurve, rocCurveSvg } from '../../ml_core/index.js';
import { labelClasses, sameRowCount } from '../../review-tables.js';
import { checkThreshold } from '../../threshold.js';

export interface EvaluationMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  roc_auc: number;
  /** How many held-out reviews the metrics are computed on. */
  test_reviews: number;
}

function truthAndProbabilities(labels: ColumnTable, predictions: ColumnTable): { yTrue: Uint8Array; proba: Float64Array } {
  const yTrue = labelClasses(labels, 'test_labels');
  const proba = Float64Array.from(predictions.array('probability') as ArrayLike<number>);
  sameRowCount({ rows: proba.length, dataset: 'test_instances' }, { rows: yTrue.length, dataset: 'test_labels' });
  return { yTrue, proba };
}

export function evaluateModel(labels: ColumnTable, predictions: ColumnTable, threshold: number): EvaluationMetrics {
  const { yTrue, proba } = truthAndProbabilities(labels, predictions);
  const m = classificationMetrics(yTrue, proba, checkThreshold(threshold));
  return { accuracy: m.accuracy, precision: m.precision, recall: m.recall, f1: m.f1, roc_auc: m.rocAuc, test_reviews: yTrue.length };
}

/** The confusion matrix at the threshold, as a standalone SVG (the MLflow UI shows it). */
export function plotConfusionMatrix(labels: ColumnTable, predictions: ColumnTable, threshold: number): string {
  const { yTrue, proba } = truthAndProbabilities(labels, predictions);
  const matrix = confusionMatrix(yTrue, predictLabels(proba, checkThreshold(threshold)));
  return confusionMatrixSvg(matrix, ['negative', 'positive'], `Confusion matrix: ${yTrue.length} held-out reviews, threshold ${threshold}`);
}

/** The ROC curve over every threshold, as a standalone SVG. */
export function plotRocCurve(labels: ColumnTable, predictions: ColumnTable): string {
  const { yTrue, proba } = truthAndProbabilities(labels, predictions);
  return rocCurveSvg(rocCurve(yTrue, proba), rocAuc(yTrue, proba), `ROC curve: ${yTrue.length} held-out reviews`);
}
