/**
 * The node functions of etl_app and ml_app on small tables, and the shape of the ml_app PipelineML:
 * what training and inference hold, what the model carries, and the typed errors of bad parameters
 * and bad data (each naming the parameter, or the dataset and field).
 */
import * as aq from 'arquero';
import { PipelineML } from '@kedro-mlflow/pipeline-ml';
import { InputDataError } from '../src/errors/input-data-error.js';
import { ParameterValueError } from '../src/errors/parameter-value-error.js';
import { exportStopWords, sampleReviews, splitReviews } from '../src/pipelines/etl_app/nodes.js';
import { createPipeline } from '../src/pipelines/ml_app/pipeline.js';
import { fitVectorizer, prepareText, vectorize } from '../src/pipelines/ml_app/preprocessing.js';
import { labelPredictions, predictProbabilities } from '../src/pipelines/ml_app/scoring.js';
import { checkThreshold } from '../src/threshold.js';
import { trainModel } from '../src/pipelines/ml_app/training.js';
import { evaluateModel, plotConfusionMatrix, plotRocCurve } from '../src/pipelines/ml_app/evaluation.js';

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

const GOOD = ['great wonderful film', 'wonderful acting, great story', 'a great and moving film', 'loved it, wonderful'];
const BAD = ['terrible boring film', 'boring and awful acting', 'an awful, terrible story', 'hated it, boring'];
const reviews = aq.table({
  text: [...GOOD, ...BAD].flatMap((t, i) => [t, `${t} ${i}`]),
  label: [...GOOD.map(() => 'positive'), ...BAD.map(() => 'negative')].flatMap((l) => [l, l]),
});

describe('etl_app', () => {
  it('sample_reviews: a seeded, stratified subset of the requested size; null keeps everything', () => {
    const sample = sampleReviews(reviews, 8, 7);
    expect(sample.numRows()).toBe(8);
    expect((sample.array('label') as string[]).filter((l) => l === 'positive')).toHaveLength(4);
    expect(sampleReviews(reviews, 8, 7).objects()).toEqual(sample.objects());
    expect(sampleReviews(reviews, 8, 8).objects()).not.toEqual(sample.objects());
    expect(sampleReviews(reviews, null, 7)).toBe(reviews);
  });

  it.each([[0], [1], [17], [2.5], ['5000']])('sample_reviews: sample_size %p is a ParameterValueError naming etl.sample_size', (size) => {
    const error = thrown(() => sampleReviews(reviews, size as number, 7));
    expect(ParameterValueError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'invalid-parameter', key: 'etl.sample_size', value: size });
  });

  it('split_reviews: disjoint instances/labels tables for training and evaluation, stratified', () => {
    const split = splitReviews(reviews, 0.5, 42);
    expect(split.instances.columnNames()).toEqual(['text']);
    expect(split.labels.columnNames()).toEqual(['label']);
    expect(split.test_instances.numRows()).toBe(8);
    expect(split.instances.numRows()).toBe(8);
    const texts = [...split.instances.array('text'), ...split.test_instances.array('text')];
    expect(new Set(texts).size).toBe(16);
    expect((split.test_labels.array('label') as string[]).filter((l) => l === 'positive')).toHaveLength(4);
    // Each text keeps its own label across the split.
    const labelOf = new Map(reviews.objects().map((r) => [(r as { text: string }).text, (r as { label: string }).label]));
    const testLabels = split.test_labels.array('label') as string[];
    (split.test_instances.array('text') as string[]).forEach((t, i) => expect(testLabels[i]).toBe(labelOf.get(t)));
  });

  it.each([[0], [1], [-0.2], [null]])('split_reviews: test_size %p is a ParameterValueError naming etl.test_size', (size) => {
    expect(thrown(() => splitReviews(reviews, size as number, 42))).toMatchObject({ key: 'etl.test_size' });
  });

  it('a table without a label column: InputDataError naming the dataset and the column', () => {
    const error = thrown(() => sampleReviews(aq.table({ text: ['a', 'b'] }), null, 1));
    expect(InputDataError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'missing-column', dataset: 'imdb_reviews', field: 'label' });
  });

  it('export_stop_words: the English list, with extra words added and kept words removed', () => {
    const words = exportStopWords({ extra: ['Movie'], keep: ['very'] });
    expect(words).toEqual(expect.arrayContaining(['the', 'and', 'movie']));
    expect(words).not.toContain('very');
    expect(exportStopWords({})).toContain('very');
    expect(thrown(() => exportStopWords({ extra: 'movie' as unknown as string[] }))).toMatchObject({ key: 'etl.stop_words.extra' });
  });
});

describe('ml_app nodes', () => {
  const stopWords = ['a', 'and', 'it', 'an'];

  it('prepare_text: lower case, no <br />, no punctuation, no stop words', () => {
    expect(prepareText(aq.table({ text: ['It was GREAT!<br /><br />A must-see, and fun.'] }), stopWords)).toEqual([['was', 'great', 'must', 'see', 'fun']]);
  });

  it('prepare_text: instances without a text column, or a stop-word list that is no list, are InputDataErrors', () => {
    expect(thrown(() => prepareText(aq.table({ review: ['x'] }), stopWords))).toMatchObject({ kind: 'missing-column', dataset: 'instances', field: 'text' });
    expect(thrown(() => prepareText(aq.table({ text: [null] }), stopWords))).toMatchObject({ kind: 'bad-value', dataset: 'instances', field: 'text', row: 0 });
    expect(thrown(() => prepareText(aq.table({ text: ['x'] }), ['ok', 3] as unknown as string[]))).toMatchObject({ kind: 'bad-value', dataset: 'stop_words', field: '[1]' });
  });

  it('fit → vectorize → train → predict → label: the nodes chained by hand give the table users get', () => {
    const split = splitReviews(reviews, 0.25, 3);
    const tokens = prepareText(split.instances, stopWords);
    const vectorizer = fitVectorizer(tokens, { max_features: 50, sublinear_tf: true });
    const model = trainModel(vectorize(tokens, vectorizer), split.labels, { c: 10, max_iter: 100, tol: 1e-6, seed: 1 });
    const test = aq.table({ text: ['a wonderful, great film', 'an awful and boring film'] });
    const predictions = labelPredictions(predictProbabilities(model, vectorize(prepareText(test, stopWords), vectorizer)), 0.5);
    expect(predictions.columnNames()).toEqual(['label', 'probability']);
    expect(predictions.array('label')).toEqual(['positive', 'negative']);
    const [p, q] = predictions.array('probability') as number[];
    expect(p).toBeGreaterThan(0.5);
    expect(q).toBeLessThan(0.5);
    // The vectorizer and the model are JSON (what the catalog's JSONDataset entries persist).
    expect(JSON.parse(JSON.stringify(model))).toEqual(model);
    expect(JSON.parse(JSON.stringify(vectorizer))).toEqual(vectorizer);
  });

  it('train_model: labels of another length, or not a sentiment, are InputDataErrors; a bad c a ParameterValueError', () => {
    const tokens = prepareText(reviews, stopWords);
    const vectorizer = fitVectorizer(tokens, {});
    const features = vectorize(tokens, vectorizer);
    expect(thrown(() => trainModel(features, aq.table({ label: ['positive'] }), {}))).toMatchObject({ kind: 'row-count', dataset: 'labels' });
    const odd = aq.table({ label: (reviews.array('label') as string[]).map((l, i) => (i === 3 ? 'meh' : l)) });
    expect(thrown(() => trainModel(features, odd, {}))).toMatchObject({ kind: 'bad-value', dataset: 'labels', field: 'label', row: 3 });
    expect(thrown(() => trainModel(features, reviews.select('label'), { c: -1 }))).toMatchObject({ key: 'model.c', value: -1 });
    expect(thrown(() => fitVectorizer(tokens, { max_features: 0 }))).toMatchObject({ key: 'vectorizer.max_features' });
  });

  it.each([[1.5], [-0.1], [Number.NaN], ['0.5'], [null]])('a threshold of %p is a ParameterValueError naming threshold', (threshold) => {
    const error = thrown(() => labelPredictions(Float64Array.of(0.2, 0.8), threshold as number));
    expect(ParameterValueError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'invalid-parameter', key: 'threshold', expected: 'a number between 0 and 1' });
    expect((error as Error).message).toContain("Parameter 'threshold' must be a number between 0 and 1");
    expect(thrown(() => checkThreshold(threshold, 'user_app.threshold'))).toMatchObject({ key: 'user_app.threshold' });
  });

  it('the threshold decides the label; 0 and 1 are allowed', () => {
    const probabilities = Float64Array.of(0.2, 0.5, 0.8, 1);
    expect(labelPredictions(probabilities, 0.5).array('label')).toEqual(['negative', 'positive', 'positive', 'positive']);
    expect(labelPredictions(probabilities, 0).array('label')).toEqual(['positive', 'positive', 'positive', 'positive']);
    expect(labelPredictions(probabilities, 1).array('label')).toEqual(['negative', 'negative', 'negative', 'positive']);
  });

  it('evaluate and the pictures: metrics of the predictions against the held-out labels, SVG documents', () => {
    const labels = aq.table({ label: ['positive', 'negative', 'positive', 'negative'] });
    const predictions = labelPredictions(Float64Array.of(0.9, 0.2, 0.4, 0.6), 0.5);
    expect(evaluateModel(labels, predictions, 0.5)).toEqual({ accuracy: 0.5, precision: 0.5, recall: 0.5, f1: 0.5, roc_auc: 0.75, test_reviews: 4 });
    expect(plotConfusionMatrix(labels, predictions, 0.5)).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(plotRocCurve(labels, predictions)).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
    expect(thrown(() => evaluateModel(labels.slice(0, 3), predictions, 0.5))).toMatchObject({ kind: 'row-count', dataset: 'test_labels' });
  });
});

describe('the ml_app PipelineML', () => {
  const ml = createPipeline();
  const names = (nodes: ReadonlyArray<{ name: string }>): string[] => nodes.map((n) => n.name).sort();

  it('binds the training-tagged nodes to the inference-tagged ones, on the input instances', () => {
    expect(PipelineML.isInstance(ml)).toBe(true);
    expect(ml.inputName).toBe('instances');
    expect(names(ml.inference.nodes)).toEqual(['label', 'predict', 'prepare_text', 'vectorize']);
    expect(names(ml.nodes)).toEqual([
      'evaluate',
      'evaluation.label',
      'evaluation.predict',
      'evaluation.prepare_text',
      'evaluation.vectorize',
      'fit_vectorizer',
      'plot_confusion_matrix',
      'plot_roc_curve',
      'prepare_text',
      'train_model',
      'vectorize',
    ]);
  });

  it('the model carries the stop words, the vectorizer and the model, and takes threshold as a parameter', () => {
    expect([...ml.inference.inputs()].sort()).toEqual(['instances', 'model', 'params:threshold', 'stop_words', 'vectorizer']);
    expect([...ml.inference.outputs()]).toEqual(['predictions']);
    expect(ml.logModelKwargs).toMatchObject({ registeredModelName: 'imdb_sentiment', registeredModelAliases: ['champion'] });
    // Evaluation runs the inference nodes on the held-out reviews, as part of training.
    expect([...ml.inputs()].sort()).toEqual(['instances', 'labels', 'params:model', 'params:threshold', 'params:vectorizer', 'stop_words', 'test_instances', 'test_labels']);
  });
});
