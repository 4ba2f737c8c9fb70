/**
 * Evaluating parsed filters (search-filter.ts) against entities, ordering and paging — the
 * semantics of MLflow's in-memory search (`SearchUtils` and friends), shared by every search of
 * the file store. Each search describes what it accepts with a `SearchDomain`.
 */
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import type { PagedList } from '../../entities/common.js';
import { parseFilter, parseOrderBy, type Clause, type Comparator, type Entity, type OrderByClause } from './search-filter.js';

function invalid(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message });
}

const NUMERIC_OPS: Comparator[] = ['=', '!=', '<', '<=', '>', '>='];
const STRING_OPS: Comparator[] = ['=', '!=', 'LIKE', 'ILIKE', 'IN', 'NOT IN'];

export interface SearchDomain {
  /** e.g. 'runs', for messages */
  what: string;
  /** Entities allowed besides `attribute`. */
  entities: Entity[];
  stringAttributes: string[];
  numericAttributes: string[];
  /** Attributes that accept `IN (...)` lists. */
  listAttributes: string[];
  /** Alternate attribute names (`created` → `start_time`). */
  aliases?: Record<string, string>;
  tagOps: Comparator[];
  paramOps?: Comparator[];
  /** Attributes allowed in order_by (defaults to string + numeric attributes). */
  orderAttributes?: string[];
  /** Entities allowed in order_by besides `attribute`. */
  orderEntities?: Entity[];
}

function checkOp(op: Comparator, allowed: Comparator[], what: string): void {
  if (!allowed.includes(op)) throw invalid(`Invalid comparator '${op}' for ${what}; expected one of ${JSON.stringify(allowed)}.`);
}

/** Parses and validates a filter for a domain; attribute aliases are resolved. */
export function compileFilter(domain: SearchDomain, filter: string | undefined): Clause[] {
  return parseFilter(filter).map((clause) => {
    const c: Clause = { ...clause };
    if (c.entity === 'attribute') c.key = domain.aliases?.[c.key] ?? c.key;
    if (c.entity !== 'attribute' && !domain.entities.includes(c.entity)) {
      throw invalid(`Invalid entity type '${c.entity}' in a search of ${domain.what}.`);
    }
    switch (c.entity) {
      case 'metric':
        checkOp(c.comparator, NUMERIC_OPS, 'metrics');
        if (typeof c.value !== 'number') throw invalid(`Expected numeric value type for metric. Found ${String(c.value)}`);
        break;
      case 'param':
      case 'tag': {
        const ops = c.entity === 'tag' ? domain.tagOps : domain.paramOps ?? domain.tagOps;
        checkOp(c.comparator, ops, `${c.entity}s`);
        if (c.comparator !== 'IS NULL' && c.comparator !== 'IS NOT NULL' && typeof c.value !== 'string') {
          throw invalid(`Expected a quoted string value for ${c.entity === 'param' ? 'parameter' : 'tag'} (e.g. 'my-value'). Got value ${String(c.value)}`);
        }
        break;
      }
      case 'dataset':
        if (!['name', 'digest', 'context'].includes(c.key)) throw invalid(`Invalid dataset key '${c.key}' specified. Valid keys are 'name', 'digest', 'context'`);
        checkOp(c.comparator, STRING_OPS, 'datasets');
        if (typeof c.value === 'number') throw invalid('Expected a quoted string value for dataset attributes.');
        break;
      case 'attribute':
        if (domain.numericAttributes.includes(c.key)) {
          checkOp(c.comparator, NUMERIC_OPS, `attribute '${c.key}'`);
          if (typeof c.value !== 'number') throw invalid(`Expected numeric value type for numeric attribute: ${c.key}. Found ${String(c.value)}`);
        } else if (domain.stringAttributes.includes(c.key)) {
          checkOp(c.comparator, STRING_OPS, `attribute '${c.key}'`);
          if (Array.isArray(c.value) && !domain.listAttributes.includes(c.key)) {
            throw invalid(`Only ${JSON.stringify(domain.listAttributes)} attributes support comparison with a list of quoted string values.`);
          }
          if (typeof c.value === 'number') throw invalid(`Expected a quoted string value for attributes. Got value ${c.value}`);
        } else {
          throw invalid(`Invalid attribute key '${c.key}' specified. Valid keys are '${JSON.stringify([...domain.stringAttributes, ...domain.numericAttributes])}'`);
        }
        break;
    }
    return c;
  });
}

export function likeRegex(pattern: string, ignoreCase: boolean): RegExp {
  let body = '';
  for (const ch of pattern) {
    if (ch === '%') body += '.*';
    else if (ch === '_') body += '.';
    else body += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${body}${pattern.endsWith('%') ? '' : '$'}`, ignoreCase ? 'iu' : 'u');
}

/** One comparison, MLflow's way: a missing left-hand side never matches (except IS NULL). */
export function compare(comparator: Comparator, lhs: string | number | undefined, value: Clause['value']): boolean {
  if (comparator === 'IS NULL') return lhs === undefined;
  if (comparator === 'IS NOT NULL') return lhs !== undefined;
  if (lhs === undefined) return false;
  switch (comparator) {
    case '=':
      return lhs === value;
    case '!=':
      return lhs !== value;
    case '<':
      return lhs < (value as number | string);
    case '<=':
      return lhs <= (value as number | string);
    case '>':
      return lhs > (value as number | string);
    case '>=':
      return lhs >= (value as number | string);
    case 'LIKE':
    case 'ILIKE':
      return typeof lhs === 'string' && likeRegex(String(value), comparator === 'ILIKE').test(lhs);
    case 'IN':
      return (value as string[]).includes(String(lhs));
    case 'NOT IN':
      return !(value as string[]).includes(String(lhs));
  }
}

/**
 * How a search reads an entity: the value of `entity.key`, or for datasets every candidate value
 * (the clause matches when any does).
 */
export type Lookup = (entity: Entity, key: string) => string | number | undefined | Array<string | undefined>;

export function matchesAll(clauses: Clause[], lookup: Lookup): boolean {
  return clauses.every((clause) => {
    const lhs = lookup(clause.entity, clause.key);
    if (Array.isArray(lhs)) return lhs.some((v) => compare(clause.comparator, v, clause.value));
    return compare(clause.comparator, lhs, clause.value);
  });
}

export function compileOrderBy(domain: SearchDomain, orderBy: string[] | undefined): OrderByClause[] {
  const attributes = domain.orderAttributes ?? [...domain.stringAttributes, ...domain.numericAttributes];
  return (orderBy ?? []).map((text) => {
    const o = parseOrderBy(text);
    if (o.entity === 'attribute') {
      o.key = domain.aliases?.[o.key] ?? o.key;
      if (!attributes.includes(o.key)) throw invalid(`Invalid order_by key '${o.key}' for ${domain.what}. Valid keys are ${JSON.stringify(attributes)}.`);
    } else if (!(domain.orderEntities ?? []).includes(o.entity)) {
      throw invalid(`Invalid order_by entity: ${o.entity}`);
    }
    return o;
  });
}

export type SortValue = string | number | undefined;

export interface SortKey<T> {
  get: (item: T) => SortValue;
  ascending: boolean;
}

/** Rank of a value: real values first, then NaN, then missing ones (both directions). */
function rank(v: SortValue): number {
  if (v === undefined) return 2;
  if (typeof v === 'number' && Number.isNaN(v)) return 1;
  return 0;
}

/** A stable multi-key sort; missing values and NaN always go last. */
export function sortBy<T>(items: T[], keys: SortKey<T>[]): T[] {
  const decorated = items.map((item) => ({ item, values: keys.map((k) => k.get(item)) }));
  decorated.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const x = a.values[i];
      const y = b.values[i];
      const rx = rank(x);
      const ry = rank(y);
      if (rx !== ry) return rx - ry;
      if (rx !== 0) continue;
      if (x === y) continue;
      const less = (x as string | number) < (y as string | number);
      return (less ? -1 : 1) * (keys[i]!.ascending ? 1 : -1);
    }
    return 0;
  });
  return decorated.map((d) => d.item);
}

/** Page tokens in MLflow's own format (base64 of `{"offset": n}`), so Python's tokens work too. */
export function encodePageToken(offset: number): string {
  return Buffer.from(JSON.stringify({ offset }), 'utf8').toString('base64');
}

export function decodePageToken(token: string | undefined): number {
  if (token === undefined || token === '') return 0;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64').toString('utf8'));
  } catch {
    throw invalid(`Invalid page token, could not base64-decode '${token}'`);
  }
  const offset = (parsed as { offset?: unknown } | null)?.offset;
  const n = typeof offset === 'number' ? offset : Number(offset);
  if (!Number.isInteger(n) || n < 0) throw invalid(`Invalid page token, parsed value=${JSON.stringify(parsed)}`);
  return n;
}

export function paginate<T>(items: T[], pageToken: string | undefined, maxResults: number): PagedList<T> {
  const start = decodePageToken(pageToken);
  const end = start + maxResults;
  const page: PagedList<T> = { items: items.slice(start, end) };
  if (end < items.length) page.nextPageToken = encodePageToken(end);
  return page;
}

/** `maxResults` defaulted and checked against a search's limit. */
export function checkMaxResults(maxResults: number | undefined, fallback: number, limit: number): number {
  if (maxResults === undefined || maxResults === null) return fallback;
  if (!Number.isInteger(maxResults) || maxResults < 1) {
    throw invalid(`Invalid value ${String(maxResults)} for parameter 'max_results' supplied. It must be a positive integer`);
  }
  if (maxResults > limit) throw invalid(`Invalid value ${maxResults} for parameter 'max_results' supplied. It must be at most ${limit}`);
  return maxResults;
}
