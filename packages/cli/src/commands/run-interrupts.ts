/**
 * Ctrl-C and SIGTERM during `kedro-mlflow run`. The engine's runners cannot be cancelled, so the
 * first signal does what must not be lost — `onSignal` ends the MLflow run KILLED and sends (or
 * journals) what is queued — and the command then ends with 128 + the signal number (130, 143),
 * which also stops the nodes still running. A second signal exits at once; what is still queued is
 * written to the offline journal by the tracking's exit handler.
 */
import { getLogger } from '@kedro-mlflow/core-pipeline';

export const SIGNAL_EXIT_CODES = { SIGINT: 130, SIGTERM: 143 } as const;
export type HandledSignal = keyof typeof SIGNAL_EXIT_CODES;

/** How long the first signal's clean-up may take before the command ends anyway (an unreachable server). */
const CLEANUP_LIMIT_MS = 15_000;

export type InterruptibleResult<T> = { interrupted: false; value: T } | { interrupted: true; signal: HandledSignal };

export async function runInterruptibly<T>(work: () => Promise<T>, onSignal: (signal: HandledSignal) => Promise<void>): Promise<InterruptibleResult<T>> {
  const log = getLogger('kedro.framework.cli');
  let received: HandledSignal | undefined;
  let signalled!: (signal: HandledSignal) => void;
  const firstSignal = new Promise<HandledSignal>((resolve) => (signalled = resolve));
  const handler = (signal: HandledSignal): void => {
    if (received !== undefined) {
      log.warn('%s again: exiting now.', signal);
      process.exit(SIGNAL_EXIT_CODES[signal]);
    }
    received = signal;
    log.warn('%s received: stopping the run (press Ctrl-C again to exit at once).', signal);
    signalled(signal);
  };
  for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) process.on(signal, handler);
  try {
    const working = work().then((value) => ({ interrupted: false as const, value }));
    // After a signal the work may still fail (a cancelled distributed run does): the signal's outcome stands.
    working.catch(() => undefined);
    const outcome = await Promise.race([working, firstSignal.then((signal) => ({ interrupted: true as const, signal }))]);
    if (!outcome.interrupted) return outcome;
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), CLEANUP_LIMIT_MS)));
    try {
      const done = await Promise.race([onSignal(outcome.signal).then(() => 'done' as const), limit]);
      if (done === 'timeout') log.warn('The MLflow run could not be ended within %d s; what is still queued goes to the offline journal.', CLEANUP_LIMIT_MS / 1000);
    } finally {
      clearTimeout(timer);
    }
    return outcome;
  } finally {
    for (const signal of Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[]) process.off(signal, handler);
  }
}
