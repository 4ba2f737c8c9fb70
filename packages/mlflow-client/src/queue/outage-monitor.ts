/**
 * Whether the tracking server is reachable, as seen by the background logger: an outage starts when
 * a request fails after every retry with a transient failure (`isTransientFailure`) and ends with
 * the next request that succeeds. It says so once per outage, in plain words (what was kept, for
 * which runs, where, and how it will be delivered), and probes the server while it is down.
 */
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { MlflowConnectionError } from '../errors/mlflow-connection-error.js';
import { getLogger } from '../logger.js';
import { addCounts, describeCounts, describeRuns, emptyCounts, totalOf, type DeliveryUnit, type UnitCounts } from './delivery-unit.js';

const log = getLogger('mlflow-client.background');

export interface OutageMonitorOptions {
  /** The tracking URI, without credentials. */
  uri: string;
  /** The journal file, or undefined when the journal is disabled (data is then dropped). */
  journalPath: string | undefined;
  /** How often to try the server again while it is down, ms. */
  probeIntervalMs: number;
  /** Called every `probeIntervalMs` while down. */
  probe: () => void;
}

/** "connection refused, ECONNREFUSED after 3 attempts" / "HTTP 503 TEMPORARILY_UNAVAILABLE". */
export function failureReason(error: unknown): string {
  if (MlflowConnectionError.isInstance(error)) {
    return `${error.code ?? 'no answer'} after ${error.attempts} attempt${error.attempts === 1 ? '' : 's'}`;
  }
  if (MlflowApiError.isInstance(error)) return `HTTP ${error.status} ${error.errorCode}`;
  return error instanceof Error ? error.message.split('\n')[0]! : String(error);
}

export class OutageMonitor {
  private down = false;
  private since = 0;
  private deferred: UnitCounts = emptyCounts();
  private readonly runs = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: OutageMonitorOptions) {}

  get isDown(): boolean {
    return this.down;
  }

  /**
   * A request failed for good with a transient failure. `units` were just kept in the journal (or
   * dropped), unless `alreadyKept` (a replay that found the server still down).
   */
  wentDown(error: unknown, units: DeliveryUnit[], alreadyKept = false): void {
    if (!alreadyKept) this.note(units);
    if (this.down) return;
    this.down = true;
    this.since = Date.now();
    const { uri, journalPath } = this.options;
    const what = `${describeCounts(addCounts(emptyCounts(), units))} for ${describeRuns(units.map((u) => u.runId))}${alreadyKept ? ' (from earlier)' : ''}`;
    if (journalPath === undefined) {
      log.error(`MLflow server ${uri} unreachable (${failureReason(error)}): ${what} could not be sent and were dropped, because the offline journal is disabled. Data logged while it stays unreachable is dropped too.`);
    } else {
      log.warn(
        `MLflow server ${uri} unreachable (${failureReason(error)}): ${what} kept in ${journalPath}; they will be sent when it answers (or run \`replay()\`). Whatever is logged until then goes there too.`,
      );
    }
    this.startProbing();
  }

  /** Units kept while the server is known to be down (sent straight to the journal). */
  note(units: DeliveryUnit[]): void {
    addCounts(this.deferred, units);
    for (const u of units) this.runs.add(u.runId);
  }

  /** A request succeeded. Returns whether this ended an outage. */
  cameBack(): boolean {
    if (!this.down) return false;
    const seconds = ((Date.now() - this.since) / 1000).toFixed(1);
    const kept = this.options.journalPath === undefined ? 'dropped' : `kept in ${this.options.journalPath}; sending them now`;
    log.info(`MLflow server ${this.options.uri} answers again after ${seconds} s. During the outage ${describeCounts(this.deferred)} for ${describeRuns(this.runs)} were ${kept}.`);
    this.reset();
    return true;
  }

  /** What this outage kept, for a last word when the process ends while it lasts. */
  summary(): { counts: UnitCounts; runs: string[] } | undefined {
    return this.down || totalOf(this.deferred) > 0 ? { counts: { ...this.deferred }, runs: [...this.runs] } : undefined;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }

  private reset(): void {
    this.down = false;
    this.deferred = emptyCounts();
    this.runs.clear();
    this.stop();
  }

  private startProbing(): void {
    if (this.timer !== undefined) return;
    this.timer = setInterval(() => this.options.probe(), this.options.probeIntervalMs);
    this.timer.unref();
  }
}
