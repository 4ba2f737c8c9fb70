/**
 * The last try of a background logger before it gives up (`close()`, or the process ending). The
 * outage monitor may still believe the server down although it is back — it only probes every
 * `probeIntervalMs` — so when the journal holds anything, the server is probed once and, if it
 * answers, everything is delivered, waiting at most `closeTimeoutMs`. What is left is then said in
 * one warning, with how it will be sent. (Measured before this existed: a server back before the
 * run ended still had 15,000 of 20,000 points and the end status left in the journal.)
 */
import { getLogger } from '../logger.js';
import { addCounts, describeCounts, describeRuns, emptyCounts, type DeliveryUnit, type QueuedUnit } from './delivery-unit.js';
import type { Journal } from './journal.js';
import type { OutageMonitor } from './outage-monitor.js';
import type { JournalReplayer } from './replayer.js';

const log = getLogger('mlflow-client.background');

/** How long `close()` (and the end of the process) waits for a server that answers to take what the journal holds, ms. */
export const DEFAULT_CLOSE_TIMEOUT_MS = 60_000;

export interface LeavingContext {
  /** The tracking URI, without credentials. */
  uri: string;
  journal: Journal;
  replayer: JournalReplayer;
  monitor: OutageMonitor;
  probe: (() => Promise<boolean>) | undefined;
  timeoutMs: number;
  /** The server answered: end the outage (starts a replay). */
  reached: () => void;
  /** Sends what waits in memory. */
  flush: () => Promise<void>;
}

export type LeavingOutcome = 'nothing-left' | 'unreachable' | 'delivered' | 'timed-out';

export async function deliverBeforeLeaving(ctx: LeavingContext): Promise<LeavingOutcome> {
  const { journal, monitor } = ctx;
  if (!journal.mayHavePending) return 'nothing-left';
  if (monitor.isDown && ctx.probe !== undefined) {
    if (!(await ctx.probe().catch(() => false))) return 'unreachable';
    ctx.reached();
  }
  let timer: NodeJS.Timeout | undefined;
  const outOfTime = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), ctx.timeoutMs);
  });
  const work = (async (): Promise<'delivered'> => {
    await ctx.replayer.replay().catch((error: unknown) => log.error(`replaying ${journal.path} failed: ${(error as Error).message}`));
    await ctx.flush();
    return 'delivered';
  })();
  const outcome = await Promise.race([work, outOfTime]);
  clearTimeout(timer);
  // Stop after the entry being sent: the rest stays in the journal for the next process.
  if (outcome === 'timed-out') ctx.replayer.halt();
  return outcome;
}

/** One warning when the journal still holds something, saying what, for which runs, and how it will be sent. */
export async function sayWhatIsLeft(ctx: LeavingContext, outcome: LeavingOutcome): Promise<void> {
  const { journal } = ctx;
  if (!journal.mayHavePending) return;
  const left = await journal.pending().catch(() => []);
  if (left.length === 0) return;
  const why =
    outcome === 'timed-out'
      ? `did not take everything within ${(ctx.timeoutMs / 1000).toLocaleString('en-US')} s (closeTimeoutMs)`
      : ctx.monitor.isDown || outcome === 'unreachable'
        ? 'is unreachable'
        : 'has not taken everything (another process may be sending it)';
  const units = left.map((e) => e.unit);
  log.warn(
    `MLflow server ${ctx.uri} ${why}: ${describeCounts(addCounts(emptyCounts(), units))} for ${describeRuns(units.map((u) => u.runId))} remain in ${journal.path}. ` +
      `They will be sent by the next process that uses this tracking URI, as soon as the server answers — or now with \`await new MlflowTracking({ trackingUri: '${ctx.uri}' }).replay()\`.`,
  );
}

/**
 * From a process `exit` handler (nothing async runs any more): writes the units not yet delivered
 * to the journal, synchronously, and says so. `copied` were kept already (artifacts in flight).
 */
export function keepAtExit(ctx: { uri: string; journal: Journal | undefined; monitor: OutageMonitor }, units: QueuedUnit[], copied: DeliveryUnit[]): void {
  if (units.length === 0 && copied.length === 0) return;
  const { uri, journal } = ctx;
  const all = [...copied, ...units];
  const what = `${describeCounts(addCounts(emptyCounts(), all))} for ${describeRuns(all.map((u) => u.runId))}`;
  if (journal === undefined) {
    log.error(`the process is exiting: ${what} not yet sent to ${uri} are lost (the offline journal is disabled; await flush() or endRun() before exiting).`);
    return;
  }
  try {
    journal.appendSync(units);
    ctx.monitor.note(all);
    log.warn(`the process is exiting: ${what} not yet sent to ${uri} kept in ${journal.path}; they will be sent by the next process that uses this tracking URI (or run \`replay()\`).`);
  } catch (error) {
    log.error(`the process is exiting: ${what} not yet sent to ${uri} are lost: writing ${journal.path} failed (${(error as Error).message}).`);
  }
}
