// Readers for the plain objects `fromJSON` accepts and the options `fit` accepts: each names the
// path of a bad value, so a hand-edited model file or a wrong parameter says which field to fix.
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import { MlCoreError } from './ml-core-error.js';

/** `invalid-json` for persisted objects, `invalid-argument` for options passed in code. */
export type FieldKind = 'invalid-json' | 'invalid-argument';

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'number') return String(value);
  return typeof value;
}

function invalid(kind: FieldKind, field: string, expected: string, value: unknown): MlCoreError {
  const fix = kind === 'invalid-json' ? 're-save the object with toJSON() or fix that field' : 'pass a valid value or leave it out for the default';
  return new MlCoreError(kind, field, `${field} must be ${expected} (got ${describe(value)}); ${fix}`);
}

export function readObject(value: unknown, field: string, kind: FieldKind = 'invalid-json'): Record<string, unknown> {
  if (!isPlainObject(value)) throw invalid(kind, field, 'an object', value);
  return value;
}

/** Checks the `format` tag and `version` every persisted object of ml_core carries. */
export function readHeader(obj: Record<string, unknown>, format: string, version: number, root: string): void {
  if (obj.format !== format) {
    throw new MlCoreError('invalid-json', `${root}.format`, `${root}.format must be "${format}" (got ${JSON.stringify(obj.format) ?? 'nothing'}): this is not a saved ${format.split('/').pop()}`);
  }
  if (obj.version !== version) {
    throw new MlCoreError('invalid-json', `${root}.version`, `${root}.version ${JSON.stringify(obj.version) ?? 'missing'} is not supported (this code reads version ${version}); re-fit and save the object with this version`);
  }
}

export interface NumberCheck {
  integer?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound. */
  above?: number;
  /** Inclusive upper bound. */
  max?: number;
  /** Exclusive upper bound. */
  below?: number;
}

export function readNumber(value: unknown, field: string, check: NumberCheck = {}, kind: FieldKind = 'invalid-json'): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw invalid(kind, field, 'a finite number', value);
  if (check.integer === true && !Number.isInteger(value)) throw invalid(kind, field, 'an integer', value);
  if (check.min !== undefined && value < check.min) throw invalid(kind, field, `≥ ${check.min}`, value);
  if (check.above !== undefined && value <= check.above) throw invalid(kind, field, `> ${check.above}`, value);
  if (check.max !== undefined && value > check.max) throw invalid(kind, field, `≤ ${check.max}`, value);
  if (check.below !== undefined && value >= check.below) throw invalid(kind, field, `< ${check.below}`, value);
  return value;
}

export function readBoolean(value: unknown, field: string, kind: FieldKind = 'invalid-json'): boolean {
  if (typeof value !== 'boolean') throw invalid(kind, field, 'true or false', value);
  return value;
}

export function readArray(value: unknown, field: string, kind: FieldKind = 'invalid-json'): unknown[] {
  if (!Array.isArray(value)) throw invalid(kind, field, 'an array', value);
  return value;
}

export function readNumberArray(value: unknown, field: string, check: NumberCheck & { length?: number } = {}): Float64Array {
  const items = readArray(value, field);
  if (check.length !== undefined && items.length !== check.length) {
    throw new MlCoreError('invalid-json', field, `${field} must hold ${check.length} numbers (got ${items.length}); the saved object is truncated or edited`);
  }
  const out = new Float64Array(items.length);
  for (let i = 0; i < items.length; i++) out[i] = readNumber(items[i], `${field}[${i}]`, check);
  return out;
}
