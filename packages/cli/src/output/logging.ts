/**
 * The CLI's log output: every @kedro-mlflow package logs through one pino root logger, which the
 * CLI points at stderr — pretty lines on a terminal, JSON lines otherwise (CI, pipes, files).
 *
 * - level: `-v` → debug; else `$KEDRO_LOG_LEVEL` (trace, debug, info, warn, error, fatal, silent); else info;
 * - format: `$KEDRO_LOG_FORMAT` (`pretty` | `json`) overrides the terminal detection;
 * - secrets (credentials, passwords, tokens) are redacted in both formats.
 */
import { createRequire } from 'node:module';
import type { Logger, LevelWithSilent } from 'pino';
import { createPinoLogger, isoTimestamp, REDACT_PATHS, setRootLogger } from '@kedro-mlflow/core-pipeline';
import { CliError } from '../errors.js';
import type { Terminal } from './terminal.js';

const LEVELS: readonly string[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

export type LogFormat = 'pretty' | 'json';

export interface LoggingOptions {
  verbose: boolean;
  terminal: Terminal;
}

export function logLevel(verbose: boolean): LevelWithSilent {
  const fromEnv = process.env.KEDRO_LOG_LEVEL?.trim().toLowerCase();
  if (fromEnv !== undefined && fromEnv !== '' && !LEVELS.includes(fromEnv)) {
    throw new CliError(`KEDRO_LOG_LEVEL must be one of ${LEVELS.join(', ')}; got '${process.env.KEDRO_LOG_LEVEL}'.`);
  }
  if (verbose) return fromEnv === 'trace' ? 'trace' : 'debug';
  return (fromEnv === undefined || fromEnv === '' ? 'info' : fromEnv) as LevelWithSilent;
}

export function logFormat(terminal: Terminal): LogFormat {
  const fromEnv = process.env.KEDRO_LOG_FORMAT?.trim().toLowerCase();
  if (fromEnv === 'pretty' || fromEnv === 'json') return fromEnv;
  if (fromEnv !== undefined && fromEnv !== '') {
    throw new CliError(`KEDRO_LOG_FORMAT must be 'pretty' or 'json'; got '${process.env.KEDRO_LOG_FORMAT}'.`);
  }
  return terminal.isTTY ? 'pretty' : 'json';
}

type PrettyFactory = (options: Record<string, unknown>) => (line: string) => string;

function prettifier(colorize: boolean): (line: string) => string {
  // Loaded only when needed: pino-pretty and its dependencies cost startup time.
  const { prettyFactory } = createRequire(import.meta.url)('pino-pretty') as { prettyFactory: PrettyFactory };
  return prettyFactory({ colorize, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true });
}

/** Creates the root logger of every @kedro-mlflow package and returns it. */
export function setupLogging(options: LoggingOptions): Logger {
  const { terminal } = options;
  const level = logLevel(options.verbose);
  const format = logFormat(terminal);
  const redact = { paths: REDACT_PATHS, censor: '[redacted]' };
  let logger: Logger;
  if (format === 'pretty') {
    const pretty = prettifier(terminal.colors);
    logger = createPinoLogger({ level, base: undefined, redact }, { write: (line: string) => terminal.write(pretty(line)) });
  } else {
    logger = createPinoLogger(
      {
        level,
        base: undefined,
        redact,
        timestamp: isoTimestamp,
        formatters: { level: (label: string) => ({ level: label }) },
      },
      { write: (line: string) => terminal.write(line) },
    );
  }
  setRootLogger(logger);
  return logger;
}
