/**
 * Kedro checks at definition time that a node's inputs bind to its function's signature. JS has no
 * signature introspection, so we read the parameter list from `fn.toString()`. The parser is
 * deliberately small: when it meets anything it does not understand (native or bound functions,
 * classes, a regular expression in a default value...) it gives up and the check is skipped.
 */
import { pyList } from '../utils/py-repr.js';
import { readableFuncName } from './node-name.js';
import { ioToText, isIORecord, isStringList, type NodeIORaw } from './node-io.js';
import { isGeneratorFunction } from './node-run.js';

export interface ParsedParameter {
  /** The parameter as written, without its default value (`a`, `...rest`, `{ a, b }`). */
  readonly text: string;
  readonly rest: boolean;
  readonly hasDefault: boolean;
}

const CLOSERS: Readonly<Record<string, string>> = { '(': ')', '[': ']', '{': '}' };
const IDENTIFIER = /[\p{ID_Start}$_][\p{ID_Continue}$\u200c\u200d]*/uy;

/** What nodes need to know about their function, computed once per function. */
export interface FunctionInfo {
  /** Readable name (`anonymous`, `bound(f)`). */
  readonly name: string;
  readonly isGenerator: boolean;
  /** Declared parameters, `undefined` when the source cannot be read. */
  readonly params: readonly ParsedParameter[] | undefined;
  /** Accepted argument counts. */
  readonly min: number;
  readonly max: number;
}

// Many nodes share one function: parsing it for each would dominate pipeline construction.
const infos = new WeakMap<object, FunctionInfo>();

export function functionInfo(fn: (...args: never[]) => unknown): FunctionInfo {
  let info = infos.get(fn);
  if (info === undefined) {
    const params = parseParameters(fn);
    const [min, max] = params === undefined ? [0, Number.POSITIVE_INFINITY] : arity(params);
    info = { name: readableFuncName(fn), isGenerator: isGeneratorFunction(fn), params, min, max };
    infos.set(fn, info);
  }
  return info;
}

/** The declared parameters of `fn`, or `undefined` when its source cannot be read reliably. */
export function parseParameters(fn: (...args: never[]) => unknown): readonly ParsedParameter[] | undefined {
  try {
    return parseSource(Function.prototype.toString.call(fn));
  } catch {
    return undefined;
  }
}

/** Exported for tests: parse the parameter list of a function's source text. */
export function parseSource(source: string): readonly ParsedParameter[] | undefined {
  if (/\{\s*\[native code\]\s*\}\s*$/.test(source)) return undefined;
  let i = skipTrivia(source, 0);
  if (isWordAt(source, i, 'class')) return undefined;
  if (isWordAt(source, i, 'async')) {
    const next = skipTrivia(source, i + 'async'.length);
    if (source.startsWith('=>', next)) return [{ text: 'async', rest: false, hasDefault: false }];
    i = next;
  }
  // `x => ...`: a single parameter without parentheses.
  IDENTIFIER.lastIndex = i;
  const identifier = IDENTIFIER.exec(source)?.[0];
  if (identifier !== undefined && source.startsWith('=>', skipTrivia(source, i + identifier.length))) {
    return [{ text: identifier, rest: false, hasDefault: false }];
  }
  const open = findParameterListStart(source, i);
  return open === -1 ? undefined : splitParameters(source, open);
}

function isWordAt(source: string, index: number, word: string): boolean {
  if (!source.startsWith(word, index)) return false;
  const after = source.charAt(index + word.length);
  return after === '' || !/[\p{ID_Continue}$]/u.test(after);
}

/** Skip whitespace and comments. */
function skipTrivia(source: string, index: number): number {
  let i = index;
  for (;;) {
    while (i < source.length && /\s/.test(source.charAt(i))) i += 1;
    if (source.startsWith('//', i)) {
      const end = source.indexOf('\n', i);
      i = end === -1 ? source.length : end + 1;
    } else if (source.startsWith('/*', i)) {
      const end = source.indexOf('*/', i + 2);
      if (end === -1) return source.length;
      i = end + 2;
    } else {
      return i;
    }
  }
}

/** Index just past a quoted string starting at `index`, or -1. */
function skipString(source: string, index: number): number {
  const quote = source.charAt(index);
  for (let i = index + 1; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (ch === '\\') i += 1;
    else if (ch === quote) return i + 1;
  }
  return -1;
}

/** Index just past a template literal starting at `index` (its `${...}` parts included), or -1. */
function skipTemplate(source: string, index: number): number {
  for (let i = index + 1; i < source.length; i += 1) {
    const ch = source.charAt(i);
    if (ch === '\\') i += 1;
    else if (ch === '`') return i + 1;
    else if (ch === '$' && source.charAt(i + 1) === '{') {
      const close = matchingCloser(source, i + 1);
      if (close === -1) return -1;
      i = close;
    }
  }
  return -1;
}

/**
 * Skip one lexical unit that is not a bracket: a string, template or comment. Returns the index
 * after it, the same index when there is none, or -1 on a `/` that may start a regular expression.
 */
function skipLiteral(source: string, index: number): number {
  const ch = source.charAt(index);
  if (ch === '"' || ch === "'") return skipString(source, index);
  if (ch === '`') return skipTemplate(source, index);
  if (ch === '/') {
    const next = source.charAt(index + 1);
    if (next === '/' || next === '*') return skipTrivia(source, index);
    return -1; // a division or a regex literal: too ambiguous for this parser
  }
  return index;
}

/** Index of the bracket closing the one at `open`, or -1. */
function matchingCloser(source: string, open: number): number {
  const expected: string[] = [CLOSERS[source.charAt(open)] ?? ''];
  let i = open + 1;
  while (i < source.length) {
    const after = skipLiteral(source, i);
    if (after === -1) return -1;
    if (after !== i) {
      i = after;
      continue;
    }
    const ch = source.charAt(i);
    const closer = CLOSERS[ch];
    if (closer !== undefined) expected.push(closer);
    else if (ch === ')' || ch === ']' || ch === '}') {
      if (expected.pop() !== ch) return -1;
      if (expected.length === 0) return i;
    }
    i += 1;
  }
  return -1;
}

/** The `(` opening the parameter list, past `function`, `*`, names, quoted or computed keys. */
function findParameterListStart(source: string, index: number): number {
  let i = index;
  while (i < source.length) {
    i = skipTrivia(source, i);
    const ch = source.charAt(i);
    if (ch === '(') return i;
    if (ch === '"' || ch === "'" || ch === '`') {
      i = skipLiteral(source, i);
      if (i === -1) return -1;
    } else if (ch === '[') {
      const close = matchingCloser(source, i);
      if (close === -1) return -1;
      i = close + 1;
    } else if (ch === '{' || ch === '=' || ch === ';') {
      return -1;
    } else {
      i += 1;
    }
  }
  return -1;
}

function splitParameters(source: string, open: number): readonly ParsedParameter[] | undefined {
  const params: ParsedParameter[] = [];
  let start = open + 1;
  let defaultAt = -1;
  let i = start;
  while (i < source.length) {
    const after = skipLiteral(source, i);
    if (after === -1) return undefined;
    if (after !== i) {
      i = after;
      continue;
    }
    const ch = source.charAt(i);
    if (CLOSERS[ch] !== undefined) {
      const close = matchingCloser(source, i);
      if (close === -1) return undefined;
      i = close + 1;
      continue;
    }
    if (ch === ',' || ch === ')') {
      const written = stripComments(source.slice(start, defaultAt === -1 ? i : defaultAt));
      if (written !== '') {
        params.push({ text: written, rest: written.startsWith('...'), hasDefault: defaultAt !== -1 });
      } else if (ch === ',' || defaultAt !== -1) {
        return undefined;
      }
      if (ch === ')') return params;
      start = i + 1;
      defaultAt = -1;
    } else if (ch === '=' && defaultAt === -1) {
      // A parameter's own `=` is the only one outside brackets: destructuring defaults are nested.
      defaultAt = i;
    }
    i += 1;
  }
  return undefined;
}

function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' ').replace(/\s+/g, ' ').trim();
}

/** How many positional arguments `fn` accepts: `[min, max]` (`max` is Infinity with a rest parameter). */
export function arity(params: readonly ParsedParameter[]): [min: number, max: number] {
  let min = 0;
  while (min < params.length && !params[min]!.hasDefault && !params[min]!.rest) min += 1;
  const max = params.some((p) => p.rest) ? Number.POSITIVE_INFINITY : params.length;
  return [min, max];
}

/**
 * Kedro's bind check, adapted to our calling convention: a node calls its function with one
 * argument per listed input (one for a string input, one object for a record input, none without
 * inputs). Throws TypeError when that call cannot bind to the declared parameters.
 */
export function checkInputsBind(info: FunctionInfo, inputs: NodeIORaw): void {
  if (info.params === undefined) return;
  const argumentCount =
    inputs === null ? 0 : typeof inputs === 'string' || isIORecord(inputs) ? 1 : isStringList(inputs) ? inputs.length : 0;
  if (argumentCount < info.min || argumentCount > info.max) {
    throw new TypeError(
      `Inputs of '${info.name}' function expected ${pyList(info.params.map((p) => p.text))}, but got ${ioToText(inputs)}`,
    );
  }
}
