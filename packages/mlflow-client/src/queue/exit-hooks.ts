/**
 * Process exit for the background loggers: on `beforeExit` (the event loop ran dry) each may still
 * do async work — end forgotten runs, flush; on `exit` (also after `process.exit()`), nothing async
 * can run, so each writes what is still queued to its journal, synchronously. The listeners are
 * installed while at least one logger is open, and removed after the last one closes.
 */
export interface ExitParticipant {
  /** Async work before the process ends; undefined when there is nothing to do. */
  beforeExit(code: number): Promise<void> | undefined;
  /** Last chance, synchronous only. Must not throw. */
  exit(code: number): void;
}

const participants = new Set<ExitParticipant>();

function onBeforeExit(code: number): void {
  const work: Array<Promise<void>> = [];
  for (const p of participants) {
    const pending = p.beforeExit(code);
    if (pending !== undefined) work.push(pending);
  }
  // A pending promise keeps the loop alive; `beforeExit` fires again once it is done.
  if (work.length > 0) void Promise.allSettled(work);
}

function onExit(code: number): void {
  for (const p of participants) {
    try {
      p.exit(code);
    } catch {
      // never stand in the way of exiting
    }
  }
}

export function registerExitParticipant(participant: ExitParticipant): () => void {
  if (participants.size === 0) {
    process.on('beforeExit', onBeforeExit);
    process.on('exit', onExit);
  }
  participants.add(participant);
  return () => {
    if (!participants.delete(participant)) return;
    if (participants.size === 0) {
      process.off('beforeExit', onBeforeExit);
      process.off('exit', onExit);
    }
  };
}
