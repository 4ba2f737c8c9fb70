/** Metrics: ROC AUC against brute-force pair counting on random cases, scikit-learn's numbers, the curve, typed errors. */
import { classificationMetrics, confusionMatrix, predictLabels, rocAuc, rocCurve, SeededRandom } from '../../src/ml_core/index.js';
import { expectClose, expectMlCoreError, fixture } from './fixture.js';

/** P(score of a positive > score of a negative) + ½ P(equal), over all pairs. */
function pairwiseAuc(y: number[], scores: number[]): number {
  let wins = 0;
  let pairs = 0;
  y.forEach((yi, i) => {
    if (yi !== 1) return;
    y.forEach((yj, j) => {
      if (yj !== 0) return;
      pairs++;
      const a = scores[i] as number;
      const b = scores[j] as number;
      wins += a > b ? 1 : a === b ? 0.5 : 0;
    });
  });
  return wins / pairs;
}

/** Trapezoid area under a curve. */
function area(fpr: number[], tpr: number[]): number {
  let sum = 0;
  for (let i = 1; i < fpr.length; i++) sum += ((fpr[i] as number) - (fpr[i - 1] as number)) * ((tpr[i] as number) + (tpr[i - 1] as number)) / 2;
  return sum;
}

function randomCase(random: SeededRandom): { y: number[]; scores: number[] } {
  const n = 2 + random.nextInt(60);
  // Few distinct scores in half the cases, so ties are common.
  const levels = random.nextInt(2) === 0 ? 1 + random.nextInt(5) : 1000;
  const y = Array.from({ length: n }, () => random.nextInt(2));
  y[0] = 0;
  y[1] = 1;
  const scores = y.map((label) => Math.min(1, (random.nextInt(levels + 1) / levels) * 0.8 + label * 0.2 * random.nextInt(2)));
  return { y, scores };
}

describe('rocAuc and rocCurve, random cases', () => {
  it('rocAuc equals pairwise counting with ties as halves (300 cases)', () => {
    const random = new SeededRandom(2024);
    for (let run = 0; run < 300; run++) {
      const { y, scores } = randomCase(random);
      expect(Math.abs(rocAuc(y, scores) - pairwiseAuc(y, scores))).toBeLessThan(1e-12);
    }
  });

  it('the curve runs from (0,0) to (1,1), never decreases, and its trapezoid area is the AUC, with or without intermediate points', () => {
    const random = new SeededRandom(7);
    for (let run = 0; run < 200; run++) {
      const { y, scores } = randomCase(random);
      const auc = rocAuc(y, scores);
      for (const dropIntermediate of [true, false]) {
        const { fpr, tpr, thresholds } = rocCurve(y, scores, { dropIntermediate });
        expect([fpr[0], tpr[0], fpr.at(-1), tpr.at(-1)]).toEqual([0, 0, 1, 1]);
        const steps = fpr.slice(1).map((f, k) => [f - (fpr[k] as number), (tpr[k + 1] as number) - (tpr[k] as number), (thresholds[k] as number) - (thresholds[k + 1] as number)]);
        expect(steps.filter(([df, dt, dThreshold]) => !((df as number) >= 0 && (dt as number) >= 0 && (dThreshold as number) > 0))).toEqual([]);
        expect(Math.abs(area(fpr, tpr) - auc)).toBeLessThan(1e-12);
      }
    }
  });

  it('dropping intermediate points keeps a 25,000-score curve small', () => {
    const random = new SeededRandom(3);
    const y = Array.from({ length: 25000 }, (_, i) => i % 2);
    const scores = y.map((label) => (label + random.nextUint32() / 2 ** 32) / 2);
    const full = rocCurve(y, scores, { dropIntermediate: false });
    const small = rocCurve(y, scores);
    expect(full.fpr.length).toBe(25001);
    expect(small.fpr.length).toBeLessThan(full.fpr.length / 1.5);
    expect(area(small.fpr, small.tpr)).toBeCloseTo(area(full.fpr, full.tpr), 12);
  });
});

describe('metrics against scikit-learn', () => {
  const m = fixture.metrics;

  it('accuracy, precision, recall, F1 and ROC AUC agree', () => {
    const ours = classificationMetrics(m.y, m.proba);
    expectClose([ours.accuracy, ours.precision, ours.recall, ours.f1, ours.rocAuc], [m.accuracy, m.precision, m.recall, m.f1, m.rocAuc], 1e-12);
  });

  it('the full curve (no point dropped) equals roc_curve(drop_intermediate=False)', () => {
    const curve = rocCurve(m.y, m.proba, { dropIntermediate: false });
    expectClose(curve.fpr, m.roc.fpr, 1e-12);
    expectClose(curve.tpr, m.roc.tpr, 1e-12);
    expect(curve.thresholds).toEqual(m.roc.thresholds.map((t) => (t === null ? Number.POSITIVE_INFINITY : t)));
  });
});

describe('confusionMatrix and thresholds', () => {
  it('counts [[tn, fp], [fn, tp]] and grows to k classes', () => {
    expect(confusionMatrix([0, 0, 1, 1, 1], [0, 1, 0, 1, 1])).toEqual([
      [1, 1],
      [1, 2],
    ]);
    expect(confusionMatrix([2, 0], [2, 1])).toEqual([
      [0, 1, 0],
      [0, 0, 0],
      [0, 0, 1],
    ]);
  });

  it('moves predictions with the threshold (proba ≥ threshold is positive)', () => {
    expect(Array.from(predictLabels([0.2, 0.5, 0.7], 0.5))).toEqual([0, 1, 1]);
    expect(classificationMetrics([0, 1, 1], [0.2, 0.5, 0.7], 0.6)).toMatchObject({ accuracy: 2 / 3, precision: 1, recall: 0.5 });
  });

  it('gives 0 precision and F1 when nothing is predicted positive', () => {
    expect(classificationMetrics([0, 1], [0.1, 0.2])).toMatchObject({ precision: 0, recall: 0, f1: 0, accuracy: 0.5, rocAuc: 1 });
  });
});

describe('metric errors', () => {
  it('names the bad value', () => {
    expectMlCoreError(() => classificationMetrics([0, 1, 3], [0.1, 0.2, 0.3]), 'invalid-argument', 'yTrue[2]');
    expectMlCoreError(() => rocAuc([0, 1], [0.1, Number.NaN]), 'invalid-argument', 'proba[1]');
    expectMlCoreError(() => classificationMetrics([0, 1], [0.1, 0.2], 1.5), 'invalid-argument', 'threshold');
    expectMlCoreError(() => confusionMatrix([0, 1], [0, -1]), 'invalid-argument', 'yPred[1]');
  });

  it('refuses lengths that differ, empty input and one class only', () => {
    expectMlCoreError(() => rocAuc([0, 1], [0.1]), 'shape-mismatch', 'proba');
    expectMlCoreError(() => rocCurve([], []), 'invalid-argument', 'yTrue');
    expectMlCoreError(() => rocAuc([1, 1], [0.1, 0.2]), 'single-class', 'yTrue');
  });
});
