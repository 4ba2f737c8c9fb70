import { AbstractRunner, type Schedule } from './abstract-runner.js';

/** Runs nodes one at a time, in the pipeline's topological order. */
export class SequentialRunner extends AbstractRunner {
  protected async runNodes(schedule: Schedule): Promise<void> {
    for (const node of schedule.pipeline.nodes) {
      try {
        await this.task(node, schedule);
      } catch (error) {
        throw this.failed(node, error, schedule);
      }
      await this.completed(node, schedule);
    }
  }
}
