/**
 * Delivers what the journal holds, oldest first, recording each delivered entry at once (a replay
 * cut short never sends an entry twice) and compacting the file at the end. One replay at a time
 * per process (callers share the running one) and per journal across processes (a lock file; a
 * busy journal is left to the process replaying it). Stops at the first transient failure: the
 * server is still down, the rest waits.
 */
import { getLogger } from '../logger.js';
import { addCounts, describeCounts, emptyCounts, subtractCounts, totalOf, type DeliveryUnit, type UnitCounts } from './delivery-unit.js';
import type { Deliverer } from './deliverer.js';
import type { Journal } from './journal.js';
import { tryFileLock } from '../file-lock.js';

const log = getLogger('mlflow-client.journal');

export interface ReplaySummary {
  /** What reached the server. */
  delivered: UnitCounts;
  /** What the server refused (logged and kept in the `.dropped.jsonl` file). */
  dropped: UnitCounts;
  /** Entries still in the journal (the server is down again, or another process is replaying it). */
  remaining: number;
  /** Another process was replaying this journal; nothing was done here. */
  busy: boolean;
}

export interface ReplayHooks {
  /** The server answered (ends an outage). */
  reached: () => void;
  /** The server is unreachable again; `waiting` is what the journal still holds. */
  failed: (error: unknown, waiting: DeliveryUnit[]) => void;
}

export class JournalReplayer {
  private running: Promise<ReplaySummary> | undefined;
  private halted = false;

  constructor(
    private readonly journal: Journal,
    private readonly deliverer: Deliverer,
    private readonly hooks: ReplayHooks,
  ) {}

  get inProgress(): boolean {
    return this.running !== undefined;
  }

  /** Replays the journal (or joins the replay already running). */
  replay(): Promise<ReplaySummary> {
    this.running ??= this.run().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  /** Makes the running replay stop after the entry it is sending (what is left stays in the journal). */
  halt(): void {
    if (this.running !== undefined) this.halted = true;
  }

  private async run(): Promise<ReplaySummary> {
    const summary: ReplaySummary = { delivered: emptyCounts(), dropped: emptyCounts(), remaining: 0, busy: false };
    this.halted = false;
    if (!this.journal.mayHavePending) return summary;
    const release = tryFileLock(`${this.journal.path}.replay.lock`);
    if (release === undefined) {
      summary.busy = true;
      summary.remaining = (await this.journal.pending()).length;
      log.debug(`${this.journal.path} is being replayed by another process`);
      return summary;
    }
    try {
      // Loop: entries may be appended while we replay (data logged before the outage was noticed as over).
      passes: for (let pass = 0; pass < 1000; pass += 1) {
        const entries = await this.journal.pending();
        if (entries.length === 0) break;
        for (let i = 0; i < entries.length; i += 1) {
          if (this.halted) break passes;
          const entry = entries[i]!;
          const outcome = await this.deliverer.deliver(entry.unit);
          if (outcome.reached) this.hooks.reached();
          if (outcome.deferred.length > 0) {
            // The server is down again. The entry stays whole, even if part of a split batch went
            // through: resending that part is harmless (same params, same tags, duplicate metric
            // points are ignored by MLflow) and keeps the journal in order.
            this.hooks.failed(outcome.error, entries.slice(i).map((e) => e.unit));
            summary.remaining = await this.journal.compact();
            this.report(summary);
            return summary;
          }
          await this.journal.markDone([entry.id]);
          if (entry.unit.kind === 'log-artifact') await this.journal.copies.remove(entry.unit.copyId);
          addCounts(summary.dropped, outcome.dropped);
          addCounts(summary.delivered, [entry.unit]);
          subtractCounts(summary.delivered, outcome.dropped);
        }
      }
      summary.remaining = await this.journal.compact();
      this.report(summary);
      return summary;
    } finally {
      release();
    }
  }

  private report(summary: ReplaySummary): void {
    if (totalOf(summary.dropped) > 0) log.warn(`the server refused ${describeCounts(summary.dropped)} from ${this.journal.path} (see the errors above)`);
    if (totalOf(summary.delivered) === 0) return;
    const rest = summary.remaining > 0 ? `; ${summary.remaining} entr${summary.remaining === 1 ? 'y waits' : 'ies wait'} for the server` : '';
    log.info(`replayed ${describeCounts(summary.delivered)} from ${this.journal.path}${rest}`);
  }
}
