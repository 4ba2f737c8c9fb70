// One pass over the tokenised corpus: every distinct term (unigram, and bigram when asked) gets an id,
// with its document frequency and total count; each document becomes the list of its term ids, so
// fitTransform builds the matrix without hashing the tokens a second time.
export interface TermCounts {
  /** id → term, in first-seen order. */
  terms: string[];
  /** id → number of documents holding the term. */
  df: Int32Array;
  /** id → occurrences over the whole corpus. */
  tf: Float64Array;
  /** Term ids of document d: ids[offsets[d] .. offsets[d + 1]). */
  ids: Int32Array;
  offsets: Int32Array;
}

export function countTerms(docs: readonly (readonly string[])[], bigrams: boolean): TermCounts {
  let bound = 0;
  for (const doc of docs) bound += bigrams ? Math.max(0, 2 * doc.length - 1) : doc.length;
  const ids = new Int32Array(bound);
  const offsets = new Int32Array(docs.length + 1);
  const idOf = new Map<string, number>();
  const terms: string[] = [];
  let df: Int32Array = new Int32Array(1024);
  let tf: Float64Array = new Float64Array(1024);
  let lastDoc = new Int32Array(1024).fill(-1);
  let n = 0;
  const add = (term: string, d: number): void => {
    let id = idOf.get(term);
    if (id === undefined) {
      id = terms.length;
      idOf.set(term, id);
      terms.push(term);
      if (id === df.length) {
        df = grow(df, id * 2) as Int32Array;
        tf = grow(tf, id * 2) as Float64Array;
        const seen = new Int32Array(id * 2).fill(-1);
        seen.set(lastDoc);
        lastDoc = seen;
      }
    }
    if (lastDoc[id] !== d) {
      lastDoc[id] = d;
      df[id] = (df[id] as number) + 1;
    }
    tf[id] = (tf[id] as number) + 1;
    ids[n++] = id;
  };
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d] as readonly string[];
    for (let i = 0; i < doc.length; i++) {
      add(doc[i] as string, d);
      if (bigrams && i + 1 < doc.length) add(`${doc[i]} ${doc[i + 1]}`, d);
    }
    offsets[d + 1] = n;
  }
  return { terms, df: df.slice(0, terms.length), tf: tf.slice(0, terms.length), ids: ids.subarray(0, n), offsets };
}

function grow(array: Int32Array | Float64Array, size: number): Int32Array | Float64Array {
  const out = array instanceof Int32Array ? new Int32Array(size) : new Float64Array(size);
  out.set(array);
  return out;
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Keeps the terms in at least `minDocs` documents, then the `maxFeatures` most frequent of those
 * (equal counts: the earlier term in code-unit order wins, so the choice is deterministic; scikit-learn
 * breaks such ties arbitrarily), and numbers the kept terms in code-unit order.
 */
export function selectFeatures(counts: TermCounts, minDocs: number, maxFeatures: number): { terms: string[]; columnOf: Int32Array } {
  const { terms, df, tf } = counts;
  let kept: number[] = [];
  for (let id = 0; id < terms.length; id++) if ((df[id] as number) >= minDocs) kept.push(id);
  if (kept.length > maxFeatures) {
    kept.sort((a, b) => (tf[b] as number) - (tf[a] as number) || byCodeUnits(terms[a] as string, terms[b] as string));
    kept = kept.slice(0, maxFeatures);
  }
  kept.sort((a, b) => byCodeUnits(terms[a] as string, terms[b] as string));
  const columnOf = new Int32Array(terms.length).fill(-1);
  kept.forEach((id, column) => {
    columnOf[id] = column;
  });
  return { terms: kept.map((id) => terms[id] as string), columnOf };
}
