// Limited-memory BFGS (Nocedal & Wright, "Numerical Optimization", 2nd ed., algorithm 7.4) for a
// smooth, strictly convex objective, with scipy L-BFGS-B's stopping rules as scikit-learn sets them:
// max |gradient| ≤ tol, or a relative decrease of f ≤ ftol, or maxIter iterations. Steps satisfy the
// strong Wolfe conditions (algorithms 3.5 and 3.6 there): an overshooting step that Armijo alone
// accepts would feed L-BFGS poor curvature pairs and double the iterations.
// The objective evaluates trial steps along one direction itself (LineObjective), which lets the
// logistic loss try a step in O(rows) instead of a pass over the whole sparse matrix.

/** An objective seen along the line x + α·d of the current search direction. */
export interface LineObjective {
  /** Number of variables. */
  readonly size: number;
  /** f at the current point; fills `grad` with its gradient. Called once, at the start. */
  start(x: Float64Array, grad: Float64Array): number;
  /** Prepares trial steps along `d` from the current point `x`. */
  setDirection(x: Float64Array, d: Float64Array): void;
  /** [f(x + α·d), d·∇f(x + α·d)] for the direction of the last setDirection. */
  lineAt(alpha: number): [value: number, slope: number];
  /** Moves the current point to x + α·d (x is updated in place) and fills `grad` there. */
  moveTo(alpha: number, x: Float64Array, grad: Float64Array): void;
}

export interface LbfgsOptions {
  maxIter: number;
  tol: number;
  /** Pairs (s, y) kept (scipy's maxcor default). */
  memory?: number;
  ftol?: number;
  /** Trial steps per line search at most (scikit-learn passes maxls = 50). */
  maxLineSearch?: number;
}

export interface LbfgsResult {
  value: number;
  nIter: number;
  converged: boolean;
}

// Sufficient decrease and curvature constants of scipy's line search (dcsrch: ftol 1e-3, gtol 0.9).
const C1 = 1e-3;
const C2 = 0.9;

export function minimizeLbfgs(objective: LineObjective, x: Float64Array, opts: LbfgsOptions): LbfgsResult {
  const n = objective.size;
  const m = opts.memory ?? 10;
  const ftol = opts.ftol ?? 64 * Number.EPSILON;
  const maxLineSearch = opts.maxLineSearch ?? 50;
  const grad = new Float64Array(n);
  const prevGrad = new Float64Array(n);
  const d = new Float64Array(n);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const alphas = new Float64Array(m);
  let f = objective.start(x, grad);
  if (maxAbs(grad) <= opts.tol) return { value: f, nIter: 0, converged: true };
  for (let iter = 1; iter <= opts.maxIter; iter++) {
    direction(grad, s, y, rho, alphas, d);
    let slope = dot(grad, d);
    if (!(slope < 0)) {
      // Lost curvature information (round-off): restart from steepest descent.
      s.length = y.length = rho.length = 0;
      for (let i = 0; i < n; i++) d[i] = -(grad[i] as number);
      slope = dot(grad, d);
    }
    objective.setDirection(x, d);
    // The first step has no curvature scale yet: start at a unit-length move, as scipy does.
    const first = s.length === 0 ? Math.min(1, 1 / Math.sqrt(dot(d, d))) : 1;
    const step = wolfeStep(objective, f, slope, first, maxLineSearch);
    if (step === undefined) return { value: f, nIter: iter - 1, converged: false };
    prevGrad.set(grad);
    objective.moveTo(step.alpha, x, grad);
    const sk = s.length === m ? (s.shift() as Float64Array) : new Float64Array(n);
    const yk = y.length === m ? (y.shift() as Float64Array) : new Float64Array(n);
    if (rho.length === m) rho.shift();
    for (let i = 0; i < n; i++) {
      sk[i] = step.alpha * (d[i] as number);
      yk[i] = (grad[i] as number) - (prevGrad[i] as number);
    }
    const sy = dot(sk, yk);
    // Strict convexity gives s·y > 0; a non-positive value is round-off and would spoil H.
    if (sy > 0) {
      s.push(sk);
      y.push(yk);
      rho.push(1 / sy);
    }
    const decrease = (f - step.value) / Math.max(Math.abs(f), Math.abs(step.value), 1);
    f = step.value;
    if (maxAbs(grad) <= opts.tol || decrease <= ftol) return { value: f, nIter: iter, converged: true };
  }
  return { value: f, nIter: opts.maxIter, converged: false };
}

interface Step {
  alpha: number;
  value: number;
}

/** A step meeting the strong Wolfe conditions, or undefined when none is found in `maxTrials`. */
function wolfeStep(objective: LineObjective, f0: number, g0: number, first: number, maxTrials: number): Step | undefined {
  let prev = { alpha: 0, value: f0, slope: g0 };
  let alpha = first;
  for (let trial = 0; trial < maxTrials; trial++) {
    const [value, slope] = objective.lineAt(alpha);
    if (value > f0 + C1 * alpha * g0 || (trial > 0 && value >= prev.value)) {
      return zoom(objective, f0, g0, prev, { alpha, value, slope }, maxTrials - trial - 1);
    }
    if (Math.abs(slope) <= -C2 * g0) return { alpha, value };
    if (slope >= 0) return zoom(objective, f0, g0, { alpha, value, slope }, prev, maxTrials - trial - 1);
    prev = { alpha, value, slope };
    alpha *= 2;
  }
  return undefined;
}

interface Point {
  alpha: number;
  value: number;
  slope: number;
}

/** Shrinks [lo, hi] (lo: the lower value) around a strong Wolfe step, by cubic interpolation. */
function zoom(objective: LineObjective, f0: number, g0: number, lo: Point, hi: Point, maxTrials: number): Step | undefined {
  for (let trial = 0; trial < maxTrials; trial++) {
    const alpha = interpolate(lo, hi);
    const [value, slope] = objective.lineAt(alpha);
    if (value > f0 + C1 * alpha * g0 || value >= lo.value) {
      hi = { alpha, value, slope };
    } else {
      if (Math.abs(slope) <= -C2 * g0) return { alpha, value };
      if (slope * (hi.alpha - lo.alpha) >= 0) hi = lo;
      lo = { alpha, value, slope };
    }
    if (Math.abs(hi.alpha - lo.alpha) <= 1e-12 * Math.max(1, lo.alpha)) break;
  }
  // Out of trials: the best point seen still decreases f enough for the caller to make progress.
  return lo.alpha > 0 && lo.value <= f0 + C1 * lo.alpha * g0 ? { alpha: lo.alpha, value: lo.value } : undefined;
}

/** Minimiser of the cubic through both points (values and slopes), kept well inside the interval. */
function interpolate(a: Point, b: Point): number {
  const d1 = a.slope + b.slope - (3 * (a.value - b.value)) / (a.alpha - b.alpha);
  const root = d1 * d1 - a.slope * b.slope;
  const lo = Math.min(a.alpha, b.alpha);
  const hi = Math.max(a.alpha, b.alpha);
  const margin = 0.1 * (hi - lo);
  if (root >= 0) {
    const d2 = Math.sign(b.alpha - a.alpha) * Math.sqrt(root);
    const t = b.alpha - (b.alpha - a.alpha) * ((b.slope + d2 - d1) / (b.slope - a.slope + 2 * d2));
    if (Number.isFinite(t) && t >= lo + margin && t <= hi - margin) return t;
  }
  return (lo + hi) / 2;
}

/** d = −H·g by the two-loop recursion, H₀ scaled by s·y / y·y of the newest pair. */
function direction(grad: Float64Array, s: Float64Array[], y: Float64Array[], rho: number[], alphas: Float64Array, d: Float64Array): void {
  const n = grad.length;
  for (let i = 0; i < n; i++) d[i] = -(grad[i] as number);
  const k = s.length;
  for (let j = k - 1; j >= 0; j--) {
    const a = (rho[j] as number) * dot(s[j] as Float64Array, d);
    alphas[j] = a;
    axpy(-a, y[j] as Float64Array, d);
  }
  if (k > 0) {
    const yLast = y[k - 1] as Float64Array;
    const gamma = 1 / ((rho[k - 1] as number) * dot(yLast, yLast));
    for (let i = 0; i < n; i++) d[i] = (d[i] as number) * gamma;
  }
  for (let j = 0; j < k; j++) {
    const b = (rho[j] as number) * dot(y[j] as Float64Array, d);
    axpy((alphas[j] as number) - b, s[j] as Float64Array, d);
  }
}

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let i = 0; i < x.length; i++) y[i] = (y[i] as number) + a * (x[i] as number);
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] as number));
  return m;
}
