/**
 * What stops the hook from logging a run's PipelineML as a model: found before the first node
 * (`unpersisted-inputs`, `log-model-kwargs`, `code-source`) or at the end of the run (`model-logging`).
 * Fields carry the names involved; code branches on `kind`, never on the message.
 */
import { KedroError } from '@kedro-mlflow/core-pipeline';
import { MlflowHookError } from './mlflow-hook-error.js';

const name = 'PipelineMlHookError';
const marker = `@kedro-mlflow/hooks.error.${name}`;
const symbol = Symbol.for(marker);

export type PipelineMlHookErrorKind =
  /** Inference inputs the catalog keeps in memory only (`datasets`). */
  | 'unpersisted-inputs'
  /** A `logModelKwargs` key the hook does not know (`key`). */
  | 'log-model-kwargs'
  /** No module gives the inference pipeline in a form that can be bundled (`module`, `pipelineName`). */
  | 'code-source'
  /** Building, saving or logging the model failed at the end of the run (`pipelineName`, the cause). */
  | 'model-logging';

export interface PipelineMlHookErrorDetails {
  kind: PipelineMlHookErrorKind;
  pipelineName?: string | undefined;
  datasets?: readonly string[] | undefined;
  key?: string | undefined;
  module?: string | undefined;
}

export class PipelineMlHookError extends MlflowHookError {
  private readonly [symbol] = true;
  readonly kind: PipelineMlHookErrorKind;
  readonly pipelineName: string | undefined;
  readonly datasets: readonly string[];
  readonly key: string | undefined;
  readonly module: string | undefined;

  constructor(message: string, details: PipelineMlHookErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.kind = details.kind;
    this.pipelineName = details.pipelineName;
    this.datasets = Object.freeze([...(details.datasets ?? [])]);
    this.key = details.key;
    this.module = details.module;
  }

  static override isInstance(error: unknown): error is PipelineMlHookError {
    return KedroError.hasMarker(error, marker);
  }
}
