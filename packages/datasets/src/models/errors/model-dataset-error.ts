import { DatasetError } from '@kedro-mlflow/core-pipeline';

const name = 'ModelDatasetError';
const marker = `@kedro-mlflow/datasets.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * A model dataset was asked for something it cannot do:
 * - `save-with-model-uri`: MlflowModelTrackingDataset has `load_args.model_uri`, and a logged model cannot be overwritten;
 * - `no-model-uri`: MlflowModelTrackingDataset loads without `load_args.model_uri` and has saved nothing yet;
 * - `read-only`: MlflowModelRegistryDataset only loads.
 */
export type ModelDatasetErrorKind = 'save-with-model-uri' | 'no-model-uri' | 'read-only';

export class ModelDatasetError extends DatasetError {
  private readonly [symbol] = true;
  readonly kind: ModelDatasetErrorKind;
  /** The catalog name of the dataset, or its description when built in code. */
  readonly dataset: string;

  constructor(options: { kind: ModelDatasetErrorKind; dataset: string; message: string }) {
    super(options.message);
    this.name = name;
    this.kind = options.kind;
    this.dataset = options.dataset;
  }

  static override isInstance(error: unknown): error is ModelDatasetError {
    return DatasetError.hasMarker(error, marker);
  }
}
