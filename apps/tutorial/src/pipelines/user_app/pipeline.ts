import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { scoreReviews } from './nodes.js';

/** user_app: score data/01_raw/new_reviews.csv with the champion model of the registry. */
export function createPipeline(): Pipeline {
  return pipeline([node(scoreReviews, ['champion_model', 'new_reviews', 'params:user_app'], 'scored_reviews', { name: 'score_reviews' })]);
}
