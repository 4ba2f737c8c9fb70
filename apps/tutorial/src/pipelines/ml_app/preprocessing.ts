/**
 * The text preparation of ml_app: nodes tagged both `training` and `inference`, so a review is turned
 * into features by the very same functions when the model is fitted and when it is served.
 */
import type { ColumnTable } from 'arquero';
import { prepareTokens, TfidfVectorizer, type SparseMatrix, type TfidfVectorizerJSON } from '../../ml_core/index.js';
import { InputDataError } from '../../errors/input-data-error.js';
import { ParameterValueError } from '../../errors/parameter-value-error.js';
import { reviewTexts } from '../../review-tables.js';

export interface VectorizerParams {
  max_features?: number;
  sublinear_tf?: boolean;
}

// A served model gets the same stop-word list object on every request (copy mode `assign`): build
// its Set once per list rather than once per request.
const stopWordSets = new WeakMap<readonly string[], ReadonlySet<string>>();

function stopWordSet(stopWords: readonly string[]): ReadonlySet<string> {
  let set = stopWordSets.get(stopWords);
  if (set === undefined) {
    if (!Array.isArray(stopWords)) {
      throw new InputDataError({ kind: 'bad-value', dataset: 'stop_words', field: '', message: `'stop_words' must be a list of words, got ${typeof stopWords}: run etl_app again.` });
    }
    stopWords.forEach((word, i) => {
      if (typeof word !== 'string') {
        throw new InputDataError({ kind: 'bad-value', dataset: 'stop_words', field: `[${i}]`, message: `'stop_words' item [${i}] is ${JSON.stringify(word)}, not a word.` });
      }
    });
    set = new Set(stopWords);
    stopWordSets.set(stopWords, set);
  }
  return set;
}

/**
 * Each review's words: lower case, `<br />` and punctuation removed, split into words, without the
 * words of the persisted stop-word list (an artifact of the model) — in one pass over the text.
 */
export function prepareText(instances: ColumnTable, stopWords: string[]): string[][] {
  const set = stopWordSet(stopWords);
  return reviewTexts(instances, 'instances').map((text) => prepareTokens(text, set));
}

/** Training only: learns the vocabulary and idf weights; persisted as JSON (data/06_models/vectorizer.json). */
export function fitVectorizer(tokens: string[][], params: VectorizerParams): TfidfVectorizerJSON {
  const maxFeatures = params?.max_features ?? 20_000;
  if (!Number.isInteger(maxFeatures) || maxFeatures < 1) throw new ParameterValueError({ key: 'vectorizer.max_features', value: maxFeatures, expected: 'a positive integer' });
  const sublinearTf = params?.sublinear_tf ?? true;
  if (typeof sublinearTf !== 'boolean') throw new ParameterValueError({ key: 'vectorizer.sublinear_tf', value: sublinearTf, expected: 'true or false' });
  return new TfidfVectorizer().fit(tokens, { maxFeatures, sublinearTf }).toJSON();
}

// As for the stop words: one rebuilt vectorizer per persisted object, not one per request.
const vectorizers = new WeakMap<object, TfidfVectorizer>();

/** The tf-idf features of the reviews, with the fitted vectorizer. */
export function vectorize(tokens: string[][], vectorizer: TfidfVectorizerJSON): SparseMatrix {
  let fitted = vectorizers.get(vectorizer);
  if (fitted === undefined) {
    fitted = TfidfVectorizer.fromJSON(vectorizer);
    vectorizers.set(vectorizer, fitted);
  }
  return fitted.transform(tokens);
}
