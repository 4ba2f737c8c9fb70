// One training run of ml_core on the full IMDB data, in its own process (clean peak RSS):
// argv = <bundled ml_core> <reviews.json> <split file to write> <repeat>. Prints one JSON line.
import { readFileSync, writeFileSync } from 'node:fs';

const [bundle, reviewsPath, splitPath, repeatArg] = process.argv.slice(2);
const ml = await import(bundle);
const repeat = Number(repeatArg ?? 1);

const reviews = JSON.parse(readFileSync(reviewsPath, 'utf8'));
const labels = Uint8Array.from(reviews, (r) => r.s);
// The tutorial's etl_app split: seed 42, half held out, stratified by label.
const { train, test } = ml.trainTestSplit(reviews.length, { seed: 42, testSize: 0.5, stratify: labels });
writeFileSync(splitPath, JSON.stringify({ train: Array.from(train), test: Array.from(test) }));
const trainTexts = Array.from(train, (i) => reviews[i].t);
const testTexts = Array.from(test, (i) => reviews[i].t);
const yTrain = Array.from(train, (i) => labels[i]);
const yTest = Array.from(test, (i) => labels[i]);
const stopWords = new Set(ml.englishStopWords());

const ms = (t0) => performance.now() - t0;
const runs = [];
let result;
for (let r = 0; r < repeat; r++) {
  let t0 = performance.now();
  const docs = ml.prepareCorpus(trainTexts, stopWords);
  const prepare = ms(t0);
  t0 = performance.now();
  const vectorizer = new ml.TfidfVectorizer();
  const X = vectorizer.fitTransform(docs, { maxFeatures: 20000, sublinearTf: true });
  const tfidf = ms(t0);
  t0 = performance.now();
  const model = new ml.LogisticRegression().fit(X, yTrain, { c: 1, maxIter: 100, tol: 1e-4 });
  const logistic = ms(t0);
  t0 = performance.now();
  const proba = model.predictProba(vectorizer.transform(ml.prepareCorpus(testTexts, stopWords)));
  const predict = ms(t0);
  const metrics = ml.classificationMetrics(yTest, proba);
  runs.push({ prepare, tfidf, logistic, fit: prepare + tfidf + logistic, predict });
  result = { accuracy: metrics.accuracy, rocAuc: metrics.rocAuc, nIter: model.nIter, converged: model.converged, nnz: X.nnz, features: X.nCols };
}
const median = (key) => runs.map((x) => x[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
console.log(JSON.stringify({
  ...result,
  prepare_s: median('prepare') / 1000,
  tfidf_s: median('tfidf') / 1000,
  logistic_s: median('logistic') / 1000,
  fit_s: median('fit') / 1000,
  predict_s: median('predict') / 1000,
  max_rss_mb: process.resourceUsage().maxRSS / 1024,
  train: train.length,
  test: test.length,
}));
