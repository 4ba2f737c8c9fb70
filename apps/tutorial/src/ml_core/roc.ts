// ROC curve and its area, exact and with ties handled: rows with equal scores move the curve along
// a diagonal (never a staircase that depends on row order), and the area counts each tied
// positive/negative pair as one half — the Mann–Whitney U statistic divided by n₊·n₋.
import { checkBinaryLabels, checkSameLength, checkScores, countPositives, type Labels, type Scores } from './labels.js';

export interface RocCurve {
  /** False-positive rate at each threshold, from 0 to 1. */
  fpr: number[];
  /** True-positive rate at each threshold, from 0 to 1. */
  tpr: number[];
  /** Decreasing; predicted positive means score ≥ threshold. The first is +Infinity (nothing positive). */
  thresholds: number[];
}

/** Row indices by decreasing score (ties: stable by index, which no result depends on). */
function byScoreDescending(scores: Scores): Int32Array {
  const order = new Int32Array(scores.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  const values = Float64Array.from(scores as ArrayLike<number>);
  return order.sort((a, b) => (values[b] as number) - (values[a] as number) || a - b);
}

function check(yTrue: Labels, scores: Scores): number {
  checkSameLength(yTrue, 'yTrue', scores, 'proba');
  checkBinaryLabels(yTrue, 'yTrue');
  checkScores(scores, 'proba');
  return countPositives(yTrue, 'yTrue');
}

/**
 * The ROC curve at every distinct score, like scikit-learn's roc_curve; with `dropIntermediate`
 * (the default, as there) points on a straight segment between two others are left out, which
 * keeps the picture of 25,000 scores small without changing its shape or its area.
 */
export function rocCurve(yTrue: Labels, proba: Scores, opts: { dropIntermediate?: boolean } = {}): RocCurve {
  const positives = check(yTrue, proba);
  const negatives = yTrue.length - positives;
  const order = byScoreDescending(proba);
  const fps = [0];
  const tps = [0];
  const thresholds = [Number.POSITIVE_INFINITY];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length; k++) {
    const row = order[k] as number;
    if (yTrue[row] === 1) tp++;
    else fp++;
    const score = proba[row] as number;
    const next = order[k + 1];
    if (next === undefined || proba[next] !== score) {
      fps.push(fp);
      tps.push(tp);
      thresholds.push(score);
    }
  }
  let keep = fps.map((_, i) => i);
  if (opts.dropIntermediate ?? true) {
    // A point is intermediate when it lies on the segment between its neighbours (counts are
    // integers, so the collinearity test is exact).
    keep = keep.filter((i) => {
      if (i === 0 || i === fps.length - 1) return true;
      const dFpr = (fps[i] as number) - (fps[i - 1] as number);
      const dTpr = (tps[i] as number) - (tps[i - 1] as number);
      const nFpr = (fps[i + 1] as number) - (fps[i] as number);
      const nTpr = (tps[i + 1] as number) - (tps[i] as number);
      return dFpr * nTpr - dTpr * nFpr !== 0;
    });
  }
  return {
    fpr: keep.map((i) => (fps[i] as number) / negatives),
    tpr: keep.map((i) => (tps[i] as number) / positives),
    thresholds: keep.map((i) => thresholds[i] as number),
  };
}

/** Area under the ROC curve from mid-ranks: exact for any number of ties, O(n log n). */
export function rocAuc(yTrue: Labels, proba: Scores): number {
  const positives = check(yTrue, proba);
  const negatives = yTrue.length - positives;
  const values = Float64Array.from(proba as ArrayLike<number>);
  const order = new Int32Array(values.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort((a, b) => (values[a] as number) - (values[b] as number));
  let rankSumPositives = 0;
  let k = 0;
  while (k < order.length) {
    let end = k;
    while (end + 1 < order.length && values[order[end + 1] as number] === values[order[k] as number]) end++;
    // Ranks k+1 … end+1 share their mean.
    const midRank = (k + end + 2) / 2;
    for (let j = k; j <= end; j++) if (yTrue[order[j] as number] === 1) rankSumPositives += midRank;
    k = end + 1;
  }
  const u = rankSumPositives - (positives * (positives + 1)) / 2;
  return u / (positives * negatives);
}
