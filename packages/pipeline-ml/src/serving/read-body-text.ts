/**
 * Request bodies as text: strict UTF-8 (a malformed byte is a 400, not a silent U+FFFD) and, for
 * JSON, a nesting-depth check before parsing, so that no later recursive step (schema checks,
 * serialising predictions) can overflow the stack on a hostile body.
 */
import { ScoringError } from './scoring-error.js';

export const DEFAULT_MAX_JSON_DEPTH = 64;

const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

export function decodeUtf8(body: Uint8Array): string {
  try {
    return decoder.decode(body);
  } catch {
    throw new ScoringError('bad-encoding', 'The request body is not valid UTF-8: send UTF-8 text (charset=utf-8).');
  }
}

/** The deepest nesting of `[` / `{` outside strings; stops counting once over `limit`. */
function exceedsDepth(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

export function parseJsonText(text: string, maxDepth = DEFAULT_MAX_JSON_DEPTH): unknown {
  if (exceedsDepth(text, maxDepth)) {
    throw new ScoringError('too-deep', `The JSON body is nested more than ${maxDepth} levels deep: flatten the input.`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ScoringError('bad-json', `Failed to parse the input as JSON: ${(error as Error).message.slice(0, 200)}. Ensure that the body is valid JSON.`);
  }
}
