import { availableParallelism } from 'node:os';
import type { Pipeline } from '../pipeline/pipeline.js';
import { AbstractRunner, type Schedule } from './abstract-runner.js';
import { requiredWorkers, runWithPool } from './pool-scheduler.js';

export interface ConcurrentRunnerOptions {
  /** Most nodes in flight at once; default: the number of CPUs. */
  maxWorkers?: number;
  isAsync?: boolean;
}

/**
 * Runs independent nodes concurrently on the event loop, a bounded number at a time (kedro's
 * ThreadRunner): the right runner for I/O-bound nodes (HTTP, databases, files). CPU-bound nodes
 * need the ParallelRunner.
 */
export class ConcurrentRunner extends AbstractRunner {
  readonly maxWorkers: number;

  constructor(options: ConcurrentRunnerOptions = {}) {
    super({ isAsync: options.isAsync ?? false });
    const max = options.maxWorkers ?? availableParallelism();
    if (!Number.isInteger(max) || max <= 0) throw new RangeError(`maxWorkers should be a positive integer, got ${String(max)}.`);
    this.maxWorkers = max;
  }

  /** How many nodes this runner would keep in flight for `pipeline`. */
  workersFor(pipeline: Pipeline): number {
    return requiredWorkers(pipeline, this.maxWorkers);
  }

  protected async runNodes(schedule: Schedule): Promise<void> {
    await runWithPool(
      schedule.pipeline,
      this.workersFor(schedule.pipeline),
      (node) => this.task(node, schedule),
      (node) => this.completed(node, schedule),
      (node, error) => this.failed(node, error, schedule),
    );
  }
}
