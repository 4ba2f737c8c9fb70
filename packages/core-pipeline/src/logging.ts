/**
 * Logging for every @kedro-mlflow package.
 *
 * The root pino logger lives under a `Symbol.for` key on globalThis so that all our packages (which
 * never import each other at the bottom of the graph) share one destination, and so that the CLI can
 * swap it (pretty output on a TTY) after modules have already created their loggers.
 *
 * pino is bundled into this package (the CLI makes its loggers with `createPinoLogger`, so a run
 * loads pino once, from one file instead of ~30 CommonJS files). Its only uses of its own path start
 * transport workers (`pino.transport`, the `transport` option), which no @kedro-mlflow package uses.
 */
import { Writable } from 'node:stream';
import { pino, type DestinationStream, type Logger, type LevelWithSilent, type LoggerOptions } from 'pino';

const ROOT_KEY = Symbol.for('@kedro-mlflow/logger');

type Holder = { [ROOT_KEY]?: Logger | undefined };

export const REDACT_PATHS = [
  'password',
  'token',
  'secret',
  'authorization',
  '*.password',
  '*.token',
  '*.secret',
  '*.authorization',
  'credentials',
  '*.credentials',
];

function defaultRoot(): Logger {
  const level = (process.env.KEDRO_LOG_LEVEL ?? 'info') as LevelWithSilent;
  return pino(
    { level, base: undefined, redact: { paths: REDACT_PATHS, censor: '[redacted]' } },
    pino.destination({ fd: 2, sync: true }),
  );
}

/** A pino logger (the bundled pino): what the CLI makes its root logger with. */
export function createPinoLogger(options: LoggerOptions, destination: DestinationStream): Logger {
  return pino(options, destination);
}

/** pino's ISO-8601 timestamp function, for `createPinoLogger({timestamp})`. */
export const isoTimestamp = pino.stdTimeFunctions.isoTime;

export function getRootLogger(): Logger {
  const holder = globalThis as Holder;
  holder[ROOT_KEY] ??= defaultRoot();
  return holder[ROOT_KEY];
}

/**
 * Replace the root logger of every @kedro-mlflow package (undefined: back to the default, made at
 * the next record). Returns the previous one, undefined when none was made yet: the CLI sets its
 * logger first, and making a default one only to drop it would cost every run a pino instance.
 */
export function setRootLogger(logger: Logger | undefined): Logger | undefined {
  const holder = globalThis as Holder;
  const previous = holder[ROOT_KEY];
  holder[ROOT_KEY] = logger;
  return previous;
}

export interface Log {
  trace(msg: string, ...args: unknown[]): void;
  debug(msg: string, ...args: unknown[]): void;
  info(msg: string, ...args: unknown[]): void;
  warn(msg: string, ...args: unknown[]): void;
  error(msg: string, ...args: unknown[]): void;
  /** Structured record: `log.with({node: 'a'}).info('...')`. */
  with(bindings: Record<string, unknown>): Log;
  isLevelEnabled(level: string): boolean;
}

/** A named logger that follows the current root logger, even if it is replaced later. */
export function getLogger(name: string, bindings: Record<string, unknown> = {}): Log {
  let root: Logger | undefined;
  let child: Logger | undefined;
  const current = (): Logger => {
    const r = getRootLogger();
    if (r !== root || child === undefined) {
      root = r;
      child = r.child({ name, ...bindings });
    }
    return child;
  };
  // pino's typings tie printf arguments to the message literal; our callers pass plain strings.
  type Emit = (msg: string, ...args: unknown[]) => void;
  // Arguments may be thunks (`() => node.toString()`): evaluated only when the level is enabled, so
  // hot paths pay nothing for messages nobody reads.
  const emit = (level: 'trace' | 'debug' | 'info' | 'warn' | 'error'): Emit => (msg, ...args) => {
    const logger = current();
    if (!logger.isLevelEnabled(level)) return;
    (logger[level] as Emit).call(logger, msg, ...args.map((a) => (typeof a === 'function' ? (a as () => unknown)() : a)));
  };
  return {
    trace: emit('trace'),
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    with: (more) => getLogger(name, { ...bindings, ...more }),
    isLevelEnabled: (level) => current().isLevelEnabled(level),
  };
}

export interface LogRecord {
  level: string;
  name?: string;
  msg: string;
  [key: string]: unknown;
}

export interface CapturedLogs {
  readonly records: LogRecord[];
  /** Messages only, optionally of one level. */
  messages(level?: string): string[];
  restore(): void;
}

/** Route every @kedro-mlflow log record into memory (for tests and embedding applications). */
export function captureLogs(level: LevelWithSilent = 'debug'): CapturedLogs {
  const records: LogRecord[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line.trim() !== '') records.push(JSON.parse(line) as LogRecord);
      }
      done();
    },
  });
  const logger = pino(
    {
      level,
      base: undefined,
      formatters: { level: (label) => ({ level: label }) },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    },
    sink,
  );
  const previous = setRootLogger(logger);
  return {
    records,
    messages: (lvl) => records.filter((r) => lvl === undefined || r.level === lvl).map((r) => r.msg),
    restore: () => {
      setRootLogger(previous);
    },
  };
}
