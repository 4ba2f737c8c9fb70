/**
 * `RunLogger`: logging to one run named by its id — the tracking's active run or any other (a
 * pipeline dataset's `save_run_id`, a run summary written after the run's nodes) — through the
 * tracking's one background queue and offline journal (`MlflowTracking.forRun(runId)`). Input is
 * validated at once (bad input throws synchronously, nothing of the call is queued); metrics,
 * params and tags are sent in the background; artifacts are uploaded at once, or journaled with a
 * private copy when the server is unreachable. A run ended by the tracking gets its status after
 * everything logged to it here, artifacts included.
 */
import { dedupeParams } from '../client/batch-split.js';
import type { LogBatchInput } from '../client/tracking-client.js';
import { prepareMetricObject, prepareParam, prepareTag, type LoggableValue, type MetricExtras } from '../client/prepare-inputs.js';
import type { Metric, Param, RunTag } from '../entities/tracking.js';
import { dictText, withTextFile } from '../artifacts/text-artifact.js';
import type { BackgroundLogger } from '../queue/background-logger.js';

/** What a run logger needs from the tracking that made it. */
export interface RunLoggerHost {
  readonly background: BackgroundLogger;
  /** Throws when the tracking is closed. */
  assertOpen(): void;
  /** Validates a metric (keys already seen are not checked again). */
  metric(key: string, value: number, extras: MetricExtras, now: number): Metric;
  /** Remembers the highest step logged per run and key (see `lastLoggedStep`). */
  readonly steps: LoggedSteps;
}

/** The highest step this process logged per run and metric key, for code that must go on without the server. */
export class LoggedSteps {
  private readonly runs = new Map<string, Map<string, number>>();

  note(runId: string, metric: Metric): void {
    let keys = this.runs.get(runId);
    if (keys === undefined) {
      keys = new Map();
      this.runs.set(runId, keys);
    }
    const last = keys.get(metric.key);
    if (last === undefined || metric.step > last) keys.set(metric.key, metric.step);
  }

  last(runId: string, key: string): number | undefined {
    return this.runs.get(runId)?.get(key);
  }

  forget(runId: string): void {
    this.runs.delete(runId);
  }
}

const stepExtras = (stepOrExtras: number | MetricExtras | undefined): MetricExtras => (typeof stepOrExtras === 'number' ? { step: stepOrExtras } : (stepOrExtras ?? {}));

function entries(value: LogBatchInput['params']): Array<{ key: string; value: LoggableValue }> {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : Object.entries(value).map(([key, v]) => ({ key, value: v }));
}

export class RunLogger {
  constructor(
    /** The run everything goes to. */
    readonly runId: string,
    private readonly host: RunLoggerHost,
  ) {}

  /** Logs a metric point; `stepOrExtras` is the step, or `{ step, timestamp, modelId, … }`. */
  logMetric(key: string, value: number, stepOrExtras?: number | MetricExtras): void {
    this.enqueue([this.checkedMetric(key, value, stepOrExtras, Date.now())], [], []);
  }

  /** Logs several metrics at the same step and timestamp. */
  logMetrics(metrics: Record<string, number>, stepOrExtras?: number | MetricExtras): void {
    const now = Date.now();
    this.enqueue(Object.entries(metrics).map(([k, v]) => this.checkedMetric(k, v, stepOrExtras, now)), [], []);
  }

  /** Logs a param (stringified). The same value again is a no-op; another value throws. */
  logParam(key: string, value: LoggableValue): void {
    this.enqueue([], [this.checked(() => prepareParam(key, value))], []);
  }

  logParams(params: Record<string, LoggableValue>): void {
    this.logBatch({ params });
  }

  setTag(key: string, value: LoggableValue): void {
    this.enqueue([], [], [this.checked(() => prepareTag(key, value))]);
  }

  setTags(tags: Record<string, LoggableValue>): void {
    this.logBatch({ tags });
  }

  /**
   * Metrics, params and tags at once, like `MlflowClient.logBatch`: everything is validated before
   * anything is queued (one bad item and nothing of the batch is logged); then queued in order.
   */
  logBatch(batch: LogBatchInput): void {
    this.host.assertOpen();
    const now = Date.now();
    const metrics = (batch.metrics ?? []).map((m) => prepareMetricObject({ ...m, timestamp: m.timestamp ?? now }));
    const params = dedupeParams(entries(batch.params).map((p) => prepareParam(p.key, p.value)));
    const tags = entries(batch.tags).map((t) => prepareTag(t.key, t.value));
    this.enqueue(metrics, params, tags);
  }

  /**
   * Uploads a file to `<artifactPath>/<its name>` in the run's artifacts, at once; when the server is
   * unreachable it resolves with a private copy kept in the journal (the file may then change or go).
   * Bad input (no such file, a folder, a path leaving the artifact root) throws.
   */
  async logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    this.host.assertOpen();
    await this.host.background.logArtifact(this.runId, localPath, artifactPath, 'file');
  }

  /** Uploads a folder's contents under `artifactPath`; journaled like `logArtifact`. */
  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    this.host.assertOpen();
    await this.host.background.logArtifact(this.runId, localDir, artifactPath, 'dir');
  }

  /** Writes `text` to the artifact file `artifactFile` (e.g. `notes/readme.md`); journaled like `logArtifact`. */
  async logText(text: string, artifactFile: string): Promise<void> {
    this.host.assertOpen();
    await withTextFile(text, artifactFile, (local, parent) => this.host.background.logArtifact(this.runId, local, parent, 'file'));
  }

  /** Writes `value` as indented JSON to the artifact file `artifactFile`; journaled like `logArtifact`. */
  async logDict(value: unknown, artifactFile: string): Promise<void> {
    await this.logText(dictText(value), artifactFile);
  }

  /**
   * The highest step this tracking logged for `key` of this run, in this process (undefined when it
   * logged none). Points logged by other processes or clients are not known here.
   */
  lastLoggedStep(key: string): number | undefined {
    return this.host.steps.last(this.runId, key);
  }

  /** Waits until what was logged to this run so far was sent (or, when the server is unreachable, journaled). */
  async flush(): Promise<void> {
    await this.host.background.flush(this.runId);
  }

  private checkedMetric(key: string, value: number, stepOrExtras: number | MetricExtras | undefined, now: number): Metric {
    this.host.assertOpen();
    return this.host.metric(key, value, stepExtras(stepOrExtras), now);
  }

  private checked<T>(prepare: () => T): T {
    this.host.assertOpen();
    return prepare();
  }

  private enqueue(metrics: Metric[], params: Param[], tags: RunTag[]): void {
    const { background, steps } = this.host;
    // A param changing a value queued earlier throws before anything of this call is queued.
    background.checkParams(this.runId, params);
    for (const m of metrics) {
      background.logMetric(this.runId, m);
      steps.note(this.runId, m);
    }
    for (const p of params) background.logParam(this.runId, p);
    for (const t of tags) background.setTag(this.runId, t);
  }
}
