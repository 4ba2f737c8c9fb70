/**
 * `MlflowMetricHistoryDataset`: every point of one metric of an MLflow run. The modes say how the
 * points are given to `save` and returned by `load` (independently of each other, both checked when
 * the dataset is built; kedro-mlflow ignored an unknown save mode and crashed on an unknown load
 * mode, §9.2 item 7):
 * - `list`: `[v0, v1, …]`, the step of each value is its index;
 * - `dict`: `{step: value}`;
 * - `history`: `[{step, value, timestamp?}, …]`.
 */
import type { DatasetContext } from '@kedro-mlflow/core-pipeline';
import type { Metric } from '@kedro-mlflow/mlflow-client';
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import { checkArgs, isOneOf } from '../file/dataset-args.js';
import { showValue } from '../file/show-value.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';
import { finiteMetric, kindOf, metricKey } from './metric-value.js';
import { MetricKeyDataset, type MetricKeyOptions } from './metric-key-dataset.js';

export const METRIC_HISTORY_MODES = ['list', 'dict', 'history'] as const;
export type MetricHistoryMode = (typeof METRIC_HISTORY_MODES)[number];

export interface MetricPoint {
  step: number;
  value: number;
  /** Milliseconds since the epoch. */
  timestamp?: number | undefined;
}

/** What `save` takes and `load` returns, by mode. */
export type MetricHistory = number[] | Record<number, number> | MetricPoint[];

export interface MlflowMetricHistoryDatasetOptions extends MetricKeyOptions {
  load_args?: { mode?: MetricHistoryMode | undefined } | undefined;
  save_args?: { mode?: MetricHistoryMode | undefined } | undefined;
}

export class MlflowMetricHistoryDataset extends MetricKeyDataset<MetricHistory, MetricHistory> {
  static override readonly OPTION_KEYS: readonly string[] = [...MetricKeyDataset.OPTION_KEYS, 'load_args', 'save_args'];

  readonly loadMode: MetricHistoryMode;
  readonly saveMode: MetricHistoryMode;

  constructor(options: MlflowMetricHistoryDatasetOptions = {}, context?: DatasetContext) {
    super(options, context, 'MlflowMetricHistoryDataset');
    const spec = { mode: isOneOf(...METRIC_HISTORY_MODES) };
    this.loadMode = (checkArgs(this.label, 'load_args', options.load_args, spec).mode as MetricHistoryMode | undefined) ?? 'list';
    this.saveMode = (checkArgs(this.label, 'save_args', options.save_args, spec).mode as MetricHistoryMode | undefined) ?? 'list';
  }

  protected async _save(data: MetricHistory): Promise<void> {
    const key = metricKey(this.label, this.requireKey('save'));
    // Checked before anything is sent: a bad point never leaves half a history in the run.
    const points = this.points(key, data);
    if (this.muted) return;
    const runId = this.requireRunId('save');
    const now = Date.now();
    const metrics = points.map((p) => ({ key, value: p.value, step: p.step, timestamp: p.timestamp ?? now }));
    const logger = this.saveLogger(runId);
    if (logger !== undefined) logger.logBatch({ metrics });
    else await this.withClient((client) => client.logBatch(runId, { metrics }));
  }

  protected async _load(): Promise<MetricHistory> {
    const key = this.requireKey('load');
    const runId = this.requireRunId('load');
    const history: Metric[] = await this.withClient((client) => client.getMetricHistory(runId, key));
    if (history.length === 0) {
      throw new MlflowDatasetError({
        kind: 'metric-not-found',
        dataset: this.label,
        key,
        runId,
        message: `Cannot load dataset ${this.label}: run '${runId}' has no metric '${key}'. Save it first, or check 'key' and 'run_id'.`,
      });
    }
    if (this.loadMode === 'list') return history.map((m) => m.value);
    if (this.loadMode === 'dict') return Object.fromEntries(history.map((m) => [m.step, m.value]));
    return history.map((m) => ({ step: m.step, value: m.value, timestamp: m.timestamp }));
  }

  private points(key: string, data: unknown): MetricPoint[] {
    const bad = (expected: string): MlflowDatasetError =>
      new MlflowDatasetError({
        kind: 'invalid-metrics',
        dataset: this.label,
        key,
        message: `Cannot save dataset ${this.label} (save_args.mode '${this.saveMode}'): expected ${expected}, got ${kindOf(data)} (${showValue(data)}).`,
      });
    if (this.saveMode === 'list') {
      if (!Array.isArray(data)) throw bad('a list of numbers');
      return data.map((value, step) => ({ step, value: finiteMetric(this.label, key, value) }));
    }
    if (this.saveMode === 'dict') {
      if (!isPlainObject(data)) throw bad('a record {step: value}');
      return Object.entries(data).map(([step, value]) => {
        if (!/^-?\d+$/.test(step)) throw bad(`integer steps as keys ('${step}' is not one)`);
        return { step: Number(step), value: finiteMetric(this.label, key, value) };
      });
    }
    if (!Array.isArray(data)) throw bad('a list of {step, value, timestamp?}');
    return data.map((item: unknown) => {
      if (!isPlainObject(item) || !Number.isSafeInteger(item.step) || (item.timestamp !== undefined && !Number.isSafeInteger(item.timestamp))) {
        throw bad('a list of {step, value, timestamp?} with integer steps and timestamps');
      }
      return { step: item.step as number, value: finiteMetric(this.label, key, item.value), timestamp: item.timestamp as number | undefined };
    });
  }

  protected _describe(): Record<string, unknown> {
    return { key: this.key, run_id: this.runId, load_args: { mode: this.loadMode }, save_args: { mode: this.saveMode } };
  }
}
