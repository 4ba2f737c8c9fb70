/**
 * Reading and writing MLflow's protobuf-JSON: snake_case objects, absent arrays, enums by name (ints
 * accepted on read), int64 as numbers or numeric strings, doubles with "NaN"/"Infinity" strings.
 */
export type Wire = Record<string, unknown>;

export function obj(value: unknown): Wire {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Wire) : {};
}

/** Absent or non-array → `[]`. */
export function arr(value: unknown): Wire[] {
  return Array.isArray(value) ? (value.map(obj) as Wire[]) : [];
}

export function str(value: unknown, fallback = ''): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return fallback;
}

/** Optional strings: absent, null and `""` become undefined. */
export function optStr(value: unknown): string | undefined {
  const s = str(value);
  return s === '' ? undefined : s;
}

/** int64 fields: JSON numbers, or numeric strings from other encoders. */
export function optInt(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
  return undefined;
}

export function int(value: unknown, fallback = 0): number {
  return optInt(value) ?? fallback;
}

/** Non-finite doubles travel as the proto3 JSON strings. */
export function encodeDouble(value: number): number | string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  return value;
}

export function decodeDouble(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const v = value.trim();
    if (v === 'NaN' || v.toLowerCase() === 'nan') return NaN;
    if (v === 'Infinity' || v.toLowerCase() === 'inf' || v === '+Infinity') return Infinity;
    if (v === '-Infinity' || v.toLowerCase() === '-inf') return -Infinity;
    const n = Number(v);
    return v === '' ? NaN : n;
  }
  return NaN;
}

/** An enum by name; ints are mapped through `byNumber` (proto numbering). */
export function enumValue<T extends string>(value: unknown, byNumber: Record<number, T>, names: readonly T[], fallback: T): T {
  if (typeof value === 'number') return byNumber[value] ?? fallback;
  if (typeof value === 'string') {
    if ((names as readonly string[]).includes(value)) return value as T;
    if (/^\d+$/.test(value)) return byNumber[Number(value)] ?? fallback;
  }
  return fallback;
}

/** `[{key, value}]` → record (the last value of a repeated key wins). */
export function tagsToRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of arr(value)) out[str(t.key)] = str(t.value);
  return out;
}

/** record → `[{key, value}]`, or undefined when empty so the field is left out. */
export function recordToTags(record: Record<string, string> | undefined): Array<{ key: string; value: string }> | undefined {
  if (record === undefined) return undefined;
  const entries = Object.entries(record);
  return entries.length === 0 ? undefined : entries.map(([key, value]) => ({ key, value: String(value) }));
}

/** Drops undefined fields so the request JSON only carries what was given. */
export function compact<T extends Wire>(value: T): T {
  const out: Wire = {};
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = v;
  return out as T;
}
