/**
 * A PipelineML that cannot be built (or rebuilt after a filter), or a run whose PipelineML cannot be
 * told apart. `isInstance()` checks a `Symbol.for` marker, so it works across duplicated copies of
 * the package; programs branch on `kind` and the name fields, never on the message.
 */
import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'PipelineMLError';
const marker = `@kedro-mlflow/pipeline-ml.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * - `invalid-argument`: `training` / `inference` is not a Pipeline, or an option is not of its type;
 * - `inference-outputs`: the inference pipeline does not have exactly one output (`outputs`);
 * - `input-name`: `inputName` is not an input of the inference pipeline (`inputName`, `inferenceInputs`);
 * - `kpm-kwargs` / `log-model-kwargs`: a bad key or value in those options (`key`);
 * - `free-inputs`: inference reads datasets training neither produces nor reads (`freeInputs`);
 * - `unknown-pipeline`: a requested pipeline name is not in the registry (`pipelineNames`);
 * - `several-pipeline-ml`: the requested pipelines hold more than one PipelineML (`pipelineNames`).
 */
export type PipelineMLErrorKind =
  | 'invalid-argument'
  | 'inference-outputs'
  | 'input-name'
  | 'kpm-kwargs'
  | 'log-model-kwargs'
  | 'free-inputs'
  | 'unknown-pipeline'
  | 'several-pipeline-ml';

export interface PipelineMLErrorDetails {
  kind: PipelineMLErrorKind;
  /** The option or argument at fault (`inference`, `kpmKwargs.copyMode`, `logModelKwargs.name`, …). */
  key?: string;
  /** The outputs of the inference pipeline (`inference-outputs`). */
  outputs?: readonly string[];
  /** The input name given (`input-name`, `free-inputs`). */
  inputName?: string;
  /** The inputs of the inference pipeline (`input-name`). */
  inferenceInputs?: readonly string[];
  /** Inference inputs that training neither produces nor reads (`free-inputs`). */
  freeInputs?: readonly string[];
  /** Registry names: the unknown ones, or those holding a PipelineML. */
  pipelineNames?: readonly string[];
}

const frozen = (values: readonly string[] | undefined): readonly string[] => Object.freeze([...(values ?? [])]);

export class PipelineMLError extends KedroError {
  private readonly [symbol] = true;
  readonly kind: PipelineMLErrorKind;
  readonly key: string | undefined;
  readonly outputs: readonly string[];
  readonly inputName: string | undefined;
  readonly inferenceInputs: readonly string[];
  readonly freeInputs: readonly string[];
  readonly pipelineNames: readonly string[];

  constructor(message: string, details: PipelineMLErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.kind = details.kind;
    this.key = details.key;
    this.outputs = frozen(details.outputs);
    this.inputName = details.inputName;
    this.inferenceInputs = frozen(details.inferenceInputs);
    this.freeInputs = frozen(details.freeInputs);
    this.pipelineNames = frozen(details.pipelineNames);
  }

  static override isInstance(error: unknown): error is PipelineMLError {
    return KedroError.hasMarker(error, marker);
  }
}
