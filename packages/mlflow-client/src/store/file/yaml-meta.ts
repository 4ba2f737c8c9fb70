/**
 * The `meta.yaml` files of an `mlruns` folder, read and written the way Python's PyYAML
 * (`yaml.safe_dump(sort_keys=True)` / `yaml.safe_load`) does, so both sides agree on every value.
 *
 * Writing: a small emitter for the shapes MLflow stores (maps of scalars, nested maps, lists of
 * strings). Strings that PyYAML would read as something else (`'0'`, `'yes'`, `'1:20'`, `'null'`)
 * or that are not plain-safe are quoted; numbers are YAML 1.1 ints.
 *
 * Reading: the `yaml` package parses the structure with every scalar kept as text; plain scalars
 * are then resolved with PyYAML's YAML 1.1 rules (`1e5` stays a string, `1_000` is an int, `yes`
 * is true), quoted ones stay strings.
 */
import { isMap, isScalar, isSeq, parseDocument, Scalar, type Node } from 'yaml';

export type YamlValue = string | number | boolean | null | YamlValue[] | { [key: string]: YamlValue };

const NULL_RE = /^(?:~|null|Null|NULL|)$/;
const TRUE_RE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const FALSE_RE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;
const INT_RE = /^(?:[-+]?0b[01_]+|[-+]?0[0-7_]+|[-+]?(?:0|[1-9][0-9_]*)|[-+]?0x[0-9a-fA-F_]+|[-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+)$/;
const FLOAT_RE =
  /^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+][0-9]+)?|\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const TIMESTAMP_RE = /^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$/;

function parseSexagesimal(body: string, base: (s: string) => number): number {
  let value = 0;
  for (const part of body.split(':')) value = value * 60 + base(part);
  return value;
}

function resolveInt(text: string): number {
  let s = text.replace(/_/g, '');
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '0') return 0;
  if (s.startsWith('0b')) return sign * parseInt(s.slice(2), 2);
  if (s.startsWith('0x')) return sign * parseInt(s.slice(2), 16);
  if (s.startsWith('0')) return sign * parseInt(s.slice(1), 8);
  if (s.includes(':')) return sign * parseSexagesimal(s, (p) => parseInt(p, 10));
  return sign * Number(s);
}

function resolveFloat(text: string): number {
  let s = text.replace(/_/g, '').toLowerCase();
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  if (s === '.inf') return sign * Infinity;
  if (s === '.nan') return NaN;
  if (s.includes(':')) return sign * parseSexagesimal(s, Number);
  return sign * Number(s);
}

/** What PyYAML's safe loader makes of an unquoted scalar. Timestamps stay text. */
export function resolvePlainScalar(text: string): string | number | boolean | null {
  if (NULL_RE.test(text)) return null;
  if (TRUE_RE.test(text)) return true;
  if (FALSE_RE.test(text)) return false;
  if (INT_RE.test(text)) return resolveInt(text);
  if (FLOAT_RE.test(text)) return resolveFloat(text);
  return text;
}

function fromNode(node: unknown): YamlValue {
  if (node === null || node === undefined) return null;
  if (isScalar(node)) {
    const text = node.value === null || node.value === undefined ? '' : String(node.value);
    return node.type === Scalar.PLAIN ? resolvePlainScalar(text) : text;
  }
  if (isMap(node)) {
    const out: { [key: string]: YamlValue } = {};
    for (const pair of node.items) {
      const key = fromNode(pair.key as Node);
      out[key === null ? 'null' : String(key)] = fromNode(pair.value as Node);
    }
    return out;
  }
  if (isSeq(node)) return node.items.map((item) => fromNode(item as Node));
  return null;
}

/** Parses a YAML document with PyYAML's safe-load semantics; throws on malformed YAML. */
export function parseYaml(text: string): YamlValue {
  const doc = parseDocument(text, { schema: 'failsafe', uniqueKeys: false, strict: false });
  if (doc.errors.length > 0) throw doc.errors[0]!;
  return fromNode(doc.contents);
}

// ----------------------------------------------------------------------------------------------
// Writing

/** Characters PyYAML accepts inside a single-quoted scalar on one line. */
const SINGLE_QUOTE_SAFE = /^[\x20-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/u;
/** Strings safe to write unquoted (conservative: PyYAML may write a few more unquoted). */
const PLAIN_SAFE = /^[A-Za-z0-9_./][A-Za-z0-9_./:+@,()-]*(?: [A-Za-z0-9_./:+@,()-]+)*$/;

function needsQuotes(s: string): boolean {
  if (!PLAIN_SAFE.test(s) || s.endsWith(':') || s.includes(': ') || s.includes(' #')) return true;
  if (resolvePlainScalar(s) !== s || TIMESTAMP_RE.test(s)) return true;
  return s === '<<' || s === '=' || s === '---' || s === '...';
}

function doubleQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const code = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029 || code === 0xfeff || (code >= 0xd800 && code <= 0xdfff) || code === 0xfffe || code === 0xffff) {
      out += `\\u${code.toString(16).padStart(4, '0')}`;
    } else out += ch;
  }
  return `${out}"`;
}

export function yamlString(s: string): string {
  if (!needsQuotes(s)) return s;
  if (SINGLE_QUOTE_SAFE.test(s)) return `'${s.replace(/'/g, "''")}'`;
  return doubleQuote(s);
}

/** Python's `repr(float)`: shortest round-trip digits, `1.0`, `1e-05`, `1e+20`, `nan`, `inf`. */
export function pythonFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const [mantissa, expText] = x.toExponential().split('e') as [string, string];
  const exp = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exp < -4 || exp >= 16) {
    const m = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${m}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
  return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
}

/** One YAML scalar written as PyYAML's `safe_dump` writes it. */
export function yamlScalar(value: string | number | boolean | null): string {
  if (value === null) return 'null';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'number') {
    if (Number.isSafeInteger(value)) return String(value);
    if (Number.isNaN(value)) return '.nan';
    if (!Number.isFinite(value)) return value > 0 ? '.inf' : '-.inf';
    return pythonFloatRepr(value);
  }
  return yamlString(value);
}

function emit(value: YamlValue, indent: string, lines: string[], prefix: string): void {
  if (Array.isArray(value)) {
    if (value.length === 0) {
      lines.push(`${prefix}[]`);
      return;
    }
    if (prefix !== '') lines.push(prefix.trimEnd());
    for (const item of value) {
      if (item !== null && typeof item === 'object') throw new Error('nested collections in lists are not supported');
      lines.push(`${indent}- ${yamlScalar(item)}`);
    }
    return;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    if (keys.length === 0) {
      lines.push(`${prefix}{}`);
      return;
    }
    if (prefix !== '') lines.push(prefix.trimEnd());
    const inner = prefix === '' ? indent : `${indent}  `;
    for (const key of keys) {
      const child = value[key]!;
      const head = `${inner}${yamlString(key)}: `;
      if (child !== null && typeof child === 'object') {
        // PyYAML writes sequences inside a mapping without extra indentation.
        emit(child, Array.isArray(child) ? inner : inner, lines, head);
      } else lines.push(`${head}${yamlScalar(child)}`);
    }
    return;
  }
  lines.push(`${prefix}${yamlScalar(value)}`);
}

/** Serialises a mapping like `yaml.safe_dump(data, default_flow_style=False, sort_keys=True)`. */
export function dumpYaml(data: { [key: string]: YamlValue }): string {
  const lines: string[] = [];
  emit(data, '', lines, '');
  return `${lines.join('\n')}\n`;
}
