/**
 * The type of each CSV column. CSV holds only text, so a column's type is inferred from all of its
 * values, as pandas does: numbers, booleans (`true`/`True`/`TRUE`), ISO-8601 dates (no zone: UTC),
 * else strings. A quoted value marks its column as text: CSVDataset quotes every string it writes,
 * so a string column of digits, or an empty string next to a missing value, survives a round trip.
 * `load_args.dtype` pins a column's type (pandas names such as `str`, `float64`, `bool` work).
 */
export type CsvType = 'string' | 'number' | 'boolean' | 'date' | 'bigint';

const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
const SPECIAL_NUMBERS: Readonly<Record<string, number>> = {
  inf: Infinity, '+inf': Infinity, '-inf': -Infinity, Infinity, '+Infinity': Infinity, '-Infinity': -Infinity, nan: NaN, NaN,
};
const BOOLEANS: Readonly<Record<string, boolean>> = { true: true, True: true, TRUE: true, false: false, False: false, FALSE: false };
const ISO_DATE = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/;
const BIGINT = /^[+-]?\d+$/;

function toNumber(text: string): number | undefined {
  if (NUMBER.test(text)) return Number(text);
  return Object.hasOwn(SPECIAL_NUMBERS, text) ? SPECIAL_NUMBERS[text] : undefined;
}

function toBoolean(text: string): boolean | undefined {
  return Object.hasOwn(BOOLEANS, text) ? BOOLEANS[text] : undefined;
}

function toDate(text: string): Date | undefined {
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  const [, day, hm = '00:00', seconds = ':00', zone = 'Z'] = m;
  // Date parsing keeps milliseconds only; longer fractions (pandas writes microseconds) are cut.
  const [whole = ':00', fraction = ''] = seconds.split('.');
  const offset = zone === 'Z' ? zone : zone.length === 3 ? `${zone}:00` : zone.includes(':') ? zone : `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const date = new Date(`${day}T${hm}${whole}${fraction === '' ? '' : `.${fraction.slice(0, 3).padEnd(3, '0')}`}${offset}`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

function toBigInt(text: string): bigint | undefined {
  return BIGINT.test(text) ? BigInt(text) : undefined;
}

const CONVERTERS: Readonly<Record<Exclude<CsvType, 'string'>, (text: string) => unknown>> = {
  number: toNumber,
  boolean: toBoolean,
  date: toDate,
  bigint: toBigInt,
};

/** The inferred type of a column (`quoted`: some value of it was quoted). */
export function inferCsvType(values: ReadonlyArray<string | null>, quoted: boolean): CsvType {
  if (quoted) return 'string';
  const candidates: Array<'number' | 'boolean' | 'date'> = ['number', 'boolean', 'date'];
  let seen = false;
  for (const value of values) {
    if (value === null) continue;
    seen = true;
    for (let i = candidates.length - 1; i >= 0; i--) {
      if (CONVERTERS[candidates[i]!](value) === undefined) candidates.splice(i, 1);
    }
    if (candidates.length === 0) return 'string';
  }
  return seen ? candidates[0]! : 'string';
}

/**
 * The column's values as `type`. With a pinned dtype a value that does not convert is an error
 * naming the column, the value and its row (1 = the first data row).
 */
export function convertCsvColumn(values: ReadonlyArray<string | null>, type: CsvType, column: string): unknown[] {
  if (type === 'string') return values as unknown[];
  const convert = CONVERTERS[type];
  return values.map((value, row) => {
    if (value === null) return null;
    const converted = convert(value);
    if (converted === undefined) {
      throw new Error(`column '${column}' has ${JSON.stringify(value)} in data row ${row + 1}, which is not a ${type} (see 'load_args.dtype')`);
    }
    return converted;
  });
}

const DTYPES: ReadonlyArray<readonly [RegExp, CsvType]> = [
  [/^(str|string|object|category|unicode)$/, 'string'],
  [/^(number|float|double|int|u?int(8|16|32|64)|U?Int(8|16|32|64)|float(16|32|64)|Float(32|64))$/, 'number'],
  [/^(bool|boolean)$/, 'boolean'],
  [/^(date|datetime|datetime64(\[(s|ms|us|ns)(, ?UTC)?\])?)$/, 'date'],
  [/^bigint$/, 'bigint'],
];

/** The CsvType a dtype name stands for, or undefined for an unknown name. */
export function csvTypeOfDtype(dtype: string): CsvType | undefined {
  return DTYPES.find(([pattern]) => pattern.test(dtype))?.[1];
}

export const DTYPE_HINT = "'str', 'float64', 'int64', 'bool', 'datetime64' or 'bigint'";
