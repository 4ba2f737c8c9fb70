// The options of TfidfVectorizer.fit, checked once: a wrong value is a typed error naming the option.
import { MlCoreError } from './ml-core-error.js';
import { readBoolean, readNumber, readObject, type FieldKind, type NumberCheck } from './json-fields.js';

export type NgramRange = [1, 1] | [1, 2];

export interface TfidfOptions {
  /** Keep the `maxFeatures` terms most frequent over the corpus (default 20,000). */
  maxFeatures?: number;
  /** tf = 1 + ln(count) instead of the raw count (default true). */
  sublinearTf?: boolean;
  /** Drop terms in fewer documents: an integer count ≥ 1, or a proportion in (0, 1) (default 1). */
  minDf?: number;
  /** Unigrams ([1, 1], the default) or unigrams and bigrams ([1, 2]). */
  ngramRange?: NgramRange;
}

export type ResolvedTfidfOptions = Required<TfidfOptions>;

export const DEFAULT_TFIDF_OPTIONS: Readonly<ResolvedTfidfOptions> = Object.freeze({ maxFeatures: 20000, sublinearTf: true, minDf: 1, ngramRange: Object.freeze([1, 1]) as NgramRange });

/** Fills defaults and checks each option; `root` prefixes the field names (`opts`, `vectorizer.options`). */
export function resolveTfidfOptions(value: unknown, root: string, kind: FieldKind): ResolvedTfidfOptions {
  if (value === undefined) return { ...DEFAULT_TFIDF_OPTIONS, ngramRange: [1, 1] };
  const opts = readObject(value, root, kind);
  const number = (key: string, check: NumberCheck) => (opts[key] === undefined ? undefined : readNumber(opts[key], `${root}.${key}`, check, kind));
  const maxFeatures = number('maxFeatures', { integer: true, min: 1 }) ?? DEFAULT_TFIDF_OPTIONS.maxFeatures;
  const minDf = number('minDf', { above: 0 }) ?? DEFAULT_TFIDF_OPTIONS.minDf;
  if (minDf >= 1 && !Number.isInteger(minDf)) {
    throw new MlCoreError(kind, `${root}.minDf`, `${root}.minDf must be an integer document count ≥ 1 or a proportion in (0, 1) (got ${minDf})`);
  }
  const sublinearTf = opts.sublinearTf === undefined ? DEFAULT_TFIDF_OPTIONS.sublinearTf : readBoolean(opts.sublinearTf, `${root}.sublinearTf`, kind);
  const range = opts.ngramRange;
  let ngramRange: NgramRange = [1, 1];
  if (range !== undefined) {
    if (!Array.isArray(range) || range.length !== 2 || range[0] !== 1 || (range[1] !== 1 && range[1] !== 2)) {
      throw new MlCoreError(kind, `${root}.ngramRange`, `${root}.ngramRange must be [1, 1] or [1, 2] (got ${JSON.stringify(range)})`);
    }
    ngramRange = [1, range[1]];
  }
  return { maxFeatures, sublinearTf, minDf, ngramRange };
}
