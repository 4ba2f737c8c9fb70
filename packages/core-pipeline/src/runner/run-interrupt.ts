/**
 * How a caller stops a run it started (a CLI on Ctrl-C). The engine's own runners cannot stop a
 * node's function, but a runner whose work runs elsewhere (a workflow on a cluster) can cancel it:
 * it registers what to do with `onInterrupt`, and the caller awaits `interrupt()` before it ends
 * the run's tracking and exits, so the cancellation is sent before the process goes.
 */
export class RunInterrupt {
  readonly #controller = new AbortController();
  readonly #handlers = new Set<(reason: string) => Promise<void>>();

  /** Aborted once `interrupt()` was called. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  get interrupted(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Registers what to do on interruption; returns the function that removes it (call it when the run ends). */
  onInterrupt(handler: (reason: string) => Promise<void>): () => void {
    this.#handlers.add(handler);
    return () => this.#handlers.delete(handler);
  }

  /**
   * Aborts the signal and runs every handler; resolves when all have settled (a handler's failure
   * is the handler's to report: it never stops the others). Later calls do nothing.
   */
  async interrupt(reason: string): Promise<void> {
    if (this.interrupted) return;
    this.#controller.abort(reason);
    await Promise.allSettled([...this.#handlers].map((handler) => handler(reason)));
  }
}
