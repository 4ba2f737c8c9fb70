/**
 * Where people read: stderr. Everything human (logs, progress bar, run summary, error messages) goes
 * there; stdout is kept for machine output (`--json`, YAML listings).
 *
 * While a progress bar is drawn, text must be written above it instead of through it: `write()`
 * routes through the bar when one is active.
 */
import { writeSync } from 'node:fs';

export interface LineSink {
  /** Writes text above the bar (the bar redraws below it). */
  log(text: string): void;
}

export interface Terminal {
  /** stderr is an interactive terminal. */
  readonly isTTY: boolean;
  /** ANSI colours on stderr. */
  readonly colors: boolean;
  /** Terminal width in columns (80 when unknown). */
  readonly columns: number;
  /** Writes to stderr synchronously (or above the progress bar while one is active). */
  write(text: string): void;
  /** Routes writes through `sink` (a progress bar) until called again with undefined. */
  setSink(sink: LineSink | undefined): void;
}

function envFlag(name: string): boolean | undefined {
  const value = process.env[name];
  if (value === undefined) return undefined;
  return value !== '' && value !== '0' && value.toLowerCase() !== 'false';
}

/** Colours: FORCE_COLOR wins, then NO_COLOR, then "is a terminal". */
export function colorsWanted(isTTY: boolean): boolean {
  const force = envFlag('FORCE_COLOR');
  if (force !== undefined) return force;
  if (process.env.NO_COLOR !== undefined && process.env.NO_COLOR !== '') return false;
  return isTTY && process.env.TERM !== 'dumb';
}

function writeAll(fd: number, text: string): void {
  const buffer = Buffer.from(text, 'utf8');
  let offset = 0;
  while (offset < buffer.length) {
    try {
      offset += writeSync(fd, buffer, offset);
    } catch (error) {
      // A non-blocking pipe that is full: try again. A closed one (EPIPE): give up quietly.
      if ((error as { code?: string }).code === 'EAGAIN') continue;
      return;
    }
  }
}

export function createTerminal(): Terminal {
  const isTTY = process.stderr.isTTY === true;
  let sink: LineSink | undefined;
  return {
    isTTY,
    colors: colorsWanted(isTTY),
    get columns() {
      return process.stderr.columns ?? 80;
    },
    write(text: string) {
      if (sink !== undefined) sink.log(text);
      else writeAll(2, text);
    },
    setSink(next) {
      sink = next;
    },
  };
}

/** Writes machine output to stdout, synchronously (so that it is complete when the process exits). */
export function writeStdout(text: string): void {
  writeAll(1, text);
}

/** Minimal ANSI styling, applied only when colours are on. */
export function styles(colors: boolean) {
  const wrap = (open: number, close: number) => (text: string) => (colors ? `\u001b[${open}m${text}\u001b[${close}m` : text);
  return {
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    cyan: wrap(36, 39),
  };
}
