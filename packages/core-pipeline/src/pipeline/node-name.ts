/**
 * Node names. A node without an explicit name gets `<fnName>__<8 hex>`: readable in logs, and
 * stable across processes because users resume runs with `--from-nodes <name>`.
 */
import * as crypto from 'node:crypto';
import { PipelineError } from '../errors/pipeline-error.js';

// Letters, digits (any script), marks, underscores, fullstops and hyphens: Python's `[\w.-]+`.
const VALID_NAME = /^[\p{L}\p{N}\p{M}_.-]+$/u;

/**
 * The function name shown in node strings and default names. Anonymous functions are
 * `anonymous`; bound functions (`f.bind(...)`, the JS `functools.partial`) are `bound(f)`.
 */
export function readableFuncName(fn: (...args: never[]) => unknown): string {
  let name = typeof fn.name === 'string' ? fn.name.trim() : '';
  let bound = 0;
  while (name.startsWith('bound ')) {
    name = name.slice('bound '.length).trim();
    bound += 1;
  }
  if (name === '') name = 'anonymous';
  return 'bound('.repeat(bound) + name + ')'.repeat(bound);
}

/** `<fnName>__<first 8 hex of sha256("<fnName>|<inputs JSON>|<outputs JSON>")>`. */
export function defaultNodeName(funcName: string, inputs: readonly string[], outputs: readonly string[]): string {
  return `${funcName}__${sha256Hex(`${funcName}|${jsonStringList(inputs)}|${jsonStringList(outputs)}`).slice(0, 8)}`;
}

// Characters JSON.stringify never escapes (all surrogates are left to it: it escapes lone ones).
const JSON_SAFE = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;

/** `JSON.stringify(list)` for a list of strings, about twice as fast for ordinary names. */
export function jsonStringList(list: readonly string[]): string {
  let text = '[';
  for (let i = 0; i < list.length; i += 1) {
    const item = list[i]!;
    text += `${i === 0 ? '' : ','}${JSON_SAFE.test(item) ? `"${item}"` : JSON.stringify(item)}`;
  }
  return `${text}]`;
}

// The one-shot `crypto.hash` (Node ≥ 20.12) is 2-3x faster than a Hash object for short inputs.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === 'function'
    ? (text) => crypto.hash('sha256', text, 'hex')
    : (text) => crypto.createHash('sha256').update(text).digest('hex');

/**
 * Kedro's `short_name` for unnamed nodes: `_` to spaces, title case. JS functions are camelCase,
 * so word boundaries inside camelCase count too (`trainModel` → `Train Model`).
 */
export function titleCaseFuncName(funcName: string): string {
  return funcName
    .replace(/([\p{Ll}\p{N}])(\p{Lu})/gu, '$1 $2')
    .replace(/_/g, ' ')
    .replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase());
}

export function validateNodeName(name: string): void {
  if (!VALID_NAME.test(name)) {
    throw new PipelineError(
      `'${name}' is not a valid node name. It must contain only letters, digits, hyphens, underscores and/or fullstops.`,
    );
  }
}

export function validateNodeTag(tag: unknown): asserts tag is string {
  if (typeof tag !== 'string' || !VALID_NAME.test(tag)) {
    throw new PipelineError(
      `'${String(tag)}' is not a valid node tag. It must contain only letters, digits, hyphens, underscores and/or fullstops.`,
    );
  }
}

/** `"a.b.c"` → `["a", "a.b", "a.b.c"]`; no namespace → `[]`. */
export function namespacePrefixes(namespace: string | undefined): string[] {
  if (namespace === undefined || namespace === '') return [];
  const parts = namespace.split('.');
  return parts.map((_, i) => parts.slice(0, i + 1).join('.'));
}
