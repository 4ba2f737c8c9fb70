/**
 * When each node of a pipeline run started and ended, and how it ended, as the hook's node hooks
 * see it. Runners that run nodes at once (ConcurrentRunner, ParallelRunner) report them interleaved,
 * so every entry is keyed by node name (unique within a pipeline) and nothing depends on call order.
 */
import { errorSummary, type ErrorSummary } from './error-summary.js';

/** How a node ended. `skipped`: not run by a run that succeeded (`onlyMissingOutputs`); `not_run`: not reached by a run that failed. */
export type NodeStatus = 'completed' | 'failed' | 'interrupted' | 'skipped' | 'not_run';

export const NODE_STATUSES: readonly NodeStatus[] = ['completed', 'failed', 'interrupted', 'skipped', 'not_run'];

export interface NodeTiming {
  /** Wall-clock start (ms since the epoch), for the summary. */
  readonly startedAt: number;
  /** Monotonic start, for the duration. */
  readonly startMark: number;
  durationMs: number | undefined;
  outcome: 'running' | 'completed' | 'failed';
  error: ErrorSummary | undefined;
}

export class NodeTimings {
  readonly #timings = new Map<string, NodeTiming>();

  /** A node's function is about to run (its inputs are loaded). */
  start(name: string): void {
    this.#timings.set(name, { startedAt: Date.now(), startMark: performance.now(), durationMs: undefined, outcome: 'running', error: undefined });
  }

  complete(name: string): void {
    this.#end(name, 'completed', undefined);
  }

  fail(name: string, error: unknown): void {
    this.#end(name, 'failed', errorSummary(error));
  }

  get(name: string): Readonly<NodeTiming> | undefined {
    return this.#timings.get(name);
  }

  /** The status of a node once the run is over (`succeeded`: the pipeline as a whole). */
  status(name: string, succeeded: boolean): NodeStatus {
    const timing = this.#timings.get(name);
    if (timing === undefined) return succeeded ? 'skipped' : 'not_run';
    return timing.outcome === 'running' ? 'interrupted' : timing.outcome;
  }

  #end(name: string, outcome: 'completed' | 'failed', error: ErrorSummary | undefined): void {
    // A node that failed in beforeNodeRun (e.g. a parameter too long) has no start: its duration is 0.
    const timing = this.#timings.get(name) ?? { startedAt: Date.now(), startMark: performance.now(), durationMs: undefined, outcome, error };
    if (timing.outcome === 'failed') return; // the first failure is the one to keep
    timing.durationMs = roundMs(performance.now() - timing.startMark);
    timing.outcome = outcome;
    timing.error = error;
    this.#timings.set(name, timing);
  }
}

/** Milliseconds to a tenth: enough for a summary, and stable in JSON. */
export function roundMs(ms: number): number {
  return Math.round(ms * 10) / 10;
}
