// Tf-idf with scikit-learn's TfidfVectorizer semantics (norm='l2', use_idf, smooth_idf), so its
// accuracy is comparable: idf(t) = ln((1 + n) / (1 + df(t))) + 1, tf = count or 1 + ln(count), each
// row scaled to unit Euclidean length. Columns are the kept terms in code-unit order, like sklearn's
// sorted vocabulary. Documents come in tokenised (cleanText → tokenize → removeStopWords) so training
// and inference share one text preparation that the pipeline persists.
import { MlCoreError } from './ml-core-error.js';
import { readArray, readHeader, readNumber, readNumberArray, readObject } from './json-fields.js';
import { SparseMatrix } from './sparse-matrix.js';
import { resolveTfidfOptions, type ResolvedTfidfOptions, type TfidfOptions } from './tfidf-options.js';
import { countTerms, selectFeatures } from './term-counts.js';

const FORMAT = 'kedro-mlflow-ts/tfidf-vectorizer';
// 1 + ln(count) for the counts most terms have in a review: a table read instead of a log call.
const SUBLINEAR = Float64Array.from({ length: 256 }, (_, count) => 1 + Math.log(count));
const VERSION = 1;

/** What `toJSON()` returns and `fromJSON()` accepts: plain JSON, the vocabulary in column order. */
export interface TfidfVectorizerJSON {
  format: typeof FORMAT;
  version: typeof VERSION;
  options: ResolvedTfidfOptions;
  nDocuments: number;
  vocabulary: string[];
  idf: number[];
}

interface Fitted {
  options: ResolvedTfidfOptions;
  nDocuments: number;
  terms: string[];
  index: Map<string, number>;
  idf: Float64Array;
}

export class TfidfVectorizer {
  private state: Fitted | undefined;

  get isFitted(): boolean {
    return this.state !== undefined;
  }

  /** The terms of the columns, in column order. */
  get vocabulary(): readonly string[] {
    return this.fitted('vocabulary').terms;
  }

  get idf(): Float64Array {
    return this.fitted('idf').idf;
  }

  get options(): ResolvedTfidfOptions {
    return { ...this.fitted('options').options };
  }

  fit(docs: readonly (readonly string[])[], opts?: TfidfOptions): this {
    this.fitTransformInternal(docs, opts, false);
    return this;
  }

  /** fit then transform of the same documents, hashing each token once. */
  fitTransform(docs: readonly (readonly string[])[], opts?: TfidfOptions): SparseMatrix {
    return this.fitTransformInternal(docs, opts, true) as SparseMatrix;
  }

  transform(docs: readonly (readonly string[])[]): SparseMatrix {
    const { index, options } = this.fitted('transform');
    checkDocs(docs);
    const bigrams = options.ngramRange[1] === 2;
    let bound = 0;
    for (const doc of docs) bound += bigrams ? Math.max(0, 2 * doc.length - 1) : doc.length;
    const ids = new Int32Array(bound);
    const offsets = new Int32Array(docs.length + 1);
    let n = 0;
    for (let d = 0; d < docs.length; d++) {
      const doc = docs[d] as readonly string[];
      for (let i = 0; i < doc.length; i++) {
        const unigram = index.get(doc[i] as string);
        if (unigram !== undefined) ids[n++] = unigram;
        if (bigrams && i + 1 < doc.length) {
          const bigram = index.get(`${doc[i]} ${doc[i + 1]}`);
          if (bigram !== undefined) ids[n++] = bigram;
        }
      }
      offsets[d + 1] = n;
    }
    return this.weigh(ids, offsets);
  }

  toJSON(): TfidfVectorizerJSON {
    const { options, nDocuments, terms, idf } = this.fitted('toJSON');
    return { format: FORMAT, version: VERSION, options: { ...options, ngramRange: [...options.ngramRange] as ResolvedTfidfOptions['ngramRange'] }, nDocuments, vocabulary: [...terms], idf: Array.from(idf) };
  }

  /** Rebuilds a fitted vectorizer; a malformed object is an MlCoreError (`invalid-json`) naming the field. */
  static fromJSON(value: unknown): TfidfVectorizer {
    const obj = readObject(value, 'vectorizer');
    readHeader(obj, FORMAT, VERSION, 'vectorizer');
    const options = resolveTfidfOptions(obj.options ?? null, 'vectorizer.options', 'invalid-json');
    const nDocuments = readNumber(obj.nDocuments, 'vectorizer.nDocuments', { integer: true, min: 1 });
    const terms = readArray(obj.vocabulary, 'vectorizer.vocabulary');
    const index = new Map<string, number>();
    terms.forEach((term, i) => {
      const field = `vectorizer.vocabulary[${i}]`;
      if (typeof term !== 'string' || term === '') throw new MlCoreError('invalid-json', field, `${field} must be a non-empty string (got ${JSON.stringify(term)})`);
      if (index.has(term)) throw new MlCoreError('invalid-json', field, `${field} repeats the term "${term}" of vectorizer.vocabulary[${index.get(term)}]; each term names one column`);
      index.set(term, i);
    });
    // Smooth idf is ln((1 + n) / (1 + df)) + 1 with 1 ≤ df ≤ n: it lies in [1, ln((1 + n) / 2) + 1].
    const idf = readNumberArray(obj.idf, 'vectorizer.idf', { length: terms.length, min: 1, max: Math.log((1 + nDocuments) / 2) + 1 + 1e-9 });
    const vectorizer = new TfidfVectorizer();
    vectorizer.state = { options, nDocuments, terms: terms as string[], index, idf };
    return vectorizer;
  }

  private fitTransformInternal(docs: readonly (readonly string[])[], opts: TfidfOptions | undefined, wantMatrix: boolean): SparseMatrix | undefined {
    const options = resolveTfidfOptions(opts, 'opts', 'invalid-argument');
    checkDocs(docs);
    if (docs.length === 0) throw new MlCoreError('invalid-argument', 'docs', 'docs is empty: TfidfVectorizer.fit needs at least one document');
    const counts = countTerms(docs, options.ngramRange[1] === 2);
    const minDocs = options.minDf < 1 ? Math.ceil(options.minDf * docs.length) : options.minDf;
    const { terms, columnOf } = selectFeatures(counts, minDocs, options.maxFeatures);
    if (terms.length === 0) {
      throw new MlCoreError('invalid-argument', 'opts.minDf', `no term appears in ${minDocs} or more of the ${docs.length} documents: lower opts.minDf or pass non-empty documents`);
    }
    const idf = new Float64Array(terms.length);
    for (let id = 0; id < columnOf.length; id++) {
      const column = columnOf[id] as number;
      if (column >= 0) idf[column] = Math.log((1 + docs.length) / (1 + (counts.df[id] as number))) + 1;
    }
    this.state = { options, nDocuments: docs.length, terms, index: new Map(terms.map((t, i) => [t, i])), idf };
    if (!wantMatrix) return undefined;
    // Re-use the token ids counted above: map each to its column, drop the pruned ones.
    const ids = new Int32Array(counts.ids.length);
    const offsets = new Int32Array(docs.length + 1);
    let n = 0;
    for (let d = 0; d < docs.length; d++) {
      for (let k = counts.offsets[d] as number; k < (counts.offsets[d + 1] as number); k++) {
        const column = columnOf[counts.ids[k] as number] as number;
        if (column >= 0) ids[n++] = column;
      }
      offsets[d + 1] = n;
    }
    return this.weigh(ids, offsets);
  }

  /** Turns per-document column ids (with repeats) into l2-normalised tf-idf rows. */
  private weigh(ids: Int32Array, offsets: Int32Array): SparseMatrix {
    const { idf, options, terms } = this.fitted('transform');
    const nRows = offsets.length - 1;
    const counts = new Float64Array(terms.length);
    const indptr = new Int32Array(nRows + 1);
    const indices = new Int32Array(ids.length);
    const data = new Float64Array(ids.length);
    let nnz = 0;
    for (let d = 0; d < nRows; d++) {
      const start = nnz;
      for (let k = offsets[d] as number; k < (offsets[d + 1] as number); k++) {
        const c = ids[k] as number;
        if (counts[c] === 0) indices[nnz++] = c;
        counts[c] = (counts[c] as number) + 1;
      }
      const row = indices.subarray(start, nnz);
      row.sort();
      let norm = 0;
      for (let k = start; k < nnz; k++) {
        const c = indices[k] as number;
        const count = counts[c] as number;
        counts[c] = 0;
        const tf = options.sublinearTf ? (count < SUBLINEAR.length ? (SUBLINEAR[count] as number) : 1 + Math.log(count)) : count;
        const v = tf * (idf[c] as number);
        data[k] = v;
        norm += v * v;
      }
      if (norm > 0) {
        const scale = 1 / Math.sqrt(norm);
        for (let k = start; k < nnz; k++) data[k] = (data[k] as number) * scale;
      }
      indptr[d + 1] = nnz;
    }
    return new SparseMatrix({ indptr, indices: indices.slice(0, nnz), data: data.slice(0, nnz), nRows, nCols: terms.length });
  }

  private fitted(what: string): Fitted {
    if (this.state === undefined) throw new MlCoreError('not-fitted', what, `TfidfVectorizer.${what}: call fit() or fromJSON() first`);
    return this.state;
  }
}

function checkDocs(docs: readonly (readonly string[])[]): void {
  if (!Array.isArray(docs)) throw new MlCoreError('invalid-argument', 'docs', 'docs must be an array of token arrays (tokenize(cleanText(text)))');
  for (let d = 0; d < docs.length; d++) {
    if (!Array.isArray(docs[d])) throw new MlCoreError('invalid-argument', `docs[${d}]`, `docs[${d}] must be an array of tokens, not ${typeof docs[d]}: tokenize the text first`);
  }
}
