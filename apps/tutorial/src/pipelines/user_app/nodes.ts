/**
 * user_app: what a consumer of the model does. It knows nothing of tf-idf or stop words: it loads
 * the registered model `imdb_sentiment` at alias `champion` (MlflowModelRegistryDataset) and asks it
 * about new reviews, as it would ask the served model over HTTP.
 */
import * as aq from 'arquero';
import type { ColumnTable } from 'arquero';
import type { LoadedPipelineModel } from '@kedro-mlflow/pipeline-ml';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { reviewTexts } from '../../review-tables.js';
import { checkThreshold } from '../../threshold.js';

const log = getLogger('imdb_sentiment.user_app');

export interface UserAppParams {
  /** null: the model's own default, the threshold it was trained with. */
  threshold?: number | null;
}

/** The new reviews with the model's answer: text, label, probability. */
export async function scoreReviews(model: LoadedPipelineModel, reviews: ColumnTable, params: UserAppParams): Promise<ColumnTable> {
  const texts = reviewTexts(reviews, 'new_reviews');
  const threshold = params?.threshold ?? undefined;
  const predictParams = threshold === undefined ? {} : { threshold: checkThreshold(threshold, 'user_app.threshold') };
  const predictions = (await model.predict(aq.table({ text: texts }), predictParams)) as ColumnTable;
  const { modelUri, runId } = model.metadata;
  log.info('Scored %d reviews with %s (trained by run %s).', texts.length, modelUri ?? 'the model', runId ?? 'unknown');
  return aq.table({ text: texts, label: predictions.array('label'), probability: predictions.array('probability') });
}
