import { DatasetError } from '@kedro-mlflow/core-pipeline';

const name = 'MlflowDatasetError';
const marker = `@kedro-mlflow/datasets.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * An MLflow artifact or metric dataset cannot do what it was asked:
 * - `no-run`: nothing to log to or read from: no `run_id` (`load_run_id` / `save_run_id`) and no pipeline run;
 * - `no-key`: a metric dataset has no `key` (give one, or build it from a catalog, which uses the entry's name);
 * - `invalid-key`: a metric key MLflow refuses (characters, length);
 * - `not-a-number`: a metric value is not a finite number;
 * - `invalid-metrics`: data of a metric history dataset is not in the shape its mode expects;
 * - `metric-not-found`: the run has no such metric (or no point at `load_args.step`);
 * - `artifact-not-found`: the run has no such artifact to load;
 * - `not-a-file-dataset`: MlflowArtifactDataset wraps a dataset that has no local file or folder.
 */
export type MlflowDatasetErrorKind =
  | 'no-run'
  | 'no-key'
  | 'invalid-key'
  | 'not-a-number'
  | 'invalid-metrics'
  | 'metric-not-found'
  | 'artifact-not-found'
  | 'not-a-file-dataset';

export class MlflowDatasetError extends DatasetError {
  private readonly [symbol] = true;
  readonly kind: MlflowDatasetErrorKind;
  /** The catalog name of the dataset, or its description when built in code. */
  readonly dataset: string;
  /** The MLflow metric key or artifact path concerned, when there is one. */
  readonly key: string | undefined;
  readonly runId: string | undefined;

  constructor(options: { kind: MlflowDatasetErrorKind; dataset: string; message: string; key?: string | undefined; runId?: string | undefined; cause?: unknown }) {
    super(options.message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = name;
    this.kind = options.kind;
    this.dataset = options.dataset;
    this.key = options.key;
    this.runId = options.runId;
  }

  static override isInstance(error: unknown): error is MlflowDatasetError {
    return DatasetError.hasMarker(error, marker);
  }
}
