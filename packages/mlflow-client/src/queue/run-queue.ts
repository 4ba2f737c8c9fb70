/**
 * What one run has queued, in the order it was logged, cut into delivery units that respect
 * MLflow's log-batch limits (≤ 1000 metrics, ≤ 100 params, ≤ 100 tags, ≤ 1000 entities, and well
 * under 1 MB). A status update (end of run) is a unit of its own, after everything queued before it.
 */
import type { Metric, Param, RunStatus, RunTag } from '../entities/tracking.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { MAX_ENTITIES_PER_BATCH, MAX_METRICS_PER_BATCH, MAX_PARAMS_PER_BATCH, MAX_TAGS_PER_BATCH } from '../validation.js';
import type { QueuedUnit } from './delivery-unit.js';

const METRIC = 0;
const PARAM = 1;
const TAG = 2;
const STATUS = 3;

type Item =
  | { k: typeof METRIC; v: Metric }
  | { k: typeof PARAM; v: Param }
  | { k: typeof TAG; v: RunTag }
  | { k: typeof STATUS; status: RunStatus; endTime: number };

/** The OSS server does not enforce 1 MB, other servers do: stay well below. */
const MAX_BATCH_BYTES = 900_000;
const OVERHEAD_BYTES = 64;

export class RunQueue {
  /** Items not yet taken, from `head` on. */
  private items: Item[] = [];
  private head = 0;
  /** The unit being sent now (one request in flight per run). */
  inFlight: QueuedUnit | undefined;
  /** The running send loop, if any. */
  draining: Promise<void> | undefined;
  /** A timer that will start the send loop after the flush interval. */
  timer: NodeJS.Timeout | undefined;
  /** A send loop is scheduled on the next turn of the event loop. */
  immediate = false;
  /** Someone waits for this queue to be empty: keep sending small tails. */
  flushWanted = false;
  /** The journal could not be written: wait before trying again. */
  stalled = false;
  /** The run's end was queued: the queue can be forgotten once empty. */
  ended = false;
  /** Params this process logged to the run: the same value again is a no-op, another one an error. */
  private readonly params = new Map<string, string>();

  constructor(readonly runId: string) {}

  get size(): number {
    return this.items.length - this.head;
  }

  get idle(): boolean {
    return this.size === 0 && this.inFlight === undefined && this.draining === undefined;
  }

  pushMetric(metric: Metric): void {
    this.items.push({ k: METRIC, v: metric });
  }

  /** Queues `param`; false when that value was logged already (a no-op); throws when it changes one. */
  pushParam(param: Param): boolean {
    const previous = this.params.get(param.key);
    if (previous === param.value) return false;
    if (previous !== undefined) throw this.paramChanged(param, previous);
    this.params.set(param.key, param.value);
    this.items.push({ k: PARAM, v: param });
    return true;
  }

  /** Throws what `pushParam` would for the first of `params` that changes a value logged before; queues nothing. */
  checkParams(params: readonly Param[]): void {
    for (const param of params) {
      const previous = this.params.get(param.key);
      if (previous !== undefined && previous !== param.value) throw this.paramChanged(param, previous);
    }
  }

  private paramChanged(param: Param, previous: string): MlflowApiError {
    return new MlflowApiError({
      errorCode: 'INVALID_PARAMETER_VALUE',
      message: `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${previous}' for run ID='${this.runId}'. Attempted logging new value '${param.value}'.`,
    });
  }

  pushTag(tag: RunTag): void {
    this.items.push({ k: TAG, v: tag });
  }

  pushStatus(status: RunStatus, endTime: number): void {
    this.items.push({ k: STATUS, status, endTime });
    this.ended = true;
  }

  /** Puts a unit that could not be sent nor kept back at the front, to try again later. */
  unshift(unit: QueuedUnit): void {
    const items: Item[] =
      unit.kind === 'update-run'
        ? [{ k: STATUS, status: unit.status, endTime: unit.endTime }]
        : [...unit.params.map((v) => ({ k: PARAM, v }) as Item), ...unit.tags.map((v) => ({ k: TAG, v }) as Item), ...unit.metrics.map((v) => ({ k: METRIC, v }) as Item)];
    this.items = [...items, ...this.items.slice(this.head)];
    this.head = 0;
  }

  /** The next unit: as many queued items as one request may carry, or the next status update. */
  take(): QueuedUnit | undefined {
    const items = this.items;
    if (this.head >= items.length) return undefined;
    const first = items[this.head]!;
    if (first.k === STATUS) {
      this.head += 1;
      this.compact();
      return { kind: 'update-run', runId: this.runId, status: first.status, endTime: first.endTime };
    }
    const metrics: Metric[] = [];
    const params: Param[] = [];
    const tags = new Map<string, RunTag>();
    let bytes = 0;
    let i = this.head;
    for (; i < items.length; i += 1) {
      const item = items[i]!;
      if (item.k === STATUS) break;
      const total = metrics.length + params.length + tags.size;
      if (total >= MAX_ENTITIES_PER_BATCH) break;
      const size = item.v.key.length + (item.k === METRIC ? 40 : item.v.value.length) + OVERHEAD_BYTES;
      if (total > 0 && bytes + size > MAX_BATCH_BYTES) break;
      if (item.k === METRIC) {
        if (metrics.length >= MAX_METRICS_PER_BATCH) break;
        metrics.push(item.v);
      } else if (item.k === PARAM) {
        if (params.length >= MAX_PARAMS_PER_BATCH) break;
        params.push(item.v);
      } else {
        // Within one request the last value of a tag wins: keep only that one.
        if (!tags.has(item.v.key) && tags.size >= MAX_TAGS_PER_BATCH) break;
        tags.delete(item.v.key);
        tags.set(item.v.key, item.v);
      }
      bytes += size;
    }
    this.head = i;
    this.compact();
    return { kind: 'log-batch', runId: this.runId, metrics, params, tags: [...tags.values()] };
  }

  /** Every queued item, as units (for the journal when the process exits). */
  takeAll(): QueuedUnit[] {
    const out: QueuedUnit[] = [];
    for (let unit = this.take(); unit !== undefined; unit = this.take()) out.push(unit);
    return out;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}
