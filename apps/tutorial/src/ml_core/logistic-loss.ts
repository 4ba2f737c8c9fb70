// The objective scikit-learn's lbfgs solver minimises for a binary LogisticRegression, scaled by the
// number of rows n: mean log-loss + ‖w‖² / (2·C·n), the intercept b not penalised. Variables are
// [w₀ … w_{p−1}, b]. It keeps the margins z = X·w + b of the current point, so a trial step along a
// direction d costs O(n) (z + α·(X·d_w + d_b)); only an accepted step pays for the pass Xᵀ·r.
import type { LineObjective } from './lbfgs.js';
import type { SparseMatrix } from './sparse-matrix.js';

/** log(1 + eˣ) without overflow. */
export function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** Σ v[j]² over the first `length` values (the weights, without the intercept). */
function squaredNorm(v: Float64Array, length: number): number {
  let sum = 0;
  for (let j = 0; j < length; j++) sum += (v[j] as number) ** 2;
  return sum;
}

export class LogisticLoss implements LineObjective {
  readonly size: number;
  private readonly z: Float64Array;
  private readonly q: Float64Array;
  private readonly lambda: number;
  private wNorm2 = 0;
  private wDotD = 0;
  private dNorm2 = 0;
  private d: Float64Array | undefined;

  constructor(
    private readonly X: SparseMatrix,
    private readonly y: Uint8Array,
    c: number,
  ) {
    this.size = X.nCols + 1;
    this.z = new Float64Array(X.nRows);
    this.q = new Float64Array(X.nRows);
    this.lambda = 1 / (c * X.nRows);
  }

  start(x: Float64Array, grad: Float64Array): number {
    this.X.multiply(x, x[this.X.nCols] as number, this.z);
    this.wNorm2 = squaredNorm(x, this.X.nCols);
    this.gradient(x, grad);
    return this.lineAt(0)[0];
  }

  setDirection(x: Float64Array, d: Float64Array): void {
    this.X.multiply(d, d[this.X.nCols] as number, this.q);
    this.d = d;
    // The penalty along the line needs only ‖w‖², w·d and ‖d‖² (the intercept is not penalised).
    this.wDotD = 0;
    for (let j = 0; j < this.X.nCols; j++) this.wDotD += (x[j] as number) * (d[j] as number);
    this.dNorm2 = squaredNorm(d, this.X.nCols);
  }

  lineAt(alpha: number): [number, number] {
    const { z, q, y } = this;
    let loss = 0;
    let slope = 0;
    for (let r = 0; r < z.length; r++) {
      const qr = q[r] as number;
      const m = (z[r] as number) + alpha * qr;
      loss += softplus(m) - (y[r] as number) * m;
      slope += (sigmoid(m) - (y[r] as number)) * qr;
    }
    const n = z.length;
    const penalty = this.wNorm2 + 2 * alpha * this.wDotD + alpha * alpha * this.dNorm2;
    return [loss / n + 0.5 * this.lambda * penalty, slope / n + this.lambda * (this.wDotD + alpha * this.dNorm2)];
  }

  moveTo(alpha: number, x: Float64Array, grad: Float64Array): void {
    const { z, q } = this;
    const d = this.d as Float64Array;
    for (let r = 0; r < z.length; r++) z[r] = (z[r] as number) + alpha * (q[r] as number);
    for (let j = 0; j < x.length; j++) x[j] = (x[j] as number) + alpha * (d[j] as number);
    this.wNorm2 = squaredNorm(x, this.X.nCols);
    this.gradient(x, grad);
  }

  /** ∇ = [Xᵀ·(σ(z) − y) / n + λ·w, Σ(σ(z) − y) / n]. */
  private gradient(x: Float64Array, grad: Float64Array): void {
    const { X, z, y } = this;
    const { indptr, indices, data } = X;
    const n = X.nRows;
    grad.fill(0);
    let sumResidual = 0;
    for (let r = 0; r < n; r++) {
      const res = (sigmoid(z[r] as number) - (y[r] as number)) / n;
      sumResidual += res;
      for (let k = indptr[r] as number; k < (indptr[r + 1] as number); k++) {
        const j = indices[k] as number;
        grad[j] = (grad[j] as number) + (data[k] as number) * res;
      }
    }
    for (let j = 0; j < X.nCols; j++) grad[j] = (grad[j] as number) + this.lambda * (x[j] as number);
    grad[X.nCols] = sumResidual;
  }
}
