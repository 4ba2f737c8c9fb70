// A compressed sparse row (CSR) matrix, scipy.sparse.csr_matrix's layout: the values of row r are
// data[indptr[r] .. indptr[r + 1]) at the columns indices[…]. Tf-idf rows of a review hold ~100
// non-zeros out of 20,000 columns, so the products the classifier needs cost O(non-zeros).
import { MlCoreError } from './ml-core-error.js';

export type SparseValues = Float64Array | Float32Array;

export class SparseMatrix {
  readonly indptr: Int32Array;
  readonly indices: Int32Array;
  readonly data: SparseValues;
  readonly nRows: number;
  readonly nCols: number;

  /** Checks the structure once (O(non-zeros)), so the numeric loops never read out of bounds. */
  constructor(parts: { indptr: Int32Array; indices: Int32Array; data: SparseValues; nRows: number; nCols: number }) {
    const { indptr, indices, data, nRows, nCols } = parts;
    const fail = (field: string, what: string): never => {
      throw new MlCoreError('invalid-argument', field, `SparseMatrix: ${what}`);
    };
    if (!Number.isInteger(nRows) || nRows < 0) fail('nRows', `nRows must be an integer ≥ 0 (got ${nRows})`);
    if (!Number.isInteger(nCols) || nCols < 0) fail('nCols', `nCols must be an integer ≥ 0 (got ${nCols})`);
    if (indptr.length !== nRows + 1) fail('indptr', `indptr must hold nRows + 1 = ${nRows + 1} offsets (got ${indptr.length})`);
    if (indptr[0] !== 0) fail('indptr', `indptr[0] must be 0 (got ${indptr[0]})`);
    const nnz = indptr[nRows] as number;
    if (indices.length !== nnz || data.length !== nnz) fail('indices', `indices and data must both hold indptr[nRows] = ${nnz} values (got ${indices.length} and ${data.length})`);
    for (let r = 0; r < nRows; r++) {
      if ((indptr[r + 1] as number) < (indptr[r] as number)) fail('indptr', `indptr must not decrease (row ${r})`);
    }
    for (let k = 0; k < nnz; k++) {
      const c = indices[k] as number;
      if (c < 0 || c >= nCols) fail(`indices[${k}]`, `column ${c} is outside 0..${nCols - 1}`);
      if (!Number.isFinite(data[k] as number)) fail(`data[${k}]`, `value ${data[k]} is not finite`);
    }
    this.indptr = indptr;
    this.indices = indices;
    this.data = data;
    this.nRows = nRows;
    this.nCols = nCols;
  }

  get nnz(): number {
    return this.indptr[this.nRows] as number;
  }

  /** X·v + bias for each row (v holds at least nCols values; extra ones are ignored). */
  multiply(v: Float64Array, bias = 0, out: Float64Array = new Float64Array(this.nRows)): Float64Array {
    const { indptr, indices, data } = this;
    for (let r = 0; r < this.nRows; r++) {
      let sum = bias;
      for (let k = indptr[r] as number; k < (indptr[r + 1] as number); k++) sum += (data[k] as number) * (v[indices[k] as number] as number);
      out[r] = sum;
    }
    return out;
  }

  /** Builds a CSR matrix from dense rows (tests and small inputs); zeros are not stored. */
  static fromDense(rows: readonly (readonly number[])[], nCols?: number): SparseMatrix {
    const cols = nCols ?? rows[0]?.length ?? 0;
    const indptr = new Int32Array(rows.length + 1);
    const indices: number[] = [];
    const data: number[] = [];
    rows.forEach((row, r) => {
      if (row.length !== cols) throw new MlCoreError('shape-mismatch', `rows[${r}]`, `SparseMatrix.fromDense: row ${r} has ${row.length} values, the others ${cols}`);
      row.forEach((v, c) => {
        if (v !== 0) {
          indices.push(c);
          data.push(v);
        }
      });
      indptr[r + 1] = indices.length;
    });
    return new SparseMatrix({ indptr, indices: Int32Array.from(indices), data: Float64Array.from(data), nRows: rows.length, nCols: cols });
  }

  /** Rows as dense arrays (tests and small outputs only: nRows × nCols numbers). */
  toDense(): number[][] {
    const out: number[][] = [];
    for (let r = 0; r < this.nRows; r++) {
      const row = new Array<number>(this.nCols).fill(0);
      for (let k = this.indptr[r] as number; k < (this.indptr[r + 1] as number); k++) row[this.indices[k] as number] = this.data[k] as number;
      out.push(row);
    }
    return out;
  }

  /** The rows at `rows`, in that order (a train/test subset of one matrix). */
  selectRows(rows: ArrayLike<number>): SparseMatrix {
    const indptr = new Int32Array(rows.length + 1);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      if (!Number.isInteger(r) || r < 0 || r >= this.nRows) throw new MlCoreError('invalid-argument', `rows[${i}]`, `selectRows: row ${r} is outside 0..${this.nRows - 1}`);
      indptr[i + 1] = (indptr[i] as number) + (this.indptr[r + 1] as number) - (this.indptr[r] as number);
    }
    const nnz = indptr[rows.length] as number;
    const indices = new Int32Array(nnz);
    const data = this.data instanceof Float32Array ? new Float32Array(nnz) : new Float64Array(nnz);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] as number;
      const from = this.indptr[r] as number;
      const to = this.indptr[r + 1] as number;
      indices.set(this.indices.subarray(from, to), indptr[i] as number);
      data.set(this.data.subarray(from, to), indptr[i] as number);
    }
    return new SparseMatrix({ indptr, indices, data, nRows: rows.length, nCols: this.nCols });
  }
}
