/**
 * Named loggers sharing the root pino logger of every @kedro-mlflow package. The root lives under a
 * `Symbol.for` key on globalThis (core-pipeline owns the richer helpers; this package imports no
 * sibling), so the CLI can redirect or prettify all logs after modules created their loggers.
 */
import { createRequire } from 'node:module';
import type { Logger, LevelWithSilent, pino as Pino } from 'pino';

const ROOT_KEY = Symbol.for('@kedro-mlflow/logger');
type Holder = { [ROOT_KEY]?: Logger };

function root(): Logger {
  const holder = globalThis as Holder;
  if (holder[ROOT_KEY] !== undefined) return holder[ROOT_KEY];
  // pino is loaded only for this fallback: under the CLI (or core-pipeline) a root logger exists.
  const { pino } = createRequire(import.meta.url)('pino') as { pino: typeof Pino };
  holder[ROOT_KEY] = pino(
    {
      level: (process.env.KEDRO_LOG_LEVEL ?? 'info') as LevelWithSilent,
      base: undefined,
      redact: { paths: ['password', 'token', 'authorization', '*.password', '*.token', '*.authorization', 'headers.authorization'], censor: '[redacted]' },
    },
    pino.destination({ fd: 2, sync: true }),
  );
  return holder[ROOT_KEY];
}

type Emit = (msg: string, ...args: unknown[]) => void;

export interface ClientLog {
  debug: Emit;
  info: Emit;
  warn: Emit;
  error: Emit;
}

export function getLogger(name: string): ClientLog {
  let parent: Logger | undefined;
  let child: Logger | undefined;
  const current = (): Logger => {
    const r = root();
    if (r !== parent || child === undefined) {
      parent = r;
      child = r.child({ name });
    }
    return child;
  };
  const emit = (level: 'debug' | 'info' | 'warn' | 'error'): Emit => (msg, ...args) => {
    const logger = current();
    (logger[level] as Emit).call(logger, msg, ...args);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
