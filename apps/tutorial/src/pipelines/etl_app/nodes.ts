/**
 * etl_app: the raw IMDB reviews → the business objects the ML pipelines start from, `instances`
 * (one string column, `text`) and `labels` (one column, `label`), for training and for the held-out
 * evaluation; and the stop-word list that training and inference share.
 */
import type { ColumnTable } from 'arquero';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { englishStopWords, trainTestSplit } from '../../ml_core/index.js';
import { ParameterValueError } from '../../errors/parameter-value-error.js';
import { labelClasses, reviewTexts } from '../../review-tables.js';

const log = getLogger('imdb_sentiment.etl_app');

export interface StopWordParams {
  extra?: string[];
  keep?: string[];
}

function seedOf(seed: unknown): number {
  if (!Number.isInteger(seed)) throw new ParameterValueError({ key: 'etl.seed', value: seed, expected: 'an integer' });
  return seed as number;
}

/** Checks the table, then keeps `sampleSize` reviews drawn with the seed (all of them when null). */
export function sampleReviews(reviews: ColumnTable, sampleSize: number | null, seed: number): ColumnTable {
  reviewTexts(reviews, 'imdb_reviews');
  const classes = labelClasses(reviews, 'imdb_reviews');
  const n = reviews.numRows();
  if (sampleSize === null || sampleSize === undefined || sampleSize === n) return reviews;
  if (!Number.isInteger(sampleSize) || sampleSize < 2 || sampleSize > n) {
    throw new ParameterValueError({ key: 'etl.sample_size', value: sampleSize, expected: `null (all ${n} reviews) or an integer from 2 to ${n}` });
  }
  // Stratified: the subset keeps the source's share of positive reviews.
  const { test } = trainTestSplit(n, { seed: seedOf(seed), testSize: sampleSize, stratify: classes });
  log.info('Sampled %d of the %d reviews (seed %d).', sampleSize, n, seed);
  return reviews.reify(Array.from(test).sort((a, b) => a - b));
}

export interface SplitReviews {
  instances: ColumnTable;
  labels: ColumnTable;
  test_instances: ColumnTable;
  test_labels: ColumnTable;
}

/** The seeded, stratified train/test split, each side as `instances` ({text}) and `labels` ({label}). */
export function splitReviews(reviews: ColumnTable, testSize: number, seed: number): SplitReviews {
  if (typeof testSize !== 'number' || !(testSize > 0 && testSize < 1)) {
    throw new ParameterValueError({ key: 'etl.test_size', value: testSize, expected: 'a number between 0 and 1 (exclusive): the share of reviews held out' });
  }
  const n = reviews.numRows();
  const { train, test } = trainTestSplit(n, { seed: seedOf(seed), testSize, stratify: labelClasses(reviews, 'reviews') });
  const part = (rows: ArrayLike<number>): ColumnTable => reviews.reify(Array.from(rows));
  const trainRows = part(train);
  const testRows = part(test);
  log.info('Split %d reviews: %d for training, %d held out (seed %d).', n, trainRows.numRows(), testRows.numRows(), seed);
  return {
    instances: trainRows.select('text'),
    labels: trainRows.select('label'),
    test_instances: testRows.select('text'),
    test_labels: testRows.select('label'),
  };
}

/** The English stop-word list of the `stopword` package, with `extra` words added and `keep` words removed. */
export function exportStopWords(params: StopWordParams): string[] {
  const list = (key: string, value: unknown): string[] => {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value) || value.some((w) => typeof w !== 'string')) throw new ParameterValueError({ key, value, expected: 'a list of words' });
    return value.map((w: string) => w.toLowerCase());
  };
  const keep = new Set(list('etl.stop_words.keep', params?.keep));
  const words = new Set([...englishStopWords(), ...list('etl.stop_words.extra', params?.extra)]);
  return [...words].filter((w) => !keep.has(w)).sort();
}
