/**
 * What the MLflow artifact and metric datasets share: their label for messages, kedro-mlflow's
 * logging switch (`loggingActivated`, its `_logging_activated`), and which run they read and write.
 *
 * Which run (kedro-mlflow #566, #622): `load_run_id` for loads and `save_run_id` for saves, else
 * `run_id` for both, else the pipeline run in progress (`currentMlflowRun()`). An explicit id always
 * wins over the pipeline run. Nothing here ever creates a run.
 *
 * How saves log: inside a tracked pipeline run, through the run's tracking queue and journal
 * (`saveLogger`), whichever run they go to, so an outage of the server fails no save and loses
 * nothing; outside one, directly with a client made from the environment.
 */
import { AbstractDataset, type DatasetContext } from '@kedro-mlflow/core-pipeline';
import type { MlflowClient, RunLogger } from '@kedro-mlflow/mlflow-client';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from '../file/show-value.js';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';
import { queuedRunLogger, withMlflowClient } from './run-client.js';
import { currentMlflowRun, isMlflowTrackingDisabled } from './run-scope.js';

export interface MlflowRunOptions {
  /** The run both loads and saves use (kedro-mlflow's `run_id`). */
  run_id?: string | undefined;
  /** The run loads read from; wins over `run_id`. */
  load_run_id?: string | undefined;
  /** The run saves write to; wins over `run_id`. */
  save_run_id?: string | undefined;
  metadata?: Record<string, unknown> | undefined;
}

export const RUN_OPTION_KEYS: readonly string[] = ['run_id', 'load_run_id', 'save_run_id', 'metadata'];

export type RunMode = 'load' | 'save';

export abstract class AbstractMlflowDataset<TLoad, TSave = TLoad> extends AbstractDataset<TLoad, TSave> {
  readonly loadRunId: string | undefined;
  readonly saveRunId: string | undefined;
  #runId: string | undefined;
  #logging = true;
  #catalogName: string | undefined;
  readonly #description: string;

  constructor(options: MlflowRunOptions, context: DatasetContext | undefined, description: string) {
    super(options);
    this.#catalogName = context?.name;
    this.#description = description;
    this.#runId = this.#checkRunId('run_id', options?.run_id);
    this.loadRunId = this.#checkRunId('load_run_id', options?.load_run_id);
    this.saveRunId = this.#checkRunId('save_run_id', options?.save_run_id);
  }

  /** How messages name this dataset: `'my_metric'` from a catalog, else its description. */
  get label(): string {
    return this.#catalogName !== undefined ? `'${this.#catalogName}'` : this.#description;
  }

  /** The catalog entry's name (metric datasets default their key or prefix to it). */
  get catalogName(): string | undefined {
    return this.#catalogName;
  }

  /**
   * Gives a dataset built outside the catalog (`catalog.set(name, new MlflowMetricDataset())`) its
   * entry's name; what `MlflowHook.afterCatalogCreated` does. A name it already has is kept.
   */
  useCatalogName(name: string): void {
    this.#catalogName ??= name;
  }

  /** kedro-mlflow's `run_id`; may be changed after construction (to reload another run's data). */
  get runId(): string | undefined {
    return this.#runId;
  }

  set runId(value: string | undefined) {
    this.#runId = this.#checkRunId('run_id', value);
  }

  /** false: saves send nothing to MLflow (an artifact dataset still saves its local file). Only booleans. */
  get loggingActivated(): boolean {
    return this.#logging;
  }

  set loggingActivated(value: boolean) {
    if (typeof value !== 'boolean') {
      throw new DatasetOptionError({
        dataset: this.label,
        option: 'loggingActivated',
        message: `loggingActivated of dataset ${this.label} must be true or false, got ${typeof value}.`,
      });
    }
    this.#logging = value;
  }

  /** Saves send nothing: logging switched off, or tracking disabled for the pipeline in mlflow.yml. */
  protected get muted(): boolean {
    return !this.#logging || isMlflowTrackingDisabled();
  }

  /** The run given for `mode`, else the pipeline run in progress. */
  protected resolveRunId(mode: RunMode): string | undefined {
    return this.explicitRunId(mode) ?? currentMlflowRun()?.runId;
  }

  protected explicitRunId(mode: RunMode): string | undefined {
    return (mode === 'load' ? this.loadRunId : this.saveRunId) ?? this.#runId;
  }

  /** The run for `mode`, or the `no-run` error saying how to give one. */
  protected requireRunId(mode: RunMode): string {
    const runId = this.resolveRunId(mode);
    if (runId !== undefined) return runId;
    const option = mode === 'load' ? 'load_run_id' : 'save_run_id';
    throw new MlflowDatasetError({
      kind: 'no-run',
      dataset: this.label,
      message:
        `Cannot ${mode} dataset ${this.label}: there is no MLflow run to ${mode === 'load' ? 'read from' : 'log to'}. ` +
        `Give 'run_id' (or '${option}') in its catalog entry, or use it inside a pipeline run tracked by MlflowHook. ` +
        'No run is created for you.',
    });
  }

  protected withClient<T>(fn: (client: MlflowClient) => Promise<T>): Promise<T> {
    return withMlflowClient(fn);
  }

  /** The queued logger of the pipeline run's tracking for `runId`; undefined outside a tracked pipeline run (log directly). */
  protected saveLogger(runId: string): RunLogger | undefined {
    return queuedRunLogger(runId);
  }

  #checkRunId(option: string, value: unknown): string | undefined {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' || value.trim() === '') {
      throw new DatasetOptionError({
        dataset: this.label,
        option,
        message: `'${option}' of dataset ${this.label} must be an MLflow run id (a non-empty string), got ${showValue(value)}.`,
      });
    }
    return value;
  }
}
