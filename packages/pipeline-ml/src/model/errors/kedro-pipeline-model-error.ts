/**
 * A pipeline model that cannot be built, saved, bundled, loaded or asked to predict. Programs branch
 * on `kind` and the name fields, never on the message; `isInstance()` works across package copies.
 */
import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'KedroPipelineModelError';
const marker = `@kedro-mlflow/pipeline-ml.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * - `invalid-argument`: an option of the wrong type (`key`);
 * - `copy-mode`: `copyMode` is neither a mode name, `null`, nor a `{dataset: mode}` map (`key`);
 * - `outputs`: the pipeline does not have exactly one output (`datasets` = its outputs);
 * - `unpersisted-input`: an artifact is an in-memory dataset (`dataset`);
 * - `not-local`: an artifact is not stored in a local file or folder (`dataset`);
 * - `artifact-type`: the dataset type of an artifact cannot be loaded from the model (`dataset`);
 * - `artifacts-mismatch`: the model's artifacts are not the pipeline's inputs less `inputName` (`datasets`);
 * - `code-source`: the module the inference code is bundled from is missing or does not give the pipeline (`module`);
 * - `unbundlable`: a module the nodes import cannot be bundled (`module`, `nodes`);
 * - `code-mismatch`: the bundled pipeline is not the one being saved (`nodes`);
 * - `runner`: an unknown runner name at predict time (`key` = the name);
 * - `unknown-param`: a predict param that is not an inference parameter (`key`);
 * - `model-folder`: a model folder without a usable `kedro_pipeline` flavor (`key` = the field);
 * - `closed`: `predict` on a loaded model after its `close()`.
 */
export type KedroPipelineModelErrorKind =
  | 'invalid-argument'
  | 'copy-mode'
  | 'outputs'
  | 'unpersisted-input'
  | 'not-local'
  | 'artifact-type'
  | 'artifacts-mismatch'
  | 'code-source'
  | 'unbundlable'
  | 'code-mismatch'
  | 'runner'
  | 'unknown-param'
  | 'model-folder'
  | 'closed';

export interface KedroPipelineModelErrorDetails {
  kind: KedroPipelineModelErrorKind;
  key?: string;
  dataset?: string;
  datasets?: readonly string[];
  module?: string;
  nodes?: readonly string[];
}

const frozen = (values: readonly string[] | undefined): readonly string[] => Object.freeze([...(values ?? [])]);

export class KedroPipelineModelError extends KedroError {
  private readonly [symbol] = true;
  readonly kind: KedroPipelineModelErrorKind;
  readonly key: string | undefined;
  readonly dataset: string | undefined;
  readonly datasets: readonly string[];
  readonly module: string | undefined;
  readonly nodes: readonly string[];

  constructor(message: string, details: KedroPipelineModelErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = name;
    this.kind = details.kind;
    this.key = details.key;
    this.dataset = details.dataset;
    this.datasets = frozen(details.datasets);
    this.module = details.module;
    this.nodes = frozen(details.nodes);
  }

  static override isInstance(error: unknown): error is KedroPipelineModelError {
    return KedroError.hasMarker(error, marker);
  }
}
