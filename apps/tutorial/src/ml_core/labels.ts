// Checks shared by the metrics: binary labels, probabilities, equal lengths, each bad value named.
import { MlCoreError } from './ml-core-error.js';

export type Labels = Uint8Array | readonly number[];
export type Scores = Float64Array | Float32Array | readonly number[];

export function checkBinaryLabels(labels: Labels, field: string): void {
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    if (v !== 0 && v !== 1) throw new MlCoreError('invalid-argument', `${field}[${i}]`, `${field}[${i}] is ${v}: labels must be 0 (negative) or 1 (positive)`);
  }
}

export function checkScores(scores: Scores, field: string): void {
  for (let i = 0; i < scores.length; i++) {
    const v = scores[i] as number;
    if (typeof v !== 'number' || !Number.isFinite(v)) throw new MlCoreError('invalid-argument', `${field}[${i}]`, `${field}[${i}] is ${v}: scores must be finite numbers`);
  }
}

export function checkSameLength(a: { length: number }, aName: string, b: { length: number }, bName: string): void {
  if (a.length !== b.length) throw new MlCoreError('shape-mismatch', bName, `${aName} holds ${a.length} values but ${bName} holds ${b.length}: pass one value per row`);
  if (a.length === 0) throw new MlCoreError('invalid-argument', aName, `${aName} is empty: metrics need at least one row`);
}

/** Number of positives; throws `single-class` when a curve over both classes cannot be drawn. */
export function countPositives(yTrue: Labels, field: string): number {
  let positives = 0;
  for (let i = 0; i < yTrue.length; i++) positives += yTrue[i] as number;
  if (positives === 0 || positives === yTrue.length) {
    throw new MlCoreError('single-class', field, `${field} holds only class ${positives === 0 ? 0 : 1}: ROC AUC is undefined without both classes (evaluate on a larger or stratified test set)`);
  }
  return positives;
}
