/**
 * Sends one delivery unit through the tracking store and sorts out failures:
 * - a transient failure (server unreachable after every retry, or still answering 5xx/429), or
 *   the transport closed under a request: the unit is handed back to be kept in the journal;
 * - a refusal (e.g. 400 "Changing param values is not allowed"): the unit is split so the refused
 *   part is isolated (params one by one, tags, metrics), the rest is sent, and what the server
 *   refuses is dropped — logged with its data and kept in the `.dropped.jsonl` file (a refused
 *   artifact's private copy is moved to the `.dropped-artifacts` folder). Never throws.
 */
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { TransportClosedError } from '../errors/transport-closed-error.js';
import { getLogger } from '../logger.js';
import { isTransientFailure } from '../store/rest/transient-failure.js';
import type { TrackingStore } from '../store/tracking-store.js';
import { describeUnitData, type BatchUnit, type DeliveryUnit } from './delivery-unit.js';
import type { Journal } from './journal.js';

const log = getLogger('mlflow-client.background');

export interface DeliveryOutcome {
  /** Units that must wait for the server (in order). */
  deferred: DeliveryUnit[];
  /** The transient failure that deferred them. */
  error?: unknown;
  /** Units the server refused (logged, kept in the `.dropped.jsonl` file). */
  dropped: DeliveryUnit[];
  /** Whether the server answered at least one request (it is reachable). */
  reached: boolean;
}

/** Uploads a local file (to `<artifactPath>/<its name>`) or a folder's contents (under `artifactPath`) to a run. */
export type ArtifactUploader = (runId: string, localPath: string, artifactPath: string, kind: 'file' | 'dir') => Promise<void>;

/** Failures that mean "try again later": an outage, or a client closed while a replay was running. */
export const mustWait = (error: unknown): boolean => isTransientFailure(error) || TransportClosedError.isInstance(error);

function split(unit: BatchUnit): BatchUnit[] {
  const parts: BatchUnit[] = [];
  const kinds = (unit.params.length > 0 ? 1 : 0) + (unit.tags.length > 0 ? 1 : 0) + (unit.metrics.length > 0 ? 1 : 0);
  if (kinds <= 1 && unit.params.length <= 1) return [unit];
  for (const p of unit.params) parts.push({ kind: 'log-batch', runId: unit.runId, metrics: [], params: [p], tags: [] });
  if (unit.tags.length > 0) parts.push({ kind: 'log-batch', runId: unit.runId, metrics: [], params: [], tags: unit.tags });
  if (unit.metrics.length > 0) parts.push({ kind: 'log-batch', runId: unit.runId, metrics: unit.metrics, params: [], tags: [] });
  return parts;
}

export class Deliverer {
  constructor(
    private readonly store: TrackingStore,
    private readonly journal: Journal | undefined,
    private readonly uploadArtifact?: ArtifactUploader,
  ) {}

  /** One request (or one artifact upload), errors thrown as they come. */
  async send(unit: DeliveryUnit): Promise<void> {
    if (unit.kind === 'update-run') await this.store.updateRun(unit.runId, { status: unit.status, endTime: unit.endTime });
    else if (unit.kind === 'log-artifact') {
      if (this.uploadArtifact === undefined || this.journal === undefined) throw new Error('artifacts cannot be uploaded by this logger');
      const kind = unit.fileName === undefined ? 'dir' : 'file';
      await this.uploadArtifact(unit.runId, this.journal.copies.localPath(unit.copyId, unit.fileName), unit.artifactPath, kind);
    } else await this.store.logBatch(unit.runId, { metrics: unit.metrics, params: unit.params, tags: unit.tags });
  }

  async deliver(unit: DeliveryUnit): Promise<DeliveryOutcome> {
    let refusal: unknown;
    try {
      await this.send(unit);
      return { deferred: [], dropped: [], reached: true };
    } catch (error) {
      if (mustWait(error)) return { deferred: [unit], dropped: [], error, reached: false };
      refusal = error;
    }
    const parts = unit.kind === 'log-batch' ? split(unit) : [unit];
    // An answer, even a refusal, means the server is there.
    const reached = MlflowApiError.isInstance(refusal);
    if (parts.length === 1) {
      await this.drop(unit, refusal);
      return { deferred: [], dropped: [unit], reached };
    }
    const dropped: DeliveryUnit[] = [];
    for (let i = 0; i < parts.length; i += 1) {
      try {
        await this.send(parts[i]!);
      } catch (error) {
        if (mustWait(error)) return { deferred: parts.slice(i), dropped, error, reached };
        dropped.push(parts[i]!);
        await this.drop(parts[i]!, error);
      }
    }
    return { deferred: [], dropped, reached };
  }

  private async drop(unit: DeliveryUnit, error: unknown): Promise<void> {
    const reason = MlflowApiError.isInstance(error)
      ? `${error.errorCode}: ${error.message}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
    const short = reason.length > 600 ? `${reason.slice(0, 600)}…` : reason;
    let kept = '';
    if (this.journal !== undefined && unit.kind === 'log-artifact') {
      const aside = await this.journal.copies.keepAside(unit.copyId, this.journal.droppedArtifactsDir);
      if (aside !== undefined) kept = ` Its private copy is kept in ${aside}.`;
    }
    if (this.journal !== undefined) {
      try {
        await this.journal.keepDropped([unit], short);
        kept += ` A record is kept in ${this.journal.droppedPath}.`;
      } catch (writeError) {
        kept += ` (keeping a record in ${this.journal.droppedPath} failed too: ${(writeError as Error).message})`;
      }
    }
    const what = unit.kind === 'update-run' ? 'the status update' : unit.kind === 'log-artifact' ? 'an artifact upload' : 'a log-batch';
    log.error(`MLflow refused ${what} of run ${unit.runId} (${short}); dropped ${describeUnitData(unit)}.${kept} The run goes on.`);
  }
}
