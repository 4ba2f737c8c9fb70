/**
 * `MlflowMetricsHistoryDataset`: many metrics of an MLflow run at once, under a `prefix` (default:
 * the catalog entry's name): `{accuracy: {value, step}, loss: [{value, step}, …]}` is logged as
 * `<prefix>.accuracy` and `<prefix>.loss`. `load` returns the run's metrics under the prefix (full
 * keys), each as `{step, value}` when it has one point, else the list of its points.
 *
 * On purpose, unlike kedro-mlflow (§9.2 item 8): every item is checked before anything is logged;
 * the prefix matches whole key segments (`foo` matches `foo.x`, not `foobar`); and saving with no
 * run is an error, as for the other metric datasets, instead of creating a run.
 */
import { isPlainObject, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import type { MlflowClient } from '@kedro-mlflow/mlflow-client';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from '../file/show-value.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';
import { finiteMetric, kindOf, metricKey } from './metric-value.js';
import { AbstractMlflowDataset, RUN_OPTION_KEYS, type MlflowRunOptions } from './mlflow-dataset.js';

/** One point of a metric. */
export interface MetricItem {
  value: number;
  /** Default 0. */
  step?: number | undefined;
  /** Milliseconds since the epoch (default: now). */
  timestamp?: number | undefined;
}

/** What `save` takes: per metric name, a point or a non-empty list of points. */
export type MetricsData = Record<string, MetricItem | MetricItem[]>;
/** What `load` returns: per full key, `{step, value}` (one point) or the list of points. */
export type LoadedMetrics = Record<string, { step: number; value: number } | Array<{ step: number; value: number }>>;

export interface MlflowMetricsHistoryDatasetOptions extends MlflowRunOptions {
  /** Keys are `<prefix>.<name>` (default: the catalog entry's name; none outside a catalog). */
  prefix?: string | undefined;
}

const ITEM_SHAPE = '{value: number, step?: integer, timestamp?: integer} or a non-empty list of them';

export class MlflowMetricsHistoryDataset extends AbstractMlflowDataset<LoadedMetrics, MetricsData> {
  static override readonly OPTION_KEYS: readonly string[] = ['prefix', ...RUN_OPTION_KEYS];
  readonly #prefix: string | undefined;

  constructor(options: MlflowMetricsHistoryDatasetOptions = {}, context?: DatasetContext) {
    super(options, context, `MlflowMetricsHistoryDataset(prefix=${showValue(options?.prefix)})`);
    const prefix: unknown = options?.prefix;
    if (prefix !== undefined && prefix !== null && (typeof prefix !== 'string' || prefix === '')) {
      throw new DatasetOptionError({ dataset: this.label, option: 'prefix', message: `'prefix' of dataset ${this.label} must be a non-empty string, got ${showValue(prefix)}.` });
    }
    this.#prefix = (prefix as string | null | undefined) ?? undefined;
  }

  /** `prefix`, else the catalog entry's name. */
  get prefix(): string | undefined {
    return this.#prefix ?? this.catalogName;
  }

  /** The MLflow key of metric `name`. */
  keyOf(name: string): string {
    return this.prefix === undefined ? name : `${this.prefix}.${name}`;
  }

  /** Whether an MLflow key is one of this dataset's. */
  owns(key: string): boolean {
    return this.prefix === undefined || key.startsWith(`${this.prefix}.`);
  }

  protected async _save(data: MetricsData): Promise<void> {
    const metrics = this.#points(data);
    if (this.muted) return;
    const runId = this.requireRunId('save');
    const logger = this.saveLogger(runId);
    if (logger !== undefined) logger.logBatch({ metrics });
    else await this.withClient((client) => client.logBatch(runId, { metrics }));
  }

  protected async _load(): Promise<LoadedMetrics> {
    const runId = this.requireRunId('load');
    return this.withClient(async (client) => {
      const out: LoadedMetrics = {};
      for (const key of await this.#keys(client, runId)) {
        const points = (await client.getMetricHistory(runId, key)).map((m) => ({ step: m.step, value: m.value }));
        out[key] = points.length === 1 ? points[0]! : points;
      }
      return out;
    });
  }

  protected override async _exists(): Promise<boolean> {
    const runId = this.resolveRunId('load');
    if (runId === undefined) return false;
    return this.withClient(async (client) => (await this.#keys(client, runId)).length > 0);
  }

  async #keys(client: MlflowClient, runId: string): Promise<string[]> {
    return Object.keys((await client.getRun(runId)).data.metrics).filter((key) => this.owns(key)).sort();
  }

  #points(data: unknown): Array<{ key: string; value: number; step: number; timestamp: number }> {
    if (!isPlainObject(data)) {
      throw new MlflowDatasetError({
        kind: 'invalid-metrics',
        dataset: this.label,
        message: `Cannot save dataset ${this.label}: it saves a record {metric name: ${ITEM_SHAPE}}, got ${kindOf(data)} (${showValue(data)}).`,
      });
    }
    const now = Date.now();
    return Object.entries(data).flatMap(([name, item]) => {
      const key = metricKey(this.label, this.keyOf(name));
      const items: unknown[] = Array.isArray(item) && item.length > 0 ? item : [item];
      return items.map((point) => {
        if (!isPlainObject(point) || !('value' in point) || !optionalInteger(point.step) || !optionalInteger(point.timestamp)) {
          throw new MlflowDatasetError({
            kind: 'invalid-metrics',
            dataset: this.label,
            key,
            message: `Cannot save dataset ${this.label}: metric '${name}' should be ${ITEM_SHAPE}, got ${kindOf(item)} (${showValue(item)}). Nothing was logged.`,
          });
        }
        return { key, value: finiteMetric(this.label, key, point.value), step: (point.step as number | undefined) ?? 0, timestamp: (point.timestamp as number | undefined) ?? now };
      });
    });
  }

  protected _describe(): Record<string, unknown> {
    return { run_id: this.runId, prefix: this.prefix };
  }
}

function optionalInteger(value: unknown): boolean {
  return value === undefined || Number.isSafeInteger(value);
}
