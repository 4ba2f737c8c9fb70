/**
 * `MlflowMetricDataset`: one metric (a number) of an MLflow run. `save` logs a point, `load`
 * reads the last point logged (or the last one at `load_args.step`).
 *
 * The key is `key`, else the catalog entry's name (given to every dataset the catalog builds,
 * factory patterns included, kedro-mlflow §9.2 item 6). `save_args.mode` is `overwrite` (the
 * point goes at the highest step logged so far) or `append` (one step after it), checked when the
 * dataset is built; an explicit `save_args.step` wins over the mode.
 */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import type { Metric, MlflowClient } from '@kedro-mlflow/mlflow-client';
import { checkArgs, isOneOf } from '../file/dataset-args.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';
import { finiteMetric, isStep } from './metric-value.js';
import { MetricKeyDataset, type MetricKeyOptions } from './metric-key-dataset.js';

export const METRIC_SAVE_MODES = ['overwrite', 'append'] as const;
export type MetricSaveMode = (typeof METRIC_SAVE_MODES)[number];

export interface MlflowMetricLoadArgs {
  /** Read the last point logged at this step (default: the last point logged). */
  step?: number | undefined;
}

export interface MlflowMetricSaveArgs {
  mode?: MetricSaveMode | undefined;
  /** Log at this step (the mode is then not used). */
  step?: number | undefined;
  /** Milliseconds since the epoch (default: now). */
  timestamp?: number | undefined;
}

export interface MlflowMetricDatasetOptions extends MetricKeyOptions {
  load_args?: MlflowMetricLoadArgs | undefined;
  save_args?: MlflowMetricSaveArgs | undefined;
}

export class MlflowMetricDataset extends MetricKeyDataset<number, number> {
  static override readonly OPTION_KEYS: readonly string[] = [...MetricKeyDataset.OPTION_KEYS, 'load_args', 'save_args'];

  readonly loadArgs: MlflowMetricLoadArgs;
  readonly saveArgs: Omit<MlflowMetricSaveArgs, 'mode'>;
  readonly mode: MetricSaveMode;

  constructor(options: MlflowMetricDatasetOptions = {}, context?: DatasetContext) {
    super(options, context, 'MlflowMetricDataset');
    this.loadArgs = checkArgs(this.label, 'load_args', options.load_args, { step: isStep }) as MlflowMetricLoadArgs;
    const { mode, ...saveArgs } = checkArgs(this.label, 'save_args', options.save_args, {
      mode: isOneOf(...METRIC_SAVE_MODES),
      step: isStep,
      timestamp: isStep,
    }) as MlflowMetricSaveArgs;
    this.mode = mode ?? 'overwrite';
    this.saveArgs = saveArgs;
  }

  protected async _save(value: number): Promise<void> {
    const key = this.requireKey('save');
    const metric = finiteMetric(this.label, key, value);
    if (this.muted) return;
    const runId = this.requireRunId('save');
    await this.withClient(async (client) => {
      let step = this.saveArgs.step;
      if (step === undefined) {
        const steps = (await this.history(client, runId, key)).map((m) => m.step);
        const last = steps.length === 0 ? undefined : Math.max(...steps);
        step = last === undefined ? 0 : this.mode === 'append' ? last + 1 : last;
      }
      await client.logMetric(runId, key, metric, { step, ...(this.saveArgs.timestamp === undefined ? {} : { timestamp: this.saveArgs.timestamp }) });
    });
  }

  protected async _load(): Promise<number> {
    const key = this.requireKey('load');
    const runId = this.requireRunId('load');
    const history = await this.withClient((client) => this.history(client, runId, key));
    const { step } = this.loadArgs;
    const points = step === undefined ? history : history.filter((m) => m.step === step);
    const last = points.at(-1);
    if (last === undefined) {
      const where = step === undefined ? '' : ` at step ${step} (steps logged: ${[...new Set(history.map((m) => m.step))].join(', ') || 'none'})`;
      throw new MlflowDatasetError({
        kind: 'metric-not-found',
        dataset: this.label,
        key,
        runId,
        message: `Cannot load dataset ${this.label}: run '${runId}' has no metric '${key}'${where}. Save it first, or check 'key', 'run_id' and 'load_args.step'.`,
      });
    }
    return last.value;
  }

  /** The metric's points in the order they were logged. */
  private history(client: MlflowClient, runId: string, key: string): Promise<Metric[]> {
    return client.getMetricHistory(runId, key);
  }

  protected _describe(): Record<string, unknown> {
    const args = (value: object): object | undefined => (Object.keys(value).length > 0 ? value : undefined);
    return { key: this.key, run_id: this.runId, load_args: args(this.loadArgs), save_args: args({ mode: this.mode, ...this.saveArgs }) };
  }
}
