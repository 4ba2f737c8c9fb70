// A deterministic train/test split of n rows: the same seed gives the same rows on every machine.
import { MlCoreError } from './ml-core-error.js';
import { readNumber } from './json-fields.js';
import { SeededRandom } from './random.js';

export interface TrainTestSplitOptions {
  seed: number;
  /** A proportion in (0, 1) (the test set is ceil(testSize · n) rows, as scikit-learn) or a row count. Default 0.25. */
  testSize?: number;
  /** Class of each row: keep each class's share equal in both sets. */
  stratify?: ArrayLike<number>;
}

export interface TrainTestSplit {
  /** Row indices, shuffled; every row is in exactly one of the two. */
  train: Int32Array;
  test: Int32Array;
}

export function trainTestSplit(n: number, opts: TrainTestSplitOptions): TrainTestSplit {
  readNumber(n, 'n', { integer: true, min: 2 }, 'invalid-argument');
  const testSize = opts.testSize ?? 0.25;
  readNumber(testSize, 'opts.testSize', { above: 0 }, 'invalid-argument');
  const nTest = testSize < 1 ? Math.ceil(testSize * n) : testSize;
  if (!Number.isInteger(nTest) || nTest >= n) {
    throw new MlCoreError('invalid-argument', 'opts.testSize', `opts.testSize ${testSize} leaves no training rows out of ${n}: pass a proportion in (0, 1) or a count below ${n}`);
  }
  const random = new SeededRandom(opts.seed);
  if (opts.stratify === undefined) {
    const order = random.shuffle(Int32Array.from({ length: n }, (_, i) => i));
    return { test: order.slice(0, nTest), train: order.slice(nTest) };
  }
  return stratified(n, nTest, opts.stratify, random);
}

function stratified(n: number, nTest: number, classes: ArrayLike<number>, random: SeededRandom): TrainTestSplit {
  if (classes.length !== n) throw new MlCoreError('shape-mismatch', 'opts.stratify', `opts.stratify holds ${classes.length} classes for ${n} rows`);
  const rowsOf = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const c = classes[i] as number;
    if (!Number.isInteger(c)) throw new MlCoreError('invalid-argument', `opts.stratify[${i}]`, `opts.stratify[${i}] is ${c}: classes must be integers`);
    let rows = rowsOf.get(c);
    if (rows === undefined) rowsOf.set(c, (rows = []));
    rows.push(i);
  }
  const groups = [...rowsOf.entries()].sort((a, b) => a[0] - b[0]).map(([, rows]) => rows);
  // Each class gets its share of the test rows, rounded down; the rows left over go to the classes
  // with the largest remainders (the lower class first on a tie).
  const exact = groups.map((rows) => (nTest * rows.length) / n);
  const counts = exact.map(Math.floor);
  let left = nTest - counts.reduce((a, b) => a + b, 0);
  const byRemainder = exact.map((e, i) => [e - Math.floor(e), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of byRemainder) {
    if (left === 0) break;
    counts[i] = (counts[i] as number) + 1;
    left--;
  }
  const test: number[] = [];
  const train: number[] = [];
  groups.forEach((rows, g) => {
    random.shuffle(rows);
    const cut = counts[g] as number;
    for (let k = 0; k < rows.length; k++) (k < cut ? test : train).push(rows[k] as number);
  });
  return { train: random.shuffle(Int32Array.from(train)), test: random.shuffle(Int32Array.from(test)) };
}
