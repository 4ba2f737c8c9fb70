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
    const { X, z } = this;
    const { indptr, indices, data } = X;
    const b = x[X.nCols] as number;
    for (let r = 0; r < X.nRows; r++) {
      let sum = b;
      for (let k = indptr[r] as number; k < (indptr[r + 1] as number); k++) sum += (data[k] as number) * (x[indices[k] as number] as number);
      z[r] = sum;
    }
    this.wNorm2 = 0;
    for (let j = 0; j < X.nCols; j++) this.wNorm2 += (x[j] as number) ** 2;
    this.gradient(x, grad);
    return this.lineAt(0)[0];
  }

  setDirection(x: Float64Array, d: Float64Array): void {
    const { X, q } = this;
    const { indptr, indices, data } = X;
    const db = d[X.nCols] as number;
    for (let r = 0; r < X.nRows; r++) {
      let sum = db;
      for (let k = indptr[r] as number; k < (indptr[r + 1] as number); k++) sum += (data[k] as number) * (d[indices[k] as number] as number);
      q[r] = sum;
    }
    this.d = d;
    // The penalty along the line needs only ‖w‖², w·d and ‖d‖² (the intercept is not penalised).
    this.wDotD = 0;
    this.dNorm2 = 0;
    for (let j = 0; j < X.nCols; j++) {
      this.wDotD += (x[j] as number) * (d[j] as number);
      this.dNorm2 += (d[j] as number) ** 2;
    }
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
    const { z, q, X } = this;
    const d = this.d as Float64Array;
    for (let r = 0; r < z.length; r++) z[r] = (z[r] as number) + alpha * (q[r] as number);
    for (let j = 0; j < x.length; j++) x[j] = (x[j] as number) + alpha * (d[j] as number);
    this.wNorm2 = 0;
    for (let j = 0; j < X.nCols; j++) this.wNorm2 += (x[j] as number) ** 2;
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
