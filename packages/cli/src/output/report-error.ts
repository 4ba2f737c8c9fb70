/**
 * How a failed command ends: one message on stderr saying what went wrong and what to do, and exit
 * code 1. Stack traces only with `-v`; errors of our own packages need none (their messages name the
 * file, key, node or dataset), any other error gets a pointer to `-v`.
 */
import { CliError } from '../errors.js';
import { styles } from './terminal.js';

const KEDRO_ERROR_MARKER = Symbol.for('@kedro-mlflow/core-pipeline.error');

/** An error of one of our packages (any copy of them), or a CliError. */
export function isKnownError(error: unknown): boolean {
  if (error instanceof CliError) return true;
  return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[KEDRO_ERROR_MARKER] === true;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string') {
    return (error as { message: string }).message;
  }
  return String(error);
}

function nameOf(error: unknown): string {
  if (error instanceof Error || (typeof error === 'object' && error !== null && typeof (error as { name?: unknown }).name === 'string')) {
    return (error as { name: string }).name;
  }
  return 'Error';
}

/** The message with the location of a config error added when the message does not give it. */
export function errorText(error: unknown): string {
  let message = messageOf(error).trim();
  const location = error as { file?: unknown; line?: unknown };
  if (typeof location.file === 'string' && location.file !== '' && !message.includes(location.file)) {
    message += ` (in ${location.file}${typeof location.line === 'number' ? `, line ${location.line}` : ''})`;
  }
  if (!isKnownError(error)) {
    const name = nameOf(error);
    if (name !== 'Error' && !message.startsWith(name)) message = `${name}: ${message}`;
  }
  return message;
}

function stackOf(error: unknown): string | undefined {
  const lines: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    const stack = (current as { stack?: unknown }).stack;
    if (typeof stack === 'string') lines.push(depth === 0 ? stack : `Caused by: ${stack}`);
    current = (current as { cause?: unknown }).cause;
  }
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/** The text printed on stderr for a failed command. */
export function formatError(error: unknown, options: { verbose: boolean; colors: boolean; after?: string }): string {
  const s = styles(options.colors);
  let text = `${s.red(s.bold('Error:'))} ${errorText(error)}\n${options.after ?? ''}`;
  if (options.verbose) {
    const stack = stackOf(error);
    if (stack !== undefined) text += `\n${s.dim(stack)}\n`;
  } else {
    // Our own errors say enough; when the problem comes from elsewhere (a node's code, a library),
    // the stack is where to look.
    const cause = (error as { cause?: unknown } | null)?.cause;
    if (!isKnownError(error) || (cause instanceof Error && !isKnownError(cause))) {
      text += s.dim('Run the command again with -v (--verbose) to see the stack trace.\n');
    }
  }
  return text;
}

/** The `error` member of a `--json` document. */
export function errorDocument(error: unknown): Record<string, unknown> {
  const doc: Record<string, unknown> = { type: nameOf(error), message: errorText(error) };
  const extra = error as { kind?: unknown; missing?: unknown; nodeName?: unknown; resumeFromNodes?: unknown; file?: unknown; line?: unknown; datasets?: unknown; option?: unknown };
  // Typed fields let a program react to the error without reading its message.
  if (typeof extra.kind === 'string') doc.kind = extra.kind;
  if (Array.isArray(extra.missing)) doc.missing = extra.missing;
  if (typeof extra.nodeName === 'string') doc.nodeName = extra.nodeName;
  if (Array.isArray(extra.resumeFromNodes)) doc.resumeFromNodes = extra.resumeFromNodes;
  if (typeof extra.file === 'string') doc.file = extra.file;
  if (typeof extra.line === 'number') doc.line = extra.line;
  if (Array.isArray(extra.datasets) && extra.datasets.length > 0) doc.datasets = extra.datasets;
  if (typeof extra.option === 'string') doc.option = extra.option;
  return doc;
}
