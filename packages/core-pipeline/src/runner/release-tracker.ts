/**
 * Frees datasets as soon as no remaining node needs them (kedro's release rule): an input is
 * released when its last consumer has run, an output nobody reads is released right after it is
 * saved. Free inputs and free outputs of the pipeline are never released.
 */
import type { DataCatalog } from '../io/data-catalog.js';
import type { Node } from '../pipeline/node.js';
import type { Pipeline } from '../pipeline/pipeline.js';

export class ReleaseTracker {
  private readonly loadCounts = new Map<string, number>();
  private readonly freeInputs: Set<string>;
  private readonly freeOutputs: Set<string>;

  constructor(pipeline: Pipeline, private readonly catalog: DataCatalog) {
    for (const node of pipeline.nodes) {
      for (const input of node.inputs) this.loadCounts.set(input, (this.loadCounts.get(input) ?? 0) + 1);
    }
    this.freeInputs = pipeline.inputs();
    this.freeOutputs = pipeline.outputs();
  }

  async afterNode(node: Node): Promise<void> {
    for (const input of node.inputs) {
      const left = (this.loadCounts.get(input) ?? 1) - 1;
      this.loadCounts.set(input, left);
      if (left < 1 && !this.freeInputs.has(input)) await this.catalog.release(input);
    }
    for (const output of node.outputs) {
      if ((this.loadCounts.get(output) ?? 0) < 1 && !this.freeOutputs.has(output)) await this.catalog.release(output);
    }
  }
}
