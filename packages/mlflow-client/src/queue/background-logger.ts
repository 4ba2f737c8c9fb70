/**
 * Background batching of what runs log: metrics, params and tags are queued per run (validated by
 * the caller before they get here) and sent with log-batch — when `batchSize` items are waiting,
 * after `flushIntervalMs`, or on `flush()` — one request in flight per run, so each run's data
 * arrives in the order it was logged. An end-of-run status is queued behind the run's data.
 *
 * When the server stays unreachable after the transport's retries, units go to the offline
 * journal (see `Journal`) and the run goes on; while the outage lasts, new units go straight there
 * and a quick probe checks the server every `probeIntervalMs`. When a request succeeds again, the
 * journal is replayed — before newer data of the same logger is sent, to keep the order.
 * Artifacts are uploaded at once, and journaled with a private copy when that fails for an outage
 * (`ArtifactLogger`); a run's end status waits for its uploads.
 *
 * Before the logger gives up — `close()`, or the process ending — it does not trust the outage
 * monitor's view, which may be stale: when the journal holds anything it probes the server once
 * and, when it answers, delivers everything (waiting at most `closeTimeoutMs`). What is left then
 * is said in one warning, with how it will be sent.
 */
import type { Metric, Param, RunStatus, RunTag } from '../entities/tracking.js';
import { getLogger } from '../logger.js';
import type { TrackingStore } from '../store/tracking-store.js';
import { ArtifactLogger } from './artifact-logger.js';
import { Deliverer, type ArtifactUploader } from './deliverer.js';
import { addCounts, describeCounts, describeRuns, emptyCounts, mergeBatches, type DeliveryUnit, type QueuedUnit, type UnitCounts } from './delivery-unit.js';
import { Journal } from './journal.js';
import { journalUri } from './journal-location.js';
import { DEFAULT_CLOSE_TIMEOUT_MS, deliverBeforeLeaving, keepAtExit, sayWhatIsLeft, type LeavingContext } from './leaving.js';
import { OutageMonitor } from './outage-monitor.js';
import { JournalReplayer, type ReplaySummary } from './replayer.js';
import { RunQueue } from './run-queue.js';

const log = getLogger('mlflow-client.background');

export interface BackgroundLoggerOptions {
  store: TrackingStore;
  trackingUri: string;
  /** Items waiting in one run's queue that trigger a send at once. Default 1000. */
  batchSize?: number;
  /** Longest wait before queued items are sent, ms. Default 500. */
  flushIntervalMs?: number;
  /** The journal folder, or `false` to drop data the server could not take (MLflow's behaviour). */
  journalDir: string | false;
  /** How often to check an unreachable server, ms. Default 5000. */
  probeIntervalMs?: number;
  /** A quick check that the server answers (one attempt); without it, replays probe. */
  probe?: () => Promise<boolean>;
  /** Uploads artifacts (without it, `logArtifact` refuses). */
  uploadArtifact?: ArtifactUploader;
  /** The longest wait, at close or exit, for a server that answers to take what the journal holds, ms. Default 60,000. */
  closeTimeoutMs?: number;
}

export class BackgroundLogger {
  readonly journal: Journal | undefined;
  readonly uri: string;
  private readonly store: TrackingStore;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly queues = new Map<string, RunQueue>();
  private readonly waiters = new Map<RunQueue, Array<() => void>>();
  private readonly deliverer: Deliverer;
  private readonly monitor: OutageMonitor;
  private readonly replayer: JournalReplayer | undefined;
  private readonly probe: (() => Promise<boolean>) | undefined;
  private readonly artifacts: ArtifactLogger;
  private readonly closeTimeoutMs: number;
  private probing = false;
  private closed = false;
  /** The last try before leaving was made, and the last word said, since anything was logged. */
  private settledForExit = false;

  constructor(options: BackgroundLoggerOptions) {
    this.store = options.store;
    this.uri = journalUri(options.trackingUri);
    this.batchSize = Math.max(1, options.batchSize ?? 1000);
    this.flushIntervalMs = Math.max(0, options.flushIntervalMs ?? 500);
    this.journal = options.journalDir === false ? undefined : new Journal(options.journalDir, options.trackingUri);
    this.deliverer = new Deliverer(this.store, this.journal, options.uploadArtifact);
    this.probe = options.probe;
    this.closeTimeoutMs = Math.max(0, options.closeTimeoutMs ?? DEFAULT_CLOSE_TIMEOUT_MS);
    this.monitor = new OutageMonitor({
      uri: this.uri,
      journalPath: this.journal?.path,
      probeIntervalMs: Math.max(10, options.probeIntervalMs ?? 5000),
      probe: () => void this.probeAndReplay(),
    });
    if (this.journal !== undefined) {
      this.replayer = new JournalReplayer(this.journal, this.deliverer, {
        reached: () => this.reached(),
        // After close, a replay cut short by the closed transport is no news: it was said already.
        failed: (error, waiting) => (this.closed ? undefined : this.monitor.wentDown(error, waiting, true)),
      });
    }
    this.artifacts = new ArtifactLogger({
      journal: this.journal,
      monitor: this.monitor,
      upload: options.uploadArtifact ?? (() => Promise.reject(new Error('this background logger uploads no artifacts'))),
      reached: () => this.serverAnswered(),
      replayFirst: () => this.replayQuietly(),
    });
  }

  // ---- enqueueing (callers validated the data) -----------------------------------------------

  logMetric(runId: string, metric: Metric): void {
    const q = this.queue(runId);
    q.pushMetric(metric);
    this.enqueued(q);
  }

  /** The same value again is a no-op; another value throws (params are immutable). */
  logParam(runId: string, param: Param): void {
    const q = this.queue(runId);
    if (q.pushParam(param)) this.enqueued(q);
  }

  /** Throws what `logParam` would for the first of `params` that changes a value logged before; queues nothing. */
  checkParams(runId: string, params: readonly Param[]): void {
    this.queues.get(runId)?.checkParams(params);
  }

  setTag(runId: string, tag: RunTag): void {
    const q = this.queue(runId);
    q.pushTag(tag);
    this.enqueued(q);
  }

  /**
   * Uploads a file (`kind: 'file'`, to `<artifactPath>/<its name>`) or a folder's contents to a
   * run's artifacts; when the server is unreachable, keeps a private copy in the journal instead.
   */
  logArtifact(runId: string, localPath: string, artifactPath: string | undefined, kind: 'file' | 'dir'): Promise<void> {
    this.settledForExit = false;
    return this.artifacts.log(runId, localPath, artifactPath, kind);
  }

  /** Queues the run's status update behind its data (sent by the next flush). */
  queueEnd(runId: string, status: RunStatus, endTime: number): void {
    this.settledForExit = false;
    this.queue(runId).pushStatus(status, endTime);
  }

  /** Queues the run's status update behind its data and artifacts, and sends everything now. */
  async endRun(runId: string, status: RunStatus, endTime: number): Promise<void> {
    await this.artifacts.settled(runId);
    this.queueEnd(runId, status, endTime);
    await this.flush(runId);
  }

  /** A request made by the caller itself reached the server (ends an outage, replays the journal). */
  serverAnswered(): void {
    if (!this.closed) this.reached();
  }

  // ---- waiting -----------------------------------------------------------------------------

  /**
   * Resolves when everything queued (for `runId`, or for every run) was delivered, refused
   * (logged) or kept in the journal, artifact uploads started so far included — and, unless the
   * server is down, when a running replay is over.
   */
  async flush(runId?: string): Promise<void> {
    await this.artifacts.settled(runId);
    const queues = runId === undefined ? [...this.queues.values()] : [this.queues.get(runId)].filter((q): q is RunQueue => q !== undefined);
    await Promise.all(queues.map((q) => this.flushQueue(q)));
    if (this.replayer?.inProgress && !this.monitor.isDown) await this.replayer.replay();
  }

  /** Sends what the journal holds now. */
  async replay(): Promise<ReplaySummary> {
    if (this.replayer === undefined) return { delivered: emptyCounts(), dropped: emptyCounts(), remaining: 0, busy: false };
    return this.replayer.replay();
  }

  /** What the journal still holds. */
  async journalCounts(): Promise<UnitCounts & { entries: number }> {
    return this.journal === undefined ? { ...emptyCounts(), entries: 0 } : this.journal.counts();
  }

  get isServerDown(): boolean {
    return this.monitor.isDown;
  }

  /** Whether anything is queued (and not stuck on an unwritable journal) or being sent. */
  get busy(): boolean {
    for (const q of this.queues.values()) if (q.draining !== undefined || (q.size > 0 && !q.stalled)) return true;
    return false;
  }

  /** Whether the process should not end yet: data is being sent, or the last try before leaving is due. */
  get needsSettling(): boolean {
    return this.busy || (!this.settledForExit && this.journal?.mayHavePending === true);
  }

  /**
   * Everything before the process may end: waits for uploads, flushes, makes the last try (probe
   * once, deliver what the journal holds if the server answers) and says what is left, once.
   */
  async settle(): Promise<void> {
    const alreadySaid = this.settledForExit;
    await this.artifacts.settled();
    await this.flush();
    this.settledForExit = true;
    if (this.journal === undefined || this.replayer === undefined) return;
    const leaving: LeavingContext = {
      uri: this.uri,
      journal: this.journal,
      replayer: this.replayer,
      monitor: this.monitor,
      probe: this.probe,
      timeoutMs: this.closeTimeoutMs,
      reached: () => this.reached(),
      flush: () => this.flush(),
    };
    const outcome = await deliverBeforeLeaving(leaving);
    if (!alreadySaid) await sayWhatIsLeft(leaving, outcome);
    this.settledForExit = true;
  }

  /** `settle()`, then stops probing. The logger must not be used afterwards. */
  async close(): Promise<void> {
    await this.settle();
    this.closed = true;
    for (const q of this.queues.values()) if (q.timer !== undefined) clearTimeout(q.timer);
    this.monitor.stop();
  }

  /** From a process `exit` handler: writes everything not yet delivered to the journal, synchronously. */
  exitSync(): void {
    const units: QueuedUnit[] = [];
    for (const q of this.queues.values()) {
      if (q.timer !== undefined) clearTimeout(q.timer);
      if (q.inFlight !== undefined) units.push(q.inFlight);
      units.push(...q.takeAll());
    }
    this.monitor.stop();
    keepAtExit({ uri: this.uri, journal: this.journal, monitor: this.monitor }, units, this.artifacts.exitSync());
  }

  // ---- sending -----------------------------------------------------------------------------

  private queue(runId: string): RunQueue {
    let q = this.queues.get(runId);
    if (q === undefined) {
      q = new RunQueue(runId);
      this.queues.set(runId, q);
    }
    return q;
  }

  private enqueued(q: RunQueue): void {
    this.settledForExit = false;
    if (q.draining !== undefined || q.immediate) return;
    if (q.size >= this.batchSize) {
      q.immediate = true;
      setImmediate(() => this.startDrain(q));
    } else if (q.timer === undefined) {
      q.timer = setTimeout(() => {
        q.timer = undefined;
        this.startDrain(q);
      }, this.flushIntervalMs);
    }
  }

  private flushQueue(q: RunQueue): Promise<void> {
    if (q.idle) return Promise.resolve();
    q.flushWanted = true;
    return new Promise<void>((resolve) => {
      const list = this.waiters.get(q) ?? [];
      list.push(resolve);
      this.waiters.set(q, list);
      this.startDrain(q);
    });
  }

  private startDrain(q: RunQueue): void {
    q.immediate = false;
    if (q.draining !== undefined) return;
    q.stalled = false;
    if (q.timer !== undefined) {
      clearTimeout(q.timer);
      q.timer = undefined;
    }
    q.draining = this.drain(q)
      .catch((error: unknown) => log.error(`background logging for run ${q.runId} failed unexpectedly: ${(error as Error).stack ?? String(error)}`))
      .finally(() => {
        q.draining = undefined;
        this.afterDrain(q);
      });
  }

  /** Sends units until the queue is empty, or only a small tail is left and nobody waits for it. */
  private async drain(q: RunQueue): Promise<void> {
    while (q.size > 0) {
      const unit = q.take()!;
      // In flight until sent or journaled: a process exit meanwhile journals it (at worst twice).
      q.inFlight = unit;
      let kept: boolean;
      try {
        kept = await this.deliver(q, unit);
      } catch (error) {
        log.error(`background logging for run ${q.runId} failed unexpectedly (${(error as Error).message}); its data stays queued and will be tried again.`);
        kept = false;
      } finally {
        q.inFlight = undefined;
      }
      if (!kept) {
        q.unshift(unit);
        q.stalled = true;
        return;
      }
      if (q.size < this.batchSize && !q.flushWanted) return;
    }
  }

  private afterDrain(q: RunQueue): void {
    if (q.size > 0 && !q.stalled) {
      if (q.size >= this.batchSize || q.flushWanted) this.startDrain(q);
      else this.enqueued(q);
      return;
    }
    if (q.stalled && q.timer === undefined) {
      q.timer = setTimeout(() => {
        q.timer = undefined;
        q.stalled = false;
        this.startDrain(q);
      }, Math.max(1000, this.flushIntervalMs));
      q.timer.unref();
    }
    q.flushWanted = false;
    if (q.ended && q.idle && q.timer === undefined) this.queues.delete(q.runId);
    const list = this.waiters.get(q);
    this.waiters.delete(q);
    for (const resolve of list ?? []) resolve();
  }

  /**
   * Delivers one unit, or keeps it in the journal. Returns false when it could be neither sent nor
   * kept (the journal cannot be written): the caller puts it back and tries again later.
   */
  private async deliver(q: RunQueue, unit: QueuedUnit): Promise<boolean> {
    const journal = this.journal;
    if (journal !== undefined) {
      // Older data first. A replay that cannot read the journal must not hold up new data.
      if (!this.monitor.isDown && journal.mayHavePending) await this.replayQuietly();
      if (this.monitor.isDown) return this.keep(q, unit, () => this.monitor.note([unit]));
    }
    const outcome = await this.deliverer.deliver(unit);
    if (outcome.reached) this.reached();
    if (outcome.deferred.length === 0) return true;
    if (journal === undefined) {
      this.monitor.wentDown(outcome.error, outcome.deferred);
      return true;
    }
    const deferred = outcome.deferred;
    if (deferred.length === 1 && deferred[0] === unit) return this.keep(q, unit, () => this.monitor.wentDown(outcome.error, [unit]));
    // Part of a split batch went through: keep the rest.
    return this.keep(q, mergeBatches(unit.runId, deferred), () => this.monitor.wentDown(outcome.error, deferred));
  }

  private async keep(q: RunQueue, unit: QueuedUnit, then: () => void): Promise<boolean> {
    try {
      await this.journal!.append([unit]);
      then();
      return true;
    } catch (error) {
      if (!q.stalled) log.error(`could not write ${this.journal!.path} (${(error as Error).message}); ${describeCounts(addCounts(emptyCounts(), [unit]))} for run ${unit.runId} stay in memory and will be tried again.`);
      return false;
    }
  }

  /** The server answered: end the outage, and send what the journal holds. */
  private reached(): void {
    this.monitor.cameBack();
    if (this.journal?.mayHavePending && !this.replayer!.inProgress) void this.replayQuietly();
  }

  /** Replays; a failure to read the journal is logged, not thrown. */
  private async replayQuietly(): Promise<void> {
    await this.replay().catch((error: unknown) => log.error(`replaying ${this.journal?.path} failed: ${(error as Error).message}`));
  }

  /** Called every probe interval while the server is down. */
  private async probeAndReplay(): Promise<void> {
    if (this.closed || this.probing || this.replayer?.inProgress) return;
    this.probing = true;
    try {
      if (this.probe !== undefined && !(await this.probe().catch(() => false))) return;
      if (this.probe !== undefined) this.reached();
      else void this.replayQuietly();
    } finally {
      this.probing = false;
    }
  }

  /** On a journal with pending data at start: probe once, and replay if the server answers. */
  replayWhenReachable(): void {
    if (this.journal?.mayHavePending !== true) return;
    log.info(`${this.journal.path} holds data an earlier process could not send to ${this.uri}; it will be sent as soon as the server answers.`);
    const timer = setTimeout(() => void this.probeAndReplay(), 0);
    timer.unref();
  }
}
