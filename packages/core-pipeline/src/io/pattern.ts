/**
 * Dataset factory patterns (`"{namespace}.{name}_csv"`), with the semantics of Python's `parse`
 * library as kedro uses it: `{field}` matches a non-empty, lazy run of any characters; a repeated
 * field must match the same text; `{}` is an anonymous field; `{{` and `}}` are literal braces; the
 * whole name must match, case-insensitively, across newlines.
 */
import { byCodePoint } from '../utils/py-repr.js';
import { isPlainObject } from '../utils/is-plain-object.js';

type Token = { kind: 'literal'; text: string } | { kind: 'field'; name: string };

export function isPattern(name: string): boolean {
  return name.includes('{');
}

function tokenize(template: string): Token[] {
  const tokens: Token[] = [];
  let literal = '';
  let i = 0;
  while (i < template.length) {
    const c = template[i] as string;
    const next = template[i + 1];
    if ((c === '{' || c === '}') && next === c) {
      literal += c;
      i += 2;
      continue;
    }
    const close = c === '{' ? template.indexOf('}', i + 1) : -1;
    if (close < 0) {
      // A lone brace has no closing partner: keep it as text.
      literal += c;
      i += 1;
      continue;
    }
    if (literal !== '') tokens.push({ kind: 'literal', text: literal });
    literal = '';
    tokens.push({ kind: 'field', name: template.slice(i + 1, close) });
    i = close + 1;
  }
  if (literal !== '') tokens.push({ kind: 'literal', text: literal });
  return tokens;
}

/** Names of the `{placeholders}` in a template (anonymous `{}` gives ''). */
export function placeholderNames(template: string): string[] {
  return tokenize(template).flatMap((t) => (t.kind === 'field' ? [t.name] : []));
}

interface CompiledPattern {
  regex: RegExp;
  groups: Map<string, number>;
}

const compiled = new Map<string, CompiledPattern>();

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

function compile(pattern: string): CompiledPattern {
  let found = compiled.get(pattern);
  if (found !== undefined) return found;
  const groups = new Map<string, number>();
  let count = 0;
  const source = tokenize(pattern)
    .map((token) => {
      if (token.kind === 'literal') return escapeRegExp(token.text);
      const seen = token.name === '' ? undefined : groups.get(token.name);
      // Wrapped so that a digit after the backreference is not read as part of its number.
      if (seen !== undefined) return `(?:\\${seen})`;
      count += 1;
      if (token.name !== '') groups.set(token.name, count);
      return '([\\s\\S]+?)';
    })
    .join('');
  found = { regex: new RegExp(`^${source}$`, 'is'), groups };
  compiled.set(pattern, found);
  return found;
}

/** The placeholder values if `name` matches `pattern`, else `undefined`. */
export function matchPattern(pattern: string, name: string): Record<string, string> | undefined {
  const { regex, groups } = compile(pattern);
  const m = regex.exec(name);
  if (m === null) return undefined;
  const values: Record<string, string> = {};
  for (const [field, index] of groups) values[field] = m[index] as string;
  return values;
}

/** Number of characters outside placeholders: the more literal text, the more specific. */
export function patternSpecificity(pattern: string): number {
  return tokenize(pattern).reduce((n, t) => n + (t.kind === 'literal' ? t.text.length : 0), 0);
}

/** Kedro's ranking: most specific first, then most placeholders, then alphabetical. */
export function rankPatterns(patterns: Iterable<string>): string[] {
  const braces = (p: string): number => p.split('{').length - 1;
  return [...patterns].sort(
    (a, b) => patternSpecificity(b) - patternSpecificity(a) || braces(b) - braces(a) || byCodePoint(a, b),
  );
}

function formatString(template: string, values: Record<string, string>): string {
  return tokenize(template)
    .map((t) => (t.kind === 'literal' ? t.text : (values[t.name] ?? `{${t.name}}`)))
    .join('');
}

/**
 * Substitute placeholder values into every string of a config (objects and arrays recursed; class
 * instances left alone, as kedro leaves tuple subclasses alone).
 */
export function formatConfig<T>(value: T, values: Record<string, string>): T {
  if (typeof value === 'string') return (value.includes('{') || value.includes('}') ? formatString(value, values) : value) as T;
  if (Array.isArray(value)) return value.map((v: unknown) => formatConfig(v, values)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, formatConfig(v, values)])) as T;
  }
  return value;
}

/** Every `{placeholder}` used in the strings of a config, written with its braces. */
export function configPlaceholders(value: unknown, into = new Set<string>()): Set<string> {
  if (typeof value === 'string') {
    for (const name of placeholderNames(value)) into.add(`{${name}}`);
  } else if (Array.isArray(value)) {
    for (const v of value) configPlaceholders(v, into);
  } else if (isPlainObject(value)) {
    for (const v of Object.values(value)) configPlaceholders(v, into);
  }
  return into;
}
