/** Training only: the classifier, fitted on the tf-idf features of the training reviews. */
import type { ColumnTable } from 'arquero';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { LogisticRegression, type LogisticRegressionJSON, type SparseMatrix } from '../../ml_core/index.js';
import { ParameterValueError } from '../../errors/parameter-value-error.js';
import { labelClasses, sameRowCount } from '../../review-tables.js';

const log = getLogger('imdb_sentiment.ml_app');

export interface ModelParams {
  c?: number;
  max_iter?: number;
  tol?: number;
  seed?: number;
}

function positive(key: string, value: unknown, integer = false): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new ParameterValueError({ key, value, expected: integer ? 'a positive integer' : 'a positive number' });
  }
  return value;
}

/** A logistic regression on the features; persisted as JSON, one version per training run. */
export function trainModel(features: SparseMatrix, labels: ColumnTable, params: ModelParams): LogisticRegressionJSON {
  const y = labelClasses(labels, 'labels');
  sameRowCount({ rows: features.nRows, dataset: 'instances' }, { rows: y.length, dataset: 'labels' });
  const model = new LogisticRegression().fit(features, y, {
    c: positive('model.c', params?.c),
    maxIter: positive('model.max_iter', params?.max_iter, true),
    tol: positive('model.tol', params?.tol),
    seed: params?.seed ?? 0,
  });
  const how = model.converged ? 'converged' : 'stopped at model.max_iter without converging (raise it)';
  log.info('Logistic regression on %d reviews × %d features: %s after %d iterations.', features.nRows, features.nCols, how, model.nIter);
  return model.toJSON();
}
