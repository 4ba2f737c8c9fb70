/**
 * Python source literals for values that come from the project (node names, paths, tags). Every
 * such value reaches the DAG file only through these, so no name can end a string or start a line.
 */

/** Characters written as escapes: quotes, backslash, controls, and invisible separators/formatters. */
const ESCAPED = /["\\\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}]/gu;
const SHORT: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escapeChar(char: string): string {
  const short = SHORT[char];
  if (short !== undefined) return short;
  const code = char.codePointAt(0)!;
  if (code <= 0xff) return `\\x${code.toString(16).padStart(2, '0')}`;
  if (code <= 0xffff) return `\\u${code.toString(16).padStart(4, '0')}`;
  return `\\U${code.toString(16).padStart(8, '0')}`;
}

/** A double-quoted Python str literal; readable letters of any script stay as they are. */
export function pyString(value: string): string {
  return `"${value.replace(ESCAPED, escapeChar)}"`;
}

/** A Python list of str literals. */
export function pyStringList(values: readonly string[]): string {
  return `[${values.map(pyString).join(', ')}]`;
}
