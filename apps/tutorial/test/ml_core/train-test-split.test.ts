/** trainTestSplit: a partition, the same for a seed on every machine, stratified on request. */
import { SeededRandom, trainTestSplit } from '../../src/ml_core/index.js';
import { expectMlCoreError } from './fixture.js';

// Pinned outputs for seed 42: the first three xoshiro128** draws were checked against an independent
// Python port of the reference C code (splitmix32 seeding), the split is what those draws give.
const PINNED_DRAWS = [2837322924, 544945897, 479756282];
const PINNED_TEST = [3, 6, 8];

describe('trainTestSplit', () => {
  it('partitions the rows: every row once, the test set ceil(testSize · n)', () => {
    const { train, test } = trainTestSplit(101, { seed: 5, testSize: 0.3 });
    expect(test.length).toBe(31);
    expect(train.length).toBe(70);
    expect([...train, ...test].sort((a, b) => a - b)).toEqual(Array.from({ length: 101 }, (_, i) => i));
  });

  it('gives the same split for the same seed and another for another seed', () => {
    const a = trainTestSplit(50000, { seed: 42, testSize: 0.5 });
    const b = trainTestSplit(50000, { seed: 42, testSize: 0.5 });
    expect(Array.from(a.test)).toEqual(Array.from(b.test));
    expect(Array.from(trainTestSplit(50000, { seed: 43, testSize: 0.5 }).test.slice(0, 20))).not.toEqual(Array.from(a.test.slice(0, 20)));
  });

  it('is pinned: these rows for seed 42 on every machine and Node version (integer arithmetic only)', () => {
    expect(Array.from(trainTestSplit(10, { seed: 42, testSize: 3 }).test)).toEqual(PINNED_TEST);
    const random = new SeededRandom(42);
    expect([random.nextUint32(), random.nextUint32(), random.nextUint32()]).toEqual(PINNED_DRAWS);
  });

  it('keeps the class shares with stratify', () => {
    const classes = Array.from({ length: 1000 }, (_, i) => (i < 700 ? 0 : 1));
    const { train, test } = trainTestSplit(1000, { seed: 1, testSize: 0.25, stratify: classes });
    const ones = (rows: Int32Array) => Array.from(rows).filter((r) => classes[r] === 1).length;
    expect([test.length, ones(test)]).toEqual([250, 75]);
    expect([train.length, ones(train)]).toEqual([750, 225]);
  });

  it('draws uniformly: each row lands in the test set about testSize of the time', () => {
    const hits = new Array<number>(20).fill(0);
    for (let seed = 0; seed < 2000; seed++) for (const r of trainTestSplit(20, { seed, testSize: 5 }).test) hits[r] = (hits[r] as number) + 1;
    for (const h of hits) expect(Math.abs(h / 2000 - 0.25)).toBeLessThan(0.05);
  });

  it('names a bad size, seed or class list', () => {
    expectMlCoreError(() => trainTestSplit(10, { seed: 1, testSize: 10 }), 'invalid-argument', 'opts.testSize');
    expectMlCoreError(() => trainTestSplit(10, { seed: 1, testSize: 0 }), 'invalid-argument', 'opts.testSize');
    expectMlCoreError(() => trainTestSplit(10, { seed: 1.5 }), 'invalid-argument', 'seed');
    expectMlCoreError(() => trainTestSplit(1, { seed: 1 }), 'invalid-argument', 'n');
    expectMlCoreError(() => trainTestSplit(3, { seed: 1, stratify: [0, 1] }), 'shape-mismatch', 'opts.stratify');
  });
});
