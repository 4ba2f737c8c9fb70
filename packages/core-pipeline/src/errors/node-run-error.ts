import { KedroError } from './kedro-error.js';

const name = 'NodeRunError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A node failed during a run. `cause` is the node's own error; the message adds which node failed
 * and where to resume from (kedro only logs that hint; we also put it in the error so a CLI or a
 * scheduler can show it).
 */
export class NodeRunError extends KedroError {
  private readonly [symbol] = true;
  /** Name of the node that failed. */
  readonly nodeName: string;
  /** Nodes to pass to `--from-nodes` to resume; empty when no node had finished. */
  readonly resumeFromNodes: string[];

  constructor(options: { nodeName: string; nodeText: string; resumeFromNodes: string[]; hint: string; cause: unknown }) {
    const reason = options.cause instanceof Error ? options.cause.message : String(options.cause);
    super(`Node ${options.nodeText} failed: ${reason}\n${options.hint}`, { cause: options.cause });
    this.name = name;
    this.nodeName = options.nodeName;
    this.resumeFromNodes = options.resumeFromNodes;
  }

  static override isInstance(error: unknown): error is NodeRunError {
    return KedroError.hasMarker(error, marker);
  }
}
