/**
 * `MlflowMetricDataset`: one metric (a number) of an MLflow run. `save` logs a point, `load`
 * reads the last point logged (or the last one at `load_args.step`).
 *
 * The key is `key`, else the catalog entry's name (given to every dataset the catalog builds,
 * factory patterns included, kedro-mlflow §9.2 item 6). `save_args.mode` is `overwrite` (the
 * point goes at the highest step logged so far) or `append` (one step after it), checked when the
 * dataset is built; an explicit `save_args.step` wins over the mode.
 *
 * Inside a tracked pipeline run the point goes through the run's queue and journal. The highest
 * step of the pipeline's own run, when the hook created it in this process, is what this process
 * logged to it (`RunLogger.lastLoggedStep`): nobody else logs to that run, so no request is made and
 * the save waits for nothing. For any other run (an explicit `run_id`/`save_run_id`, a resumed run,
 * an orchestrator's run) the highest step comes from the server, after the run's queued points
 * were sent — or, while the server is unreachable, from what this process logged to the run, so
 * that the save goes on (with a warning).
 */
import { getLogger, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import { isTransientFailure, type Metric, type MlflowClient, type RunLogger } from '@kedro-mlflow/mlflow-client';
import { checkArgs, isOneOf } from '../file/dataset-args.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';
import { finiteMetric, isStep, metricKey } from './metric-value.js';
import { MetricKeyDataset, type MetricKeyOptions } from './metric-key-dataset.js';
import { historyIsLocal, serverKnownDown } from './run-client.js';

const log = getLogger('kedro-mlflow.datasets');

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
    const key = metricKey(this.label, this.requireKey('save'));
    const metric = finiteMetric(this.label, key, value);
    if (this.muted) return;
    const runId = this.requireRunId('save');
    const logger = this.saveLogger(runId);
    const step = this.saveArgs.step ?? (await this.nextStep(runId, key, logger));
    const extras = { step, ...(this.saveArgs.timestamp === undefined ? {} : { timestamp: this.saveArgs.timestamp }) };
    if (logger !== undefined) logger.logMetric(key, metric, extras);
    else await this.withClient((client) => client.logMetric(runId, key, metric, extras));
  }

  /** The step of the next point by the mode: the highest step logged (append: one after it), 0 for the first. */
  private async nextStep(runId: string, key: string, logger: RunLogger | undefined): Promise<number> {
    const last = await this.lastStep(runId, key, logger);
    return last === undefined ? 0 : this.mode === 'append' ? last + 1 : last;
  }

  private async lastStep(runId: string, key: string, logger: RunLogger | undefined): Promise<number | undefined> {
    const local = logger?.lastLoggedStep(key);
    if (logger !== undefined && historyIsLocal(runId)) return local;
    if (logger === undefined || !serverKnownDown()) {
      try {
        const steps = (await this.withClient((client) => this.history(client, runId, key))).map((m) => m.step);
        return steps.length === 0 && local === undefined ? undefined : Math.max(...steps, ...(local === undefined ? [] : [local]));
      } catch (error) {
        if (logger === undefined || !isTransientFailure(error)) throw error;
      }
    }
    log.warn(
      "Dataset %s: the MLflow server is unreachable, so the step of metric '%s' (save_args.mode '%s') comes from what this process logged to run '%s' (%s). Give save_args.step to choose it.",
      this.label,
      key,
      this.mode,
      runId,
      local === undefined ? 'nothing yet' : `last step ${local}`,
    );
    return local;
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
