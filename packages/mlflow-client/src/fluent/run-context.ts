/**
 * Which runs are active, per async context — no hidden global. Each `MlflowTracking` has a root
 * stack (for code that calls `startRun`/`endRun` directly, like Python's fluent API in one thread)
 * and an `AsyncLocalStorage` through which `withRun` gives the work it runs a stack of its own:
 * a copy of the surrounding one plus its run. Concurrent `withRun`s therefore never see each
 * other's runs, whatever the interleaving of their awaits.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActiveRun } from './active-run.js';

export interface RunStack {
  /** Active runs, innermost last. */
  runs: ActiveRun[];
  /** How many of `runs` belong to an enclosing context (visible here, but ended there). */
  inherited: number;
  /** Runs being started in this context right now. */
  starting: number;
}

export class RunContext {
  private readonly storage = new AsyncLocalStorage<RunStack>();
  private readonly root: RunStack = { runs: [], inherited: 0, starting: 0 };

  current(): RunStack {
    return this.storage.getStore() ?? this.root;
  }

  /** The innermost active run of the current context. */
  top(): ActiveRun | undefined {
    const runs = this.current().runs;
    return runs[runs.length - 1];
  }

  push(run: ActiveRun, stack: RunStack = this.current()): void {
    stack.runs.push(run);
  }

  /** Removes the innermost run started in this context (not an inherited one). */
  popOwn(): ActiveRun | undefined {
    const stack = this.current();
    return stack.runs.length > stack.inherited ? stack.runs.pop() : undefined;
  }

  /** Removes `run` and the runs started above it in this context; innermost first. */
  popThrough(run: ActiveRun): ActiveRun[] {
    const stack = this.current();
    const index = stack.runs.lastIndexOf(run);
    if (index < stack.inherited) return [];
    return stack.runs.splice(index).reverse();
  }

  /** Runs `fn` with a stack of its own, starting as a copy of the current one. */
  fork<T>(fn: () => T): T {
    const runs = this.current().runs;
    return this.storage.run({ runs: [...runs], inherited: runs.length, starting: 0 }, fn);
  }
}
