/**
 * JSON text the way Python's `json.dumps` writes it (separators `", "` and `": "`, non-ASCII
 * escaped as `\uXXXX`, floats that are whole numbers as `1.0` when asked), so signature strings and
 * input examples we write look exactly like the ones MLflow writes. `JSON.parse` reads them back.
 */

/** Marks a number to be written as a Python float (`1.0`, `NaN`, `Infinity`). */
export class PyFloat {
  constructor(readonly value: number) {}
}

function escapeString(s: string): string {
  let out = '"';
  for (let i = 0; i < s.length; i += 1) {
    const ch = s[i]!;
    const code = s.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\b') out += '\\b';
    else if (ch === '\f') out += '\\f';
    else if (code < 0x20 || code > 0x7e) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

function floatText(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return 'Infinity';
  if (x === -Infinity) return '-Infinity';
  const text = String(x);
  if (/^-?\d+$/.test(text)) return `${text}.0`;
  // JS writes 1e+21 / 1e-7; Python writes 1e+21 / 1e-07.
  return text.replace(/e([+-])(\d)$/, 'e$10$2');
}

function numberText(x: number): string {
  if (!Number.isFinite(x)) return floatText(x);
  const text = String(x);
  return text.includes('e') ? floatText(x) : text;
}

/** `json.dumps(value)` (or `json.dumps(value, indent=n)` with `indent`). */
export function pythonJsonDumps(value: unknown, indent?: number): string {
  const pad = indent === undefined ? undefined : ' '.repeat(indent);
  const write = (v: unknown, depth: number): string => {
    if (v instanceof PyFloat) return floatText(v.value);
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'number') return numberText(v);
    if (typeof v === 'bigint') return v.toString();
    if (typeof v === 'string') return escapeString(v);
    if (v instanceof Date) return escapeString(v.toISOString());
    const open = pad === undefined ? '' : `\n${pad.repeat(depth + 1)}`;
    const close = pad === undefined ? '' : `\n${pad.repeat(depth)}`;
    const comma = pad === undefined ? ', ' : `,\n${pad.repeat(depth + 1)}`;
    const colon = ': ';
    if (Array.isArray(v)) {
      if (v.length === 0) return '[]';
      return `[${open}${v.map((item) => write(item, depth + 1)).join(comma)}${close}]`;
    }
    if (typeof v === 'object') {
      const entries = Object.entries(v as Record<string, unknown>).filter(([, x]) => x !== undefined);
      if (entries.length === 0) return '{}';
      return `{${open}${entries.map(([k, x]) => `${escapeString(k)}${colon}${write(x, depth + 1)}`).join(comma)}${close}}`;
    }
    throw new TypeError(`Cannot write a ${typeof v} as JSON`);
  };
  return write(value, 0);
}
