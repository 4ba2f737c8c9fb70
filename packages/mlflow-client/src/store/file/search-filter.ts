/**
 * MLflow's search filter and order-by grammar, parsed once for every search of the file store
 * (runs, experiments, logged models, registered models, model versions):
 *
 *   filter  := clause (AND clause)*
 *   clause  := ident op value | ident [NOT] IN '(' string (',' string)* ')' | ident IS [NOT] NULL
 *   ident   := [entity '.'] key      entity: metric(s), param(s)/parameter(s), tag(s),
 *                                     attribute(s)/attr/run, dataset(s); none = attribute
 *   key     := word chars and dots, or a "…" / `…` quoted name
 *   op      := = | != | <> | < | <= | > | >= | LIKE | ILIKE
 *   value   := 'string' | "string" | number
 *
 * Which entities, attributes and operators are allowed is decided per search (search-domains.ts).
 */
import { MlflowApiError } from '../../errors/mlflow-api-error.js';

export type Entity = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';
export type Comparator = '=' | '!=' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN' | 'IS NULL' | 'IS NOT NULL';

export interface Clause {
  entity: Entity;
  key: string;
  comparator: Comparator;
  /** string for quoted values, number for numbers, string[] for IN lists, null for IS [NOT] NULL */
  value: string | number | string[] | null;
}

export interface OrderByClause {
  entity: Entity;
  key: string;
  ascending: boolean;
}

type Token =
  | { kind: 'ident'; text: string; quotedKey?: string; entity?: string }
  | { kind: 'string'; text: string }
  | { kind: 'number'; value: number; text: string }
  | { kind: 'op'; text: string }
  | { kind: 'word'; text: string }
  | { kind: 'punct'; text: '(' | ')' | ',' };

function invalid(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message });
}

const KEYWORDS = new Set(['AND', 'OR', 'LIKE', 'ILIKE', 'IN', 'NOT', 'IS', 'NULL', 'ASC', 'DESC']);

/** Reads a quoted run starting at `i` (the quote char); returns [content, nextIndex]. */
function readQuoted(input: string, i: number): [string, number] {
  const quote = input[i]!;
  let j = i + 1;
  while (j < input.length) {
    const ch = input[j]!;
    if (ch === '\\' && quote !== '`' && j + 1 < input.length) {
      j += 2;
      continue;
    }
    if (ch === quote) {
      if (quote !== '`' && input[j + 1] === quote) {
        j += 2;
        continue;
      }
      // Like MLflow, the content is taken verbatim between the outer quotes.
      return [input.slice(i + 1, j), j + 1];
    }
    j++;
  }
  throw invalid(`Invalid filter: unterminated quoted text starting at position ${i}: ${input.slice(i, i + 30)}`);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      tokens.push({ kind: 'punct', text: ch });
      i++;
      continue;
    }
    const op = /^(<=|>=|!=|<>|=|<|>)/.exec(input.slice(i));
    if (op) {
      tokens.push({ kind: 'op', text: op[1] === '<>' ? '!=' : op[1]! });
      i += op[1]!.length;
      continue;
    }
    if (ch === "'") {
      const [text, next] = readQuoted(input, i);
      tokens.push({ kind: 'string', text });
      i = next;
      continue;
    }
    if (ch === '"' || ch === '`') {
      // A quoted identifier, or (for ") a string value; the parser decides from the position.
      const [text, next] = readQuoted(input, i);
      tokens.push({ kind: 'ident', text, quotedKey: text });
      i = next;
      continue;
    }
    const num = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?(?![\w.])/.exec(input.slice(i));
    if (num && (ch !== '-' && ch !== '+' ? true : tokens.length > 0 && tokens[tokens.length - 1]!.kind === 'op')) {
      tokens.push({ kind: 'number', value: Number(num[0]), text: num[0] });
      i += num[0].length;
      continue;
    }
    const word = /^[\w.]+/u.exec(input.slice(i));
    if (word) {
      let text = word[0];
      i += text.length;
      if (KEYWORDS.has(text.toUpperCase()) && !text.includes('.')) {
        tokens.push({ kind: 'word', text: text.toUpperCase() });
        continue;
      }
      // `entity.` followed by a quoted key: metrics."my key", tags.`a b`
      if (text.endsWith('.') && (input[i] === '"' || input[i] === '`')) {
        const [key, next] = readQuoted(input, i);
        i = next;
        tokens.push({ kind: 'ident', text: `${text}${key}`, entity: text.slice(0, -1), quotedKey: key });
        continue;
      }
      tokens.push({ kind: 'ident', text });
      continue;
    }
    throw invalid(`Invalid filter: unexpected character '${ch}' at position ${i} in '${input}'.`);
  }
  return tokens;
}

const ENTITY_NAMES: Record<string, Entity> = {
  metric: 'metric',
  metrics: 'metric',
  param: 'param',
  params: 'param',
  parameter: 'param',
  parameters: 'param',
  tag: 'tag',
  tags: 'tag',
  attribute: 'attribute',
  attributes: 'attribute',
  attr: 'attribute',
  run: 'attribute',
  dataset: 'dataset',
  datasets: 'dataset',
};

function identifierOf(token: Token): { entity: Entity; key: string } {
  if (token.kind !== 'ident') throw invalid(`Invalid filter: expected an identifier, found '${token.text}'.`);
  if (token.entity !== undefined) {
    const entity = ENTITY_NAMES[token.entity.replace(/`/g, '')];
    if (entity === undefined) throw invalid(`Invalid entity type '${token.entity}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']`);
    return { entity, key: token.quotedKey! };
  }
  if (token.quotedKey !== undefined) return { entity: 'attribute', key: token.quotedKey };
  const dot = token.text.indexOf('.');
  if (dot < 0) return { entity: 'attribute', key: token.text };
  const entityName = token.text.slice(0, dot);
  const entity = ENTITY_NAMES[entityName];
  if (entity === undefined) throw invalid(`Invalid entity type '${entityName}'. Valid values are ['metric', 'parameter', 'tag', 'attribute', 'dataset']`);
  const key = token.text.slice(dot + 1);
  if (key === '') throw invalid(`Invalid identifier '${token.text}'.`);
  return { entity, key };
}

class Cursor {
  private index = 0;
  constructor(private readonly tokens: Token[], private readonly source: string) {}
  peek(offset = 0): Token | undefined {
    return this.tokens[this.index + offset];
  }
  next(): Token {
    const token = this.tokens[this.index++];
    if (token === undefined) throw invalid(`Invalid filter '${this.source}': unexpected end of the expression.`);
    return token;
  }
  done(): boolean {
    return this.index >= this.tokens.length;
  }
  isWord(text: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t !== undefined && t.kind === 'word' && t.text === text;
  }
}

function parseValue(cursor: Cursor): string | number {
  const token = cursor.next();
  if (token.kind === 'string') return token.text;
  if (token.kind === 'number') return token.value;
  if (token.kind === 'ident' && token.quotedKey !== undefined && token.entity === undefined) return token.quotedKey;
  throw invalid(`Invalid filter: expected a quoted string or a number, found '${'text' in token ? token.text : ''}'. Quote string values with single quotes.`);
}

function parseList(cursor: Cursor): string[] {
  const open = cursor.next();
  if (open.kind !== 'punct' || open.text !== '(') throw invalid("Invalid filter: expected '(' after IN.");
  const values: string[] = [];
  for (;;) {
    const token = cursor.next();
    if (token.kind === 'string') values.push(token.text);
    else if (token.kind === 'ident' && token.quotedKey !== undefined && token.entity === undefined) values.push(token.quotedKey);
    else throw invalid('While parsing a list in the query, expected string value, punctuation, or whitespace, but got different type in list.');
    const sep = cursor.next();
    if (sep.kind === 'punct' && sep.text === ')') break;
    if (sep.kind !== 'punct' || sep.text !== ',') throw invalid("Invalid filter: expected ',' or ')' in a list.");
  }
  if (values.length === 0) throw invalid('Invalid filter: empty list.');
  return values;
}

function parseClause(cursor: Cursor): Clause {
  const { entity, key } = identifierOf(cursor.next());
  if (cursor.isWord('IS')) {
    cursor.next();
    const not = cursor.isWord('NOT');
    if (not) cursor.next();
    if (!cursor.isWord('NULL')) throw invalid('Invalid filter: expected NULL after IS [NOT].');
    cursor.next();
    return { entity, key, comparator: not ? 'IS NOT NULL' : 'IS NULL', value: null };
  }
  if (cursor.isWord('NOT') && cursor.isWord('IN', 1)) {
    cursor.next();
    cursor.next();
    return { entity, key, comparator: 'NOT IN', value: parseList(cursor) };
  }
  if (cursor.isWord('IN')) {
    cursor.next();
    return { entity, key, comparator: 'IN', value: parseList(cursor) };
  }
  const op = cursor.next();
  let comparator: Comparator;
  if (op.kind === 'op') comparator = op.text as Comparator;
  else if (op.kind === 'word' && (op.text === 'LIKE' || op.text === 'ILIKE')) comparator = op.text;
  else throw invalid(`Invalid comparison clause: expected a comparison operator after '${key}'.`);
  return { entity, key, comparator, value: parseValue(cursor) };
}

/** Parses a filter string into AND-ed clauses ([] for an empty filter). */
export function parseFilter(filter: string | undefined): Clause[] {
  if (filter === undefined || filter.trim() === '') return [];
  const cursor = new Cursor(tokenize(filter), filter);
  const clauses: Clause[] = [parseClause(cursor)];
  while (!cursor.done()) {
    if (cursor.isWord('OR')) throw invalid(`Invalid clause(s) in filter string: OR. Only AND is supported ('${filter}').`);
    if (!cursor.isWord('AND')) {
      const t = cursor.peek()!;
      throw invalid(`Invalid clause(s) in filter string: '${t.text}' ('${filter}').`);
    }
    cursor.next();
    clauses.push(parseClause(cursor));
  }
  return clauses;
}

/** Parses one order-by entry: `metrics.acc DESC`, `name`, `` tags.`a b` ASC ``. */
export function parseOrderBy(text: string): OrderByClause {
  const tokens = tokenize(text);
  if (tokens.length === 0 || tokens.length > 2) throw invalid(`Invalid order_by clause '${text}'. Could not be parsed.`);
  const { entity, key } = identifierOf(tokens[0]!);
  let ascending = true;
  if (tokens.length === 2) {
    const dir = tokens[1]!;
    if (dir.kind !== 'word' || (dir.text !== 'ASC' && dir.text !== 'DESC')) {
      throw invalid(`Invalid ordering key in order_by clause '${text}'.`);
    }
    ascending = dir.text === 'ASC';
  }
  return { entity, key, ascending };
}
