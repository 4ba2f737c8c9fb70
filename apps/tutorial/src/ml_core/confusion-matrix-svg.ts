// The confusion matrix as an SVG picture (MLflow's artifact viewer shows .svg files): one shaded
// cell per (true, predicted) pair with its count and its share of the true class.
import { MlCoreError } from './ml-core-error.js';
import { svgDocument, text } from './svg.js';

const CELL = 110;
const LEFT = 150;
const TOP = 70;

/** Light to dark blue by the cell's share of the largest count. */
function shade(share: number): string {
  const from = [239, 246, 255];
  const to = [8, 48, 107];
  const mix = from.map((f, i) => Math.round(f + ((to[i] as number) - f) * share));
  return `rgb(${mix.join(',')})`;
}

function check(matrix: readonly (readonly number[])[], labels: readonly string[]): void {
  const k = matrix.length;
  if (k === 0) throw new MlCoreError('invalid-argument', 'matrix', 'matrix is empty: pass confusionMatrix(yTrue, yPred)');
  matrix.forEach((row, r) => {
    if (!Array.isArray(row) || row.length !== k) throw new MlCoreError('shape-mismatch', `matrix[${r}]`, `matrix[${r}] must hold ${k} counts (the matrix is k × k)`);
    row.forEach((v, c) => {
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new MlCoreError('invalid-argument', `matrix[${r}][${c}]`, `matrix[${r}][${c}] is ${v}: counts must be finite and ≥ 0`);
    });
  });
  if (labels.length !== k) throw new MlCoreError('shape-mismatch', 'labels', `labels holds ${labels.length} names but the matrix has ${k} classes`);
  labels.forEach((l, i) => {
    if (typeof l !== 'string') throw new MlCoreError('invalid-argument', `labels[${i}]`, `labels[${i}] must be a string`);
  });
}

/** `labels[i]` names class i (row i and column i), e.g. ['negative', 'positive']. */
export function confusionMatrixSvg(matrix: readonly (readonly number[])[], labels: readonly string[], title = 'Confusion matrix'): string {
  check(matrix, labels);
  const k = matrix.length;
  const width = LEFT + k * CELL + 30;
  const height = TOP + k * CELL + 80;
  const max = Math.max(1, ...matrix.flat());
  const body: string[] = [text(width / 2, 32, title, 'font-size="18" font-weight="600" text-anchor="middle" fill="#111"')];
  matrix.forEach((row, r) => {
    const rowTotal = row.reduce((a, b) => a + b, 0);
    row.forEach((count, c) => {
      const x = LEFT + c * CELL;
      const y = TOP + r * CELL;
      const share = count / max;
      const ink = share > 0.5 ? '#ffffff' : '#111111';
      const percent = rowTotal === 0 ? '—' : `${((100 * count) / rowTotal).toFixed(1)}% of true`;
      body.push(`<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" fill="${shade(share)}" stroke="#ffffff" stroke-width="2"/>`);
      body.push(text(x + CELL / 2, y + CELL / 2, String(count), `font-size="20" font-weight="600" text-anchor="middle" fill="${ink}"`));
      body.push(text(x + CELL / 2, y + CELL / 2 + 22, percent, `font-size="11" text-anchor="middle" fill="${ink}"`));
    });
  });
  labels.forEach((label, i) => {
    body.push(text(LEFT + i * CELL + CELL / 2, TOP + k * CELL + 22, label, 'font-size="13" text-anchor="middle" fill="#333"'));
    body.push(text(LEFT - 10, TOP + i * CELL + CELL / 2 + 5, label, 'font-size="13" text-anchor="end" fill="#333"'));
  });
  body.push(text(LEFT + (k * CELL) / 2, TOP + k * CELL + 55, 'Predicted label', 'font-size="14" text-anchor="middle" fill="#111"'));
  const yMid = TOP + (k * CELL) / 2;
  body.push(text(24, yMid, 'True label', `font-size="14" text-anchor="middle" fill="#111" transform="rotate(-90 24 ${yMid})"`));
  return svgDocument(width, height, title, body);
}
