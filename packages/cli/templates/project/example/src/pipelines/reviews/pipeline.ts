import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { cleanReviews, countWords, summariseReviews, vocabularySize } from './nodes.js';

export function createPipeline(): Pipeline {
  return pipeline([
    node(cleanReviews, ['reviews', 'params:cleaning'], 'clean_reviews', { name: 'clean', tags: ['preprocessing'] }),
    node(countWords, ['clean_reviews', 'params:cleaning.min_word_length'], 'word_counts', { name: 'count_words', tags: ['features'] }),
    node(summariseReviews, ['word_counts', 'params:top_words'], 'review_summary', { name: 'summarise', tags: ['reporting'] }),
    node(vocabularySize, 'word_counts', 'vocabulary_size', { name: 'measure', tags: ['reporting'] }),
  ]);
}
