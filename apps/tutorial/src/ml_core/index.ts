// The tutorial's numeric core: text preparation, tf-idf, logistic regression, metrics and pictures.
// Plain TypeScript with no kedro types, so the pipeline nodes, the benchmark and the served model
// bundle all run the same code. See README.md for the API, the choices and the measured figures.
export { MlCoreError, type MlCoreErrorKind } from './ml-core-error.js';
export { cleanText, tokenize, removeStopWords, prepareTokens, prepareCorpus, englishStopWords } from './text.js';
export { SparseMatrix, type SparseValues } from './sparse-matrix.js';
export { TfidfVectorizer, type TfidfVectorizerJSON } from './tfidf-vectorizer.js';
export { DEFAULT_TFIDF_OPTIONS, type TfidfOptions, type NgramRange, type ResolvedTfidfOptions } from './tfidf-options.js';
export { LogisticRegression, type LogisticRegressionOptions, type LogisticRegressionJSON, type ResolvedLogisticRegressionOptions } from './logistic-regression.js';
export { classificationMetrics, confusionMatrix, predictLabels, type ClassificationMetrics } from './metrics.js';
export { rocCurve, rocAuc, type RocCurve } from './roc.js';
export type { Labels, Scores } from './labels.js';
export { confusionMatrixSvg } from './confusion-matrix-svg.js';
export { rocCurveSvg } from './roc-curve-svg.js';
export { escapeXml } from './svg.js';
export { trainTestSplit, type TrainTestSplit, type TrainTestSplitOptions } from './train-test-split.js';
export { SeededRandom } from './random.js';
