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
  let n = 0;
  // First pass: hash each token once, keeping only its id.
  for (let d = 0; d < docs.length; d++) {
    const doc = docs[d] as readonly string[];
    for (let i = 0; i < doc.length; i++) {
      const unigram = doc[i] as string;
      let id = idOf.get(unigram);
      if (id === undefined) idOf.set(unigram, (id = terms.push(unigram) - 1));
      ids[n++] = id;
      if (bigrams && i + 1 < doc.length) {
        const bigram = `${unigram} ${doc[i + 1]}`;
        let pair = idOf.get(bigram);
        if (pair === undefined) idOf.set(bigram, (pair = terms.push(bigram) - 1));
        ids[n++] = pair;
      }
    }
    offsets[d + 1] = n;
  }
  // Second pass over the ids (typed arrays only): document frequency and total count of each term.
  const df = new Int32Array(terms.length);
  const tf = new Float64Array(terms.length);
  const lastDoc = new Int32Array(terms.length).fill(-1);
  for (let d = 0; d < docs.length; d++) {
    for (let k = offsets[d] as number; k < (offsets[d + 1] as number); k++) {
      const id = ids[k] as number;
      tf[id] = (tf[id] as number) + 1;
      if (lastDoc[id] !== d) {
        lastDoc[id] = d;
        df[id] = (df[id] as number) + 1;
      }
    }
  }
  return { terms, df, tf, ids: ids.subarray(0, n), offsets };
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
