/**
 * ml_app: training and inference as the tagged parts of ONE pipeline, bound with pipelineMlFactory.
 *
 *   instances, stop_words ─ prepare_text ─ tokens ─┬─ fit_vectorizer ─ vectorizer             [training]
 *                                                  └─ vectorize ─ features ─┬─ train_model ─ model  [training]
 *                                                                           └─ predict ─ label ─ predictions
 *   prepare_text and vectorize are tagged training AND inference; predict and label inference only.
 *   evaluation.*: the inference nodes again, on test_instances, then the metrics and pictures [training].
 *
 * The nodes tagged `inference` are what the MLflow hook logs as the model after each training run,
 * with the files they read (stop_words, vectorizer, model) as artifacts; `registeredModelName` and
 * `registeredModelAliases` make it the `champion` version of the registered model `imdb_sentiment`.
 */
import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory, type PipelineML } from '@kedro-mlflow/pipeline-ml';
import { evaluateModel, plotConfusionMatrix, plotRocCurve } from './evaluation.js';
import { fitVectorizer, prepareText, vectorize } from './preprocessing.js';
import { labelPredictions, predictProbabilities } from './scoring.js';
import { trainModel } from './training.js';

/** The registered model every training run adds a version to (user_app's catalog loads it). */
export const REGISTERED_MODEL_NAME = 'imdb_sentiment';
/** The alias the new version gets: what `models:/imdb_sentiment@champion` resolves to. */
export const CHAMPION_ALIAS = 'champion';

/** Review text → features: the part training and inference share. */
function preprocessing(): Pipeline {
  return pipeline([
    node(prepareText, ['instances', 'stop_words'], 'tokens', { name: 'prepare_text' }),
    node(vectorize, ['tokens', 'vectorizer'], 'features', { name: 'vectorize' }),
  ]);
}

/** Features → the answer served to users: {label, probability}. */
function scoring(): Pipeline {
  return pipeline([
    node(predictProbabilities, ['model', 'features'], 'probabilities', { name: 'predict' }),
    node(labelPredictions, ['probabilities', 'params:threshold'], 'predictions', { name: 'label' }),
  ]);
}

/** The inference nodes run again, under the namespace `evaluation`, on the held-out reviews. */
function evaluation(): Pipeline {
  const heldOut = pipeline([preprocessing(), scoring()], {
    namespace: 'evaluation',
    inputs: { instances: 'test_instances', stop_words: 'stop_words', vectorizer: 'vectorizer', model: 'model' },
    outputs: { predictions: 'test_predictions' },
    parameters: { threshold: 'threshold' },
  });
  return pipeline([
    heldOut,
    node(evaluateModel, ['test_labels', 'test_predictions', 'params:threshold'], { accuracy: 'accuracy', precision: 'precision', recall: 'recall', f1: 'f1', roc_auc: 'roc_auc', test_reviews: 'test_reviews' }, { name: 'evaluate' }),
    node(plotConfusionMatrix, ['test_labels', 'test_predictions', 'params:threshold'], 'confusion_matrix', { name: 'plot_confusion_matrix' }),
    node(plotRocCurve, ['test_labels', 'test_predictions'], 'roc_curve', { name: 'plot_roc_curve' }),
  ]);
}

/** The whole ml_app pipeline, each node tagged `training`, `inference` or both. */
export function createMlPipeline(): Pipeline {
  return pipeline([
    preprocessing().tag(['training', 'inference']),
    pipeline([
      node(fitVectorizer, ['tokens', 'params:vectorizer'], 'vectorizer', { name: 'fit_vectorizer' }),
      node(trainModel, ['features', 'labels', 'params:model'], 'model', { name: 'train_model' }),
    ]).tag('training'),
    scoring().tag('inference'),
    evaluation().tag('training'),
  ]);
}

export function createPipeline(): PipelineML {
  const ml = createMlPipeline();
  return pipelineMlFactory({
    training: ml.onlyNodesWithTags('training'),
    inference: ml.onlyNodesWithTags('inference'),
    inputName: 'instances',
    // The served model hands the same fitted objects to every request instead of copying them.
    kpmKwargs: { copyMode: 'assign' },
    logModelKwargs: {
      name: 'model',
      registeredModelName: REGISTERED_MODEL_NAME,
      registeredModelAliases: [CHAMPION_ALIAS],
      inputExample: [{ text: 'A warm, funny film with a wonderful cast. I loved every minute of it.' }],
    },
  });
}
