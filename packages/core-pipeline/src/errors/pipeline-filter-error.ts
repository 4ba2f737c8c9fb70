import { KedroError } from './kedro-error.js';
import { PipelineError } from './pipeline-error.js';

const name = 'PipelineFilterError';
const marker = `@kedro-mlflow/core-pipeline.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * What a pipeline filter could not find: node names, dataset names or namespaces that are not in
 * the pipeline, or criteria that together select no node at all.
 */
export type PipelineFilterErrorKind = 'unknown-nodes' | 'unknown-datasets' | 'unknown-namespaces' | 'empty-selection';

/**
 * A filter (`onlyNodes`, `fromInputs`, `filter({...})`, …) was asked for something the pipeline
 * does not have. Programs branch on `kind` and `missing`, never on the message.
 */
export class PipelineFilterError extends PipelineError {
  private readonly [symbol] = true;
  readonly kind: PipelineFilterErrorKind;
  /** The requested names the pipeline does not have, as given (empty for `empty-selection`). */
  readonly missing: readonly string[];

  constructor(message: string, details: { kind: PipelineFilterErrorKind; missing?: readonly string[] }, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.kind = details.kind;
    this.missing = Object.freeze([...(details.missing ?? [])]);
  }

  static override isInstance(error: unknown): error is PipelineFilterError {
    return KedroError.hasMarker(error, marker);
  }
}
