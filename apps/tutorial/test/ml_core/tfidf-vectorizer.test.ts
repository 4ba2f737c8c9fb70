/** TfidfVectorizer: hand-computed values, scikit-learn's numbers on a fixed corpus, JSON round trip, typed errors. */
import { TfidfVectorizer } from '../../src/ml_core/index.js';
import { expectClose, expectMlCoreError, fixture, tokens } from './fixture.js';

const idfOnce = Math.log(3 / 2) + 1; // smooth idf of a term in 1 of 2 documents

describe('TfidfVectorizer by hand', () => {
  const docs = [['a', 'b', 'a'], ['b', 'c']];

  it('computes smooth idf and l2-normalised raw counts', () => {
    const v = new TfidfVectorizer();
    const X = v.fitTransform(docs, { sublinearTf: false });
    expect(v.vocabulary).toEqual(['a', 'b', 'c']);
    expectClose(v.idf, [idfOnce, 1, idfOnce], 1e-15);
    const row0 = [2 * idfOnce, 1, 0];
    const row1 = [0, 1, idfOnce];
    const norm = (r: number[]) => r.map((x) => x / Math.hypot(...r));
    expectClose(X.toDense().flat(), [...norm(row0), ...norm(row1)], 1e-15);
  });

  it('uses 1 + ln(count) with sublinearTf (the default)', () => {
    const X = new TfidfVectorizer().fitTransform(docs);
    const row0 = [(1 + Math.log(2)) * idfOnce, 1];
    expectClose((X.toDense()[0] as number[]).slice(0, 2), row0.map((x) => x / Math.hypot(...row0)), 1e-15);
  });

  it('uses 1 + ln(count) for large counts too (either side of the lookup table)', () => {
    const doc = [...new Array<string>(300).fill('x'), ...new Array<string>(255).fill('y'), 'z'];
    const X = new TfidfVectorizer().fitTransform([doc, ['w']]);
    const row = [1 + Math.log(300), 1 + Math.log(255), 1].map((t) => t * idfOnce);
    expectClose((X.toDense()[0] as number[]).slice(1), row.map((x) => x / Math.hypot(...row)), 1e-15);
  });

  it('gives every non-empty row unit length, sorted column indices, and an empty row for unknown words', () => {
    const v = new TfidfVectorizer().fit(docs);
    const X = v.transform([['c', 'a', 'zzz'], ['zzz'], []]);
    expect(Array.from(X.indptr)).toEqual([0, 2, 2, 2]);
    expect(Array.from(X.indices)).toEqual([0, 2]);
    expect(Math.hypot(...Array.from(X.data))).toBeCloseTo(1, 15);
    expect(X.nCols).toBe(3);
  });

  it('fit then transform equals fitTransform', () => {
    const docs3 = tokens(fixture.corpus);
    const a = new TfidfVectorizer().fitTransform(docs3, { ngramRange: [1, 2], maxFeatures: 10 });
    const v = new TfidfVectorizer().fit(docs3, { ngramRange: [1, 2], maxFeatures: 10 });
    expect(v.transform(docs3).toDense()).toEqual(a.toDense());
  });

  it('breaks equal counts at the maxFeatures cut by term order, so the choice is deterministic', () => {
    const v = new TfidfVectorizer().fit([['d', 'c'], ['b', 'a']], { maxFeatures: 2 });
    expect(v.vocabulary).toEqual(['a', 'b']);
  });
});

describe('TfidfVectorizer against scikit-learn', () => {
  it.each(fixture.tfidf.map((c) => [JSON.stringify(c.options), c] as const))('%s: vocabulary, idf and both matrices agree to 1e-12', (_, c) => {
    const v = new TfidfVectorizer();
    const X = v.fitTransform(tokens(fixture.corpus), c.options);
    expect(v.vocabulary).toEqual(c.vocabulary);
    expectClose(v.idf, c.idf, 1e-12);
    expectClose(X.toDense().flat(), c.fitTransform.flat(), 1e-12);
    expectClose(v.transform(tokens(fixture.heldOut)).toDense().flat(), c.transform.flat(), 1e-12);
  });
});

describe('TfidfVectorizer JSON', () => {
  const fitted = new TfidfVectorizer().fit(tokens(fixture.corpus), { ngramRange: [1, 2], minDf: 2 });

  it('round-trips through JSON text to identical matrices', () => {
    const copy = TfidfVectorizer.fromJSON(JSON.parse(JSON.stringify(fitted)));
    expect(copy.options).toEqual(fitted.options);
    expect(copy.vocabulary).toEqual(fitted.vocabulary);
    const docs = tokens(fixture.heldOut);
    expect(copy.transform(docs).toDense()).toEqual(fitted.transform(docs).toDense());
  });

  const bad: [string, (j: Record<string, unknown>) => unknown, string][] = [
    ['not an object', () => [1, 2], 'vectorizer'],
    ['another format', (j) => ({ ...j, format: 'other' }), 'vectorizer.format'],
    ['a newer version', (j) => ({ ...j, version: 2 }), 'vectorizer.version'],
    ['missing options', (j) => ({ ...j, options: undefined }), 'vectorizer.options'],
    ['a bad ngram range', (j) => ({ ...j, options: { ...(j.options as object), ngramRange: [2, 3] } }), 'vectorizer.options.ngramRange'],
    ['a fractional maxFeatures', (j) => ({ ...j, options: { ...(j.options as object), maxFeatures: 2.5 } }), 'vectorizer.options.maxFeatures'],
    ['a string idf value', (j) => ({ ...j, idf: (j.idf as number[]).map((x, i) => (i === 3 ? String(x) : x)) }), 'vectorizer.idf[3]'],
    ['an idf below 1', (j) => ({ ...j, idf: (j.idf as number[]).map((x, i) => (i === 1 ? 0.5 : x)) }), 'vectorizer.idf[1]'],
    ['idf shorter than the vocabulary', (j) => ({ ...j, idf: (j.idf as number[]).slice(1) }), 'vectorizer.idf'],
    ['a repeated term', (j) => ({ ...j, vocabulary: (j.vocabulary as string[]).map((t, i) => (i === 2 ? (j.vocabulary as string[])[0] : t)) }), 'vectorizer.vocabulary[2]'],
    ['an empty term', (j) => ({ ...j, vocabulary: (j.vocabulary as string[]).map((t, i) => (i === 0 ? '' : t)) }), 'vectorizer.vocabulary[0]'],
    ['no document count', (j) => ({ ...j, nDocuments: null }), 'vectorizer.nDocuments'],
  ];
  it.each(bad)('rejects %s with an invalid-json error naming the field', (_, edit, field) => {
    const json = JSON.parse(JSON.stringify(fitted)) as Record<string, unknown>;
    expectMlCoreError(() => TfidfVectorizer.fromJSON(edit(json)), 'invalid-json', field);
  });
});

describe('TfidfVectorizer errors', () => {
  it('names a bad fit option', () => {
    expectMlCoreError(() => new TfidfVectorizer().fit([['a']], { maxFeatures: 0 }), 'invalid-argument', 'opts.maxFeatures');
    expectMlCoreError(() => new TfidfVectorizer().fit([['a']], { minDf: 1.5 }), 'invalid-argument', 'opts.minDf');
    expectMlCoreError(() => new TfidfVectorizer().fit([['a']], { ngramRange: [1, 3] as never }), 'invalid-argument', 'opts.ngramRange');
    expectMlCoreError(() => new TfidfVectorizer().fit([['a']], { sublinearTf: 'yes' as never }), 'invalid-argument', 'opts.sublinearTf');
  });

  it('names a document that is not tokenised', () => {
    expectMlCoreError(() => new TfidfVectorizer().fit([['a'], 'b c' as never]), 'invalid-argument', 'docs[1]');
  });

  it('refuses an empty corpus and a minDf no term reaches', () => {
    expectMlCoreError(() => new TfidfVectorizer().fit([]), 'invalid-argument', 'docs');
    expectMlCoreError(() => new TfidfVectorizer().fit([['a'], ['b']], { minDf: 2 }), 'invalid-argument', 'opts.minDf');
  });

  it('refuses transform before fit', () => {
    expectMlCoreError(() => new TfidfVectorizer().transform([['a']]), 'not-fitted', 'transform');
  });
});
