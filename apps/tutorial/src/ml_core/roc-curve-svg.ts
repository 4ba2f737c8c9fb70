// The ROC curve as an SVG picture: the curve, the chance diagonal, labelled axes with ticks, and
// the area in the legend.
import { MlCoreError } from './ml-core-error.js';
import type { RocCurve } from './roc.js';
import { round, svgDocument, text } from './svg.js';

const SIZE = 360;
const LEFT = 70;
const TOP = 50;

function check(curve: RocCurve, auc: number): void {
  const { fpr, tpr } = curve;
  if (!Array.isArray(fpr) || !Array.isArray(tpr) || fpr.length !== tpr.length || fpr.length < 2) {
    throw new MlCoreError('shape-mismatch', 'curve', 'curve.fpr and curve.tpr must be arrays of the same length ≥ 2: pass rocCurve(yTrue, proba)');
  }
  for (const [name, values] of [['fpr', fpr], ['tpr', tpr]] as const) {
    values.forEach((v, i) => {
      if (typeof v !== 'number' || !(v >= 0 && v <= 1)) throw new MlCoreError('invalid-argument', `curve.${name}[${i}]`, `curve.${name}[${i}] is ${v}: rates lie in [0, 1]`);
    });
  }
  if (typeof auc !== 'number' || !(auc >= 0 && auc <= 1)) throw new MlCoreError('invalid-argument', 'auc', `auc is ${auc}: an area under a ROC curve lies in [0, 1]`);
}

export function rocCurveSvg(curve: RocCurve, auc: number, title = 'ROC curve'): string {
  check(curve, auc);
  const px = (v: number): string => round(LEFT + v * SIZE);
  const py = (v: number): string => round(TOP + (1 - v) * SIZE);
  const width = LEFT + SIZE + 30;
  const height = TOP + SIZE + 60;
  const body: string[] = [text(LEFT + SIZE / 2, 30, title, 'font-size="18" font-weight="600" text-anchor="middle" fill="#111"')];
  for (let t = 0; t <= 10; t += 2) {
    const v = t / 10;
    body.push(`<line x1="${px(v)}" y1="${py(0)}" x2="${px(v)}" y2="${py(1)}" stroke="#e5e7eb"/>`);
    body.push(`<line x1="${px(0)}" y1="${py(v)}" x2="${px(1)}" y2="${py(v)}" stroke="#e5e7eb"/>`);
    body.push(text(LEFT + v * SIZE, TOP + SIZE + 18, v.toFixed(1), 'font-size="12" text-anchor="middle" fill="#333"'));
    body.push(text(LEFT - 8, TOP + (1 - v) * SIZE + 4, v.toFixed(1), 'font-size="12" text-anchor="end" fill="#333"'));
  }
  body.push(`<rect x="${LEFT}" y="${TOP}" width="${SIZE}" height="${SIZE}" fill="none" stroke="#333"/>`);
  body.push(`<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(1)}" stroke="#9ca3af" stroke-dasharray="6 4"/>`);
  const points = curve.fpr.map((f, i) => `${px(f)},${py(curve.tpr[i] as number)}`).join(' ');
  body.push(`<polyline points="${points}" fill="none" stroke="#1d4ed8" stroke-width="2.5" stroke-linejoin="round"/>`);
  body.push(`<rect x="${LEFT + SIZE - 190}" y="${TOP + SIZE - 58}" width="180" height="46" fill="#ffffff" stroke="#d1d5db"/>`);
  body.push(`<line x1="${LEFT + SIZE - 180}" y1="${TOP + SIZE - 42}" x2="${LEFT + SIZE - 156}" y2="${TOP + SIZE - 42}" stroke="#1d4ed8" stroke-width="2.5"/>`);
  body.push(text(LEFT + SIZE - 150, TOP + SIZE - 38, `ROC (AUC = ${auc.toFixed(3)})`, 'font-size="12" fill="#111"'));
  body.push(`<line x1="${LEFT + SIZE - 180}" y1="${TOP + SIZE - 24}" x2="${LEFT + SIZE - 156}" y2="${TOP + SIZE - 24}" stroke="#9ca3af" stroke-dasharray="6 4"/>`);
  body.push(text(LEFT + SIZE - 150, TOP + SIZE - 20, 'chance (AUC = 0.5)', 'font-size="12" fill="#111"'));
  body.push(text(LEFT + SIZE / 2, TOP + SIZE + 45, 'False positive rate', 'font-size="14" text-anchor="middle" fill="#111"'));
  const yMid = TOP + SIZE / 2;
  body.push(text(22, yMid, 'True positive rate', `font-size="14" text-anchor="middle" fill="#111" transform="rotate(-90 22 ${yMid})"`));
  return svgDocument(width, height, title, body);
}
