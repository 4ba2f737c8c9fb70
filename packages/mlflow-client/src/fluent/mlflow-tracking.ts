/**
 * `MlflowTracking`: MLflow's fluent API (`mlflow.start_run`, `mlflow.log_metric`, …) as an object
 * you make — there is no hidden global. Active runs live in an `AsyncLocalStorage`, so concurrent
 * `withRun`s log into their own runs; metrics, params and tags are validated at once, queued and
 * sent in the background with log-batch; when the server is unreachable they are kept in an
 * offline journal and sent when it answers again. Artifacts are uploaded at once and, when the
 * server is unreachable, journaled with a private copy of the file; a run's end status is sent
 * after its artifacts. `close()` and the end of the process make a last try (probe once, replay).
 * `forRun(runId)` logs the same way to a run given by id, active here or not.
 *
 *   const mlflow = new MlflowTracking({ trackingUri: 'http://127.0.0.1:5000', experimentName: 'demo' });
 *   await mlflow.withRun({ runName: 'train' }, async () => {
 *     mlflow.logParams({ lr: 0.01 });
 *     for (let step = 0; step < 100; step++) mlflow.logMetric('loss', 1 / (step + 1), step);
 *   });
 *   await mlflow.close();
 */
import { MlflowClient } from '../client/mlflow-client.js';
import { prepareMetric, prepareTag, type LoggableValue, type MetricExtras } from '../client/prepare-inputs.js';
import type { Experiment, Metric, Run, RunStatus } from '../entities/tracking.js';
import { MlflowError } from '../errors/mlflow-error.js';
import { getLogger } from '../logger.js';
import { BackgroundLogger } from '../queue/background-logger.js';
import { registerExitParticipant } from '../queue/exit-hooks.js';
import { defaultJournalDir } from '../queue/journal-location.js';
import type { ReplaySummary } from '../queue/replayer.js';
import type { UnitCounts } from '../queue/delivery-unit.js';
import { serverProbe } from '../queue/server-probe.js';
import { validateRunId } from '../validation.js';
import { toActiveRun, type ActiveRun } from './active-run.js';
import { ExperimentResolver } from './experiment-resolver.js';
import { RunContext } from './run-context.js';
import { LoggedSteps, RunLogger, type RunLoggerHost } from './run-logger.js';
import { systemTags, TAG_NOTE, TAG_PARENT_RUN_ID, TAG_RUN_NAME } from './system-tags.js';
import type { MlflowTrackingOptions, StartRunOptions } from './tracking-options.js';

const log = getLogger('mlflow-client.fluent');
const MAX_CACHED_KEYS = 10_000;

const short = (runId: string): string => (runId.length > 12 ? `${runId.slice(0, 12)}…` : runId);

export class MlflowTracking {
  /** The client underneath (for everything the fluent API does not cover). */
  readonly client: MlflowClient;
  private readonly ownsClient: boolean;
  private readonly env: Record<string, string | undefined>;
  private readonly context = new RunContext();
  private readonly background: BackgroundLogger;
  private readonly experiments: ExperimentResolver;
  /** Every run this object started and has not ended, in any context (for process exit). */
  private readonly active = new Map<string, ActiveRun>();
  /** Active runs this object created (not resumed): every point of their metrics was logged here. */
  private readonly created = new Set<string>();
  private readonly metricKeys = new Set<string>();
  private readonly host: RunLoggerHost;
  private readonly sourceName: string | undefined;
  private systemTagsCache: Record<string, string> | undefined;
  private envRunId: string | undefined;
  private unregisterExit: (() => void) | undefined;
  private closed = false;

  constructor(options: MlflowTrackingOptions = {}) {
    this.env = options.env ?? process.env;
    this.client = options.client ?? new MlflowClient(options);
    this.ownsClient = options.client === undefined;
    this.sourceName = options.sourceName;
    this.envRunId = this.env.MLFLOW_RUN_ID?.trim() || undefined;
    this.experiments = new ExperimentResolver(
      this.client,
      { ...(options.experimentId === undefined ? {} : { experimentId: options.experimentId }), ...(options.experimentName === undefined ? {} : { experimentName: options.experimentName }) },
      this.env,
    );
    const probe = serverProbe(this.client.trackingUri, this.client.transport);
    this.background = new BackgroundLogger({
      store: this.client.trackingStore,
      trackingUri: this.client.trackingUri,
      journalDir: options.journalDir === false ? false : (options.journalDir ?? defaultJournalDir(this.env)),
      ...(options.batchSize === undefined ? {} : { batchSize: options.batchSize }),
      ...(options.flushIntervalMs === undefined ? {} : { flushIntervalMs: options.flushIntervalMs }),
      ...(options.probeIntervalMs === undefined ? {} : { probeIntervalMs: options.probeIntervalMs }),
      ...(options.closeTimeoutMs === undefined ? {} : { closeTimeoutMs: options.closeTimeoutMs }),
      ...(probe === undefined ? {} : { probe }),
      uploadArtifact: (runId, localPath, artifactPath, kind) =>
        kind === 'file' ? this.client.logArtifact(runId, localPath, artifactPath || undefined) : this.client.logArtifacts(runId, localPath, artifactPath || undefined),
    });
    if (options.exitHandlers !== false) {
      this.unregisterExit = registerExitParticipant({ beforeExit: (code) => this.beforeExit(code), exit: (code) => this.atExit(code) });
    }
    this.host = {
      background: this.background,
      steps: new LoggedSteps(),
      assertOpen: () => this.assertOpen(),
      metric: (key, value, extras, now) => this.metric(key, value, extras, now),
    };
    this.background.replayWhenReachable();
  }

  get trackingUri(): string {
    return this.client.trackingUri;
  }

  /** True while the server is known to be unreachable (a request failed for an outage, and no probe has reached it since). */
  get serverUnreachable(): boolean {
    return this.background.isServerDown;
  }

  /** The offline journal file of this tracking URI (undefined when disabled). */
  get journalPath(): string | undefined {
    return this.background.journal?.path;
  }

  // ---- experiments and runs ------------------------------------------------------------------

  /** Makes `name` (created when missing) the experiment of later runs, like `mlflow.set_experiment`. */
  async setExperiment(name: string): Promise<Experiment> {
    const experiment = await this.experiments.getOrCreate(name);
    this.background.serverAnswered();
    this.experiments.setDefault({ experimentId: experiment.experimentId });
    return experiment;
  }

  /**
   * Starts a run (or resumes `runId` / `MLFLOW_RUN_ID`) and makes it the active run of the current
   * async context. A run already active here needs `nested: true`.
   */
  async startRun(options: StartRunOptions = {}): Promise<ActiveRun> {
    this.assertOpen();
    const stack = this.context.current();
    const parent = this.context.top();
    if ((parent !== undefined || stack.starting > 0) && options.nested !== true) {
      const what = parent === undefined ? 'Another run is being started' : `Run ${parent.runId} ('${parent.runName}') is already active`;
      throw new MlflowError(
        `${what} in this context. End it first with endRun(), start a nested run with { nested: true }, or give independent work its own context with withRun().`,
      );
    }
    stack.starting += 1;
    try {
      const resumeId = options.runId ?? this.takeEnvRunId();
      const run = resumeId === undefined ? await this.createRun(options, parent) : await this.resumeRun(resumeId, options);
      this.background.serverAnswered();
      const active = toActiveRun(run);
      this.context.push(active, stack);
      this.active.set(active.runId, active);
      if (resumeId === undefined) this.created.add(active.runId);
      log.debug(`started run ${active.runId} ('${active.runName}') in experiment ${active.experimentId}`);
      return active;
    } finally {
      stack.starting -= 1;
    }
  }

  /**
   * True while `runId` is a run this object created (not resumed) and has not ended: then nothing
   * but this process logged to it through this object — unless other code logs to it by id — so
   * what `forRun(runId).lastLoggedStep(key)` says is the server's last step of `key`.
   */
  createdHere(runId: string): boolean {
    return this.created.has(runId);
  }

  /** The innermost active run of the current async context. */
  activeRun(): ActiveRun | undefined {
    return this.context.top();
  }

  /**
   * Ends the active run of this context: its queued data is sent first, then its status (never
   * throws because of the network: an unreachable server gets it later, from the journal).
   */
  async endRun(status: RunStatus = 'FINISHED'): Promise<void> {
    const run = this.context.popOwn();
    if (run === undefined) {
      if (this.context.top() !== undefined) log.warn(`endRun(): the active run ${this.context.top()!.runId} was started outside this withRun() context; end it there.`);
      return;
    }
    await this.finish(run, status);
  }

  /**
   * Runs `fn` inside a new run, in an async context of its own: the run ends FINISHED when `fn`
   * returns, FAILED when it throws (and the error is rethrown). Runs it started and left open end with it.
   */
  withRun<T>(fn: (run: ActiveRun) => T | Promise<T>): Promise<T>;
  withRun<T>(options: StartRunOptions, fn: (run: ActiveRun) => T | Promise<T>): Promise<T>;
  withRun<T>(optionsOrFn: StartRunOptions | ((run: ActiveRun) => T | Promise<T>), maybeFn?: (run: ActiveRun) => T | Promise<T>): Promise<T> {
    const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
    const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn!;
    return this.context.fork(async () => {
      const run = await this.startRun(options);
      let result: T;
      try {
        result = await fn(run);
      } catch (error) {
        await this.finishThrough(run, 'FAILED');
        throw error;
      }
      await this.finishThrough(run, 'FINISHED');
      return result;
    });
  }

  // ---- logging (queued; invalid input throws at once) -------------------------------------------

  /**
   * Logs to the run `runId` — the active run or any other (not ended by this object unless it
   * started it) — through this object's queue and journal, exactly like the methods below do for
   * the active run. The run's end status, when this object ends it, comes after all of it.
   */
  forRun(runId: string): RunLogger {
    this.assertOpen();
    validateRunId(runId);
    return new RunLogger(runId, this.host);
  }

  /** Logs a metric point; `stepOrExtras` is the step, or `{ step, timestamp, modelId, … }`. */
  logMetric(key: string, value: number, stepOrExtras?: number | MetricExtras): void {
    this.activeLogger('logMetric').logMetric(key, value, stepOrExtras);
  }

  /** Logs several metrics at the same step and timestamp. */
  logMetrics(metrics: Record<string, number>, stepOrExtras?: number | MetricExtras): void {
    this.activeLogger('logMetrics').logMetrics(metrics, stepOrExtras);
  }

  /** Logs a param (stringified). The same value again is a no-op; another value throws. */
  logParam(key: string, value: LoggableValue): void {
    this.activeLogger('logParam').logParam(key, value);
  }

  logParams(params: Record<string, LoggableValue>): void {
    this.activeLogger('logParams').logParams(params);
  }

  setTag(key: string, value: LoggableValue): void {
    this.activeLogger('setTag').setTag(key, value);
  }

  setTags(tags: Record<string, LoggableValue>): void {
    this.activeLogger('setTags').setTags(tags);
  }

  /**
   * Uploads a file to `<artifactPath>/<its name>` in the active run's artifacts, at once. When the
   * server is unreachable it resolves with a private copy kept in the journal (uploaded by a replay:
   * the file may be changed or deleted afterwards). Bad input (no such file, a folder, a path
   * leaving the artifact root) throws.
   */
  async logArtifact(localPath: string, artifactPath?: string): Promise<void> {
    await this.activeLogger('logArtifact').logArtifact(localPath, artifactPath);
  }

  /** Uploads a folder's contents under `artifactPath` of the active run's artifacts; journaled like `logArtifact`. */
  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    await this.activeLogger('logArtifacts').logArtifacts(localDir, artifactPath);
  }

  /** Writes `text` to the artifact file `artifactFile` (e.g. `notes/readme.md`); journaled like `logArtifact`. */
  async logText(text: string, artifactFile: string): Promise<void> {
    await this.activeLogger('logText').logText(text, artifactFile);
  }

  /** Writes `value` as JSON (indented) to the artifact file `artifactFile`; journaled like `logArtifact`. */
  async logDict(value: unknown, artifactFile: string): Promise<void> {
    await this.activeLogger('logDict').logDict(value, artifactFile);
  }

  // ---- delivery --------------------------------------------------------------------------------

  /** Waits until everything logged so far was sent (or, when the server is unreachable, journaled). */
  async flush(): Promise<void> {
    await this.background.flush();
  }

  /** Sends what the offline journal of this tracking URI holds (it is also replayed automatically). */
  replay(): Promise<ReplaySummary> {
    return this.background.replay();
  }

  /** What the offline journal still holds. */
  pendingInJournal(): Promise<UnitCounts & { entries: number }> {
    return this.background.journalCounts();
  }

  /**
   * Flushes, waits for artifact uploads, makes the last try (when the journal holds anything:
   * probe the server once and, if it answers, deliver everything, for at most `closeTimeoutMs`),
   * stops background work and removes the exit handlers (and closes the client when this object
   * made it). What is left stays in the journal, said in one warning. Runs still active stay
   * RUNNING: end them first.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.active.size > 0) log.warn(`close(): ${this.active.size} run(s) still active (${[...this.active.keys()].map(short).join(', ')}) stay RUNNING; end them with endRun() or withRun().`);
    await this.background.close();
    this.unregisterExit?.();
    if (this.ownsClient) await this.client.close();
  }

  // ---- internals -------------------------------------------------------------------------------

  private async createRun(options: StartRunOptions, parent: ActiveRun | undefined): Promise<Run> {
    const experimentId = await this.experiments.resolve(options);
    this.systemTagsCache ??= systemTags({ ...(this.sourceName === undefined ? {} : { sourceName: this.sourceName }), env: this.env });
    const tags: Record<string, string> = { ...this.systemTagsCache };
    for (const [k, v] of Object.entries(options.tags ?? {})) {
      const tag = prepareTag(k, v);
      tags[tag.key] = tag.value;
    }
    if (options.description !== undefined) tags[TAG_NOTE] = options.description;
    const parentRunId = options.parentRunId ?? (options.nested === true ? parent?.runId : undefined);
    if (parentRunId !== undefined) {
      validateRunId(parentRunId);
      tags[TAG_PARENT_RUN_ID] = parentRunId;
    }
    if (options.runName !== undefined) tags[TAG_RUN_NAME] = options.runName;
    return this.client.createRun(experimentId, {
      tags,
      ...(options.runName === undefined ? {} : { runName: options.runName }),
      ...(options.startTime === undefined ? {} : { startTime: options.startTime }),
    });
  }

  private async resumeRun(runId: string, options: StartRunOptions): Promise<Run> {
    validateRunId(runId);
    const run = await this.client.getRun(runId);
    if (run.info.lifecycleStage === 'deleted') throw new MlflowError(`Cannot resume run ${runId}: it is deleted (restore it with MlflowClient.restoreRun).`);
    if (options.experimentId !== undefined && options.experimentId !== run.info.experimentId) {
      throw new MlflowError(`Cannot resume run ${runId} in experiment ${options.experimentId}: it belongs to experiment ${run.info.experimentId}.`);
    }
    await this.client.updateRun(runId, { status: 'RUNNING' });
    const tags: Record<string, LoggableValue> = { ...options.tags };
    if (options.description !== undefined) tags[TAG_NOTE] = options.description;
    if (options.runName !== undefined) tags[TAG_RUN_NAME] = options.runName;
    if (Object.keys(tags).length > 0) await this.client.logBatch(runId, { tags });
    return this.client.getRun(runId);
  }

  private takeEnvRunId(): string | undefined {
    const id = this.envRunId;
    this.envRunId = undefined; // like Python, MLFLOW_RUN_ID is used by the first run only
    return id;
  }

  private async finish(run: ActiveRun, status: RunStatus): Promise<void> {
    this.active.delete(run.runId);
    this.created.delete(run.runId);
    this.host.steps.forget(run.runId);
    await this.background.endRun(run.runId, status, Date.now());
  }

  private async finishThrough(run: ActiveRun, status: RunStatus): Promise<void> {
    for (const r of this.context.popThrough(run)) await this.finish(r, status);
  }

  private metric(key: string, value: number, extras: MetricExtras, now: number): Metric {
    // Validated keys are cached: a training loop logs the same few keys thousands of times.
    const keyChecked = this.metricKeys.has(key);
    const metric = prepareMetric(key, value, { ...extras, timestamp: extras.timestamp ?? now }, keyChecked);
    if (!keyChecked && this.metricKeys.size < MAX_CACHED_KEYS) this.metricKeys.add(key);
    return metric;
  }

  private activeLogger(what: string): RunLogger {
    return new RunLogger(this.requireRun(what).runId, this.host);
  }

  private requireRun(what: string): ActiveRun {
    this.assertOpen();
    const run = this.context.top();
    if (run === undefined) throw new MlflowError(`${what}(): no active run in this context. Start one with startRun() or withRun() first.`);
    return run;
  }

  private assertOpen(): void {
    if (this.closed) throw new MlflowError('This MlflowTracking is closed; make a new one.');
  }

  private beforeExit(code: number): Promise<void> | undefined {
    if (this.closed || (this.active.size === 0 && !this.background.needsSettling)) return undefined;
    const forgotten = [...this.active.values()];
    this.active.clear();
    const status: RunStatus = code === 0 ? 'FINISHED' : 'FAILED';
    if (forgotten.length > 0) log.info(`the process is ending: ending ${forgotten.length} run(s) still active as ${status} (${forgotten.map((r) => short(r.runId)).join(', ')})`);
    for (const r of forgotten) this.background.queueEnd(r.runId, status, Date.now());
    return this.background.settle();
  }

  private atExit(code: number): void {
    if (this.closed) return;
    const status: RunStatus = code === 0 ? 'FINISHED' : 'FAILED';
    for (const r of this.active.values()) this.background.queueEnd(r.runId, status, Date.now());
    this.active.clear();
    this.background.exitSync();
  }
}
