/**
 * Base of the two datasets of one metric (`MlflowMetricDataset`, `MlflowMetricHistoryDataset`):
 * the metric's `key`, else the catalog entry's name, and `exists()` (the run has the metric).
 */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from '../file/show-value.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';
import { AbstractMlflowDataset, RUN_OPTION_KEYS, type MlflowRunOptions, type RunMode } from './mlflow-dataset.js';

export interface MetricKeyOptions extends MlflowRunOptions {
  /** The MLflow metric key (default: the catalog entry's name). */
  key?: string | undefined;
}

export abstract class MetricKeyDataset<TLoad, TSave = TLoad> extends AbstractMlflowDataset<TLoad, TSave> {
  static override readonly OPTION_KEYS: readonly string[] = ['key', ...RUN_OPTION_KEYS];
  readonly #key: string | undefined;

  constructor(options: MetricKeyOptions, context: DatasetContext | undefined, className: string) {
    super(options, context, `${className}(key=${showValue(options?.key)})`);
    const key: unknown = options?.key;
    if (key !== undefined && key !== null && (typeof key !== 'string' || key === '')) {
      throw new DatasetOptionError({ dataset: this.label, option: 'key', message: `'key' of dataset ${this.label} must be a metric name (a non-empty string), got ${showValue(key)}.` });
    }
    this.#key = (key as string | null | undefined) ?? undefined;
  }

  /** The metric key: `key`, else the catalog entry's name. */
  get key(): string | undefined {
    return this.#key ?? this.catalogName;
  }

  protected requireKey(mode: RunMode): string {
    const key = this.key;
    if (key !== undefined) return key;
    throw new MlflowDatasetError({
      kind: 'no-key',
      dataset: this.label,
      message: `Cannot ${mode} dataset ${this.label}: it has no metric key. Give it 'key', or add it to a catalog, where its entry's name is the key.`,
    });
  }

  /** True when the run has the metric (false when there is no run or no key). */
  protected override async _exists(): Promise<boolean> {
    const runId = this.resolveRunId('load');
    const key = this.key;
    if (runId === undefined || key === undefined) return false;
    return this.withClient(async (client) => Object.hasOwn((await client.getRun(runId)).data.metrics, key));
  }
}
