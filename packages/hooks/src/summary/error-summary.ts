/**
 * An error as the run summary records it: its class name, its `kind`/`errorCode` when it has one,
 * and its message, with URL credentials removed and cut to a readable length (a pipeline's error
 * message may quote a URL with a token in it; artifacts are read by everyone who can see the run).
 */
export interface ErrorSummary {
  type: string;
  message: string;
  kind?: string;
}

export const MAX_ERROR_MESSAGE_LENGTH = 2000;

export function errorSummary(error: unknown): ErrorSummary {
  if (!(error instanceof Error)) return { type: typeof error, message: clean(String(error)) };
  const summary: ErrorSummary = { type: error.name || error.constructor.name, message: clean(error.message) };
  const fields = error as unknown as Record<string, unknown>;
  const kind = fields.kind ?? fields.errorCode;
  if (typeof kind === 'string') summary.kind = kind;
  return summary;
}

function clean(message: string): string {
  // `scheme://user:secret@host` → `scheme://***@host`
  const redacted = message.replace(/([a-z][a-z0-9+.-]*:\/\/)[^\s/@]+@/gi, '$1***@');
  return redacted.length <= MAX_ERROR_MESSAGE_LENGTH ? redacted : `${redacted.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…`;
}
