/**
 * `${…}` interpolation with OmegaConf's semantics as kedro uses them: `${a.b}` refers to another key
 * of the same config, `${name:arg1, arg2}` calls a resolver (globals, runtime_params, oc.env, or a
 * custom one). A value that is one whole `${…}` keeps the referenced value's type; an interpolation
 * embedded in text is converted to a string. `\${` is a literal `${`.
 */
import { ConfigError } from '../errors/config-error.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import type { ConfigDict } from './merge.js';

export type Resolver = (...args: unknown[]) => unknown;

type Part = { text: string } | { expr: string };

/** The file that defines a key path of the config being resolved, when it comes from a file. */
export type KeyFile = (keyPath: string) => string | undefined;

/** An error at `keyPath`, naming the key and its file in the message as well as in the fields. */
export function configErrorAt(message: string, keyPath: string, file: string | undefined): ConfigError {
  const where = [keyPath === '' ? '' : `at key '${keyPath}'`, file === undefined ? '' : `in ${file}`].filter((part) => part !== '').join(' ');
  return new ConfigError(where === '' ? message : `${message} (${where})`, {
    ...(keyPath === '' ? {} : { keyPath }),
    ...(file === undefined ? {} : { file }),
  });
}

/** Index just past the `}` closing the `${` that starts at `start`. */
function closingBrace(s: string, start: number, failHere: (message: string) => ConfigError): number {
  let depth = 0;
  for (let i = start; i < s.length; i += 1) {
    if (s.startsWith('${', i)) {
      depth += 1;
      i += 1;
    } else if (s[i] === "'" || s[i] === '"') {
      const end = s.indexOf(s[i]!, i + 1);
      if (end > 0) i = end;
    } else if (s[i] === '}') {
      depth -= 1;
      if (depth === 0) return i + 1;
    }
  }
  throw failHere(`Unclosed interpolation in '${s}': a '\${' has no matching '}'`);
}

/** Text and `${…}` parts of `s`; `failHere` makes the error for a malformed template. */
export function parseTemplate(s: string, failHere: (message: string) => ConfigError = (message) => new ConfigError(message)): Part[] {
  const parts: Part[] = [];
  let text = '';
  let i = 0;
  while (i < s.length) {
    if (s[i] === '\\' && s.startsWith('${', i + 1)) {
      text += '${';
      i += 3;
    } else if (s.startsWith('${', i)) {
      const end = closingBrace(s, i, failHere);
      if (text !== '') parts.push({ text });
      text = '';
      parts.push({ expr: s.slice(i + 2, end - 1) });
      i = end;
    } else {
      text += s[i];
      i += 1;
    }
  }
  if (text !== '') parts.push({ text });
  return parts;
}

export function hasInterpolation(value: string): boolean {
  return value.includes('${');
}

/** Splits resolver arguments on top-level commas. */
function splitArgs(s: string): string[] {
  if (s.trim() === '') return [];
  const args: string[] = [];
  let depth = 0;
  let current = '';
  for (let i = 0; i < s.length; i += 1) {
    const c = s[i]!;
    if (s.startsWith('${', i)) depth += 1;
    else if (c === '}' && depth > 0) depth -= 1;
    else if ((c === "'" || c === '"') && depth === 0) {
      const end = s.indexOf(c, i + 1);
      if (end > 0) {
        current += s.slice(i, end + 1);
        i = end;
        continue;
      }
    } else if (c === ',' && depth === 0) {
      args.push(current.trim());
      current = '';
      continue;
    }
    current += c;
  }
  args.push(current.trim());
  return args;
}

/** Unquoted resolver arguments are typed like OmegaConf does: ints, floats, booleans, null. */
function scalar(arg: string): unknown {
  if (/^(['"]).*\1$/s.test(arg)) return arg.slice(1, -1);
  if (/^[-+]?\d+$/.test(arg)) return Number(arg);
  if (/^[-+]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][-+]?\d+)$/.test(arg)) return Number(arg);
  if (/^true$/i.test(arg)) return true;
  if (/^false$/i.test(arg)) return false;
  if (/^(null|~)$/i.test(arg)) return null;
  return arg;
}

/** Reads `a.b.c` in a nested dictionary; `found` is false when a segment is missing. */
export function lookupPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  let current: unknown = root;
  for (const segment of path.split('.')) {
    if (isPlainObject(current) && segment in current) current = current[segment];
    else if (Array.isArray(current) && /^\d+$/.test(segment) && Number(segment) < current.length) current = current[Number(segment)];
    else return { found: false };
  }
  return { found: true, value: current };
}

/**
 * Resolves every interpolation of `config` (recursively, with cycle detection) against itself and
 * the given resolvers. Returns a new object. Errors name the key and, through `fileOf`, its file.
 */
export function resolveInterpolations(config: ConfigDict, resolvers: ReadonlyMap<string, Resolver>, fileOf: KeyFile = () => undefined): ConfigDict {
  const failAt = (message: string, keyPath: string): ConfigError => configErrorAt(message, keyPath, fileOf(keyPath));
  const inProgress = new Set<string>();
  const resolvedPaths = new Map<string, unknown>();

  const resolvePath = (path: string, from: string): unknown => {
    if (resolvedPaths.has(path)) return resolvedPaths.get(path);
    const target = lookupPath(config, path);
    if (!target.found) throw failAt(`Interpolation key '${path}' not found`, from);
    if (inProgress.has(path)) throw failAt(`Circular interpolation: '${path}' refers back to itself`, from);
    inProgress.add(path);
    const value = resolveValue(target.value, path);
    inProgress.delete(path);
    resolvedPaths.set(path, value);
    return value;
  };

  const evaluate = (expr: string, keyPath: string): unknown => {
    const call = /^\s*([A-Za-z_][\w.]*)\s*:([\s\S]*)$/.exec(expr);
    if (call === null) {
      const path = expr.trim();
      if (!/^[\w.\-]+$/.test(path)) throw failAt(`Invalid interpolation '\${${expr}}'`, keyPath);
      return resolvePath(path, keyPath);
    }
    const [, name, argText] = call as unknown as [string, string, string];
    const resolver = resolvers.get(name);
    if (resolver === undefined) {
      throw failAt(`Unsupported interpolation type '${name}' in '\${${expr}}'. Known resolvers: ${[...resolvers.keys()].sort().join(', ')}`, keyPath);
    }
    const args = splitArgs(argText).map((arg) => (hasInterpolation(arg) ? resolveString(arg, keyPath) : scalar(arg)));
    try {
      return resolver(...args);
    } catch (error) {
      if (ConfigError.isInstance(error)) throw failAt(error.message, keyPath);
      throw failAt(`Resolver '${name}' failed on '\${${expr}}': ${(error as Error).message}`, keyPath);
    }
  };

  const resolveString = (s: string, keyPath: string): unknown => {
    const parts = parseTemplate(s, (message) => failAt(message, keyPath));
    if (parts.length === 1 && 'expr' in parts[0]!) return evaluate(parts[0].expr, keyPath);
    return parts.map((p) => ('expr' in p ? String(evaluate(p.expr, keyPath)) : p.text)).join('');
  };

  const resolveValue = (value: unknown, keyPath: string): unknown => {
    if (typeof value === 'string') return hasInterpolation(value) || value.includes('\\${') ? resolveString(value, keyPath) : value;
    if (Array.isArray(value)) return value.map((item, i) => resolveValue(item, `${keyPath}.${i}`));
    if (isPlainObject(value)) {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveValue(v, keyPath === '' ? k : `${keyPath}.${k}`)]));
    }
    return value;
  };

  return resolveValue(config, '') as ConfigDict;
}
