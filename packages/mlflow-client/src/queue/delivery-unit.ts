/**
 * What the background logger sends in one request: a log-batch within MLflow's limits, the
 * status update that ends a run, or an artifact upload (from a private copy in the journal
 * folder). The same units go to the offline journal when the server is unreachable, and are
 * described in plain words in log messages.
 */
import type { Metric, Param, RunStatus, RunTag } from '../entities/tracking.js';

export interface BatchUnit {
  kind: 'log-batch';
  runId: string;
  metrics: Metric[];
  params: Param[];
  tags: RunTag[];
}

export interface StatusUnit {
  kind: 'update-run';
  runId: string;
  status: RunStatus;
  endTime: number;
}

/** A file or folder to upload to a run's artifacts, from its private copy (see `ArtifactCopies`). */
export interface ArtifactUnit {
  kind: 'log-artifact';
  runId: string;
  /** The private copy's folder name in the journal's artifact folder. */
  copyId: string;
  /** Where it goes in the run's artifacts, normalised (`''` for the root). */
  artifactPath: string;
  /** A single file (uploaded as `<artifactPath>/<fileName>`); absent for a folder's contents. */
  fileName?: string;
}

export type DeliveryUnit = BatchUnit | StatusUnit | ArtifactUnit;

/** What a run's queue holds (artifacts are uploaded by the caller, and only journaled). */
export type QueuedUnit = BatchUnit | StatusUnit;

/** The parts of a split batch that did not go through, as one batch of `runId` to keep. */
export function mergeBatches(runId: string, units: readonly DeliveryUnit[]): BatchUnit {
  const batches = units.filter((u): u is BatchUnit => u.kind === 'log-batch');
  return { kind: 'log-batch', runId, metrics: batches.flatMap((b) => b.metrics), params: batches.flatMap((b) => b.params), tags: batches.flatMap((b) => b.tags) };
}

export interface UnitCounts {
  metrics: number;
  params: number;
  tags: number;
  /** Run status updates (end of run). */
  statuses: number;
  /** Artifact uploads (a file or a folder each). */
  artifacts: number;
}

export const emptyCounts = (): UnitCounts => ({ metrics: 0, params: 0, tags: 0, statuses: 0, artifacts: 0 });

export function addCounts(into: UnitCounts, units: Iterable<DeliveryUnit>): UnitCounts {
  for (const unit of units) {
    if (unit.kind === 'update-run') into.statuses += 1;
    else if (unit.kind === 'log-artifact') into.artifacts += 1;
    else {
      into.metrics += unit.metrics.length;
      into.params += unit.params.length;
      into.tags += unit.tags.length;
    }
  }
  return into;
}

export function subtractCounts(from: UnitCounts, units: Iterable<DeliveryUnit>): UnitCounts {
  const minus = addCounts(emptyCounts(), units);
  from.metrics -= minus.metrics;
  from.params -= minus.params;
  from.tags -= minus.tags;
  from.statuses -= minus.statuses;
  from.artifacts -= minus.artifacts;
  return from;
}

export const totalOf = (c: UnitCounts): number => c.metrics + c.params + c.tags + c.statuses + c.artifacts;

const number = (n: number): string => n.toLocaleString('en-US');

function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${number(n)} ${n === 1 ? one : many}`;
}

/** "1,234 metric points, 3 params, 1 artifact upload and the end-of-run status" ("nothing" for nothing). */
export function describeCounts(c: UnitCounts): string {
  const parts: string[] = [];
  if (c.metrics > 0) parts.push(plural(c.metrics, 'metric point'));
  if (c.params > 0) parts.push(plural(c.params, 'param'));
  if (c.tags > 0) parts.push(plural(c.tags, 'tag'));
  if (c.artifacts > 0) parts.push(plural(c.artifacts, 'artifact upload'));
  if (c.statuses > 0) parts.push(c.statuses === 1 ? 'the end-of-run status' : `${number(c.statuses)} end-of-run statuses`);
  if (parts.length <= 1) return parts[0] ?? 'nothing';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** The ids of the runs concerned, shortened: "run 3f2a9c…" or "runs 3f2a9c…, 77b0e1…". */
export function describeRuns(runIds: Iterable<string>): string {
  const ids = [...new Set(runIds)].map((id) => (id.length > 12 ? `${id.slice(0, 12)}…` : id));
  if (ids.length === 0) return 'no run';
  const shown = ids.length > 4 ? [...ids.slice(0, 4), `${ids.length - 4} more`] : ids;
  return `${ids.length === 1 ? 'run' : 'runs'} ${shown.join(', ')}`;
}

const clip = (text: string, max = 80): string => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * The data of a unit, for an error message about dropping it: params and tags with their values,
 * metrics per key with their step range.
 */
export function describeUnitData(unit: DeliveryUnit): string {
  if (unit.kind === 'update-run') return `status ${unit.status} (end time ${unit.endTime})`;
  if (unit.kind === 'log-artifact') {
    const target = [unit.artifactPath, unit.fileName].filter((p) => p !== undefined && p !== '').join('/');
    return `${unit.fileName === undefined ? 'a folder' : 'a file'} for artifact path '${target}' (private copy ${unit.copyId})`;
  }
  const parts: string[] = [];
  if (unit.params.length > 0) parts.push(`params ${unit.params.slice(0, 20).map((p) => `${p.key}=${JSON.stringify(clip(p.value))}`).join(', ')}${unit.params.length > 20 ? ', …' : ''}`);
  if (unit.tags.length > 0) parts.push(`tags ${unit.tags.slice(0, 20).map((t) => `${t.key}=${JSON.stringify(clip(t.value))}`).join(', ')}${unit.tags.length > 20 ? ', …' : ''}`);
  if (unit.metrics.length > 0) {
    const byKey = new Map<string, { n: number; min: number; max: number }>();
    for (const m of unit.metrics) {
      const s = byKey.get(m.key);
      if (s === undefined) byKey.set(m.key, { n: 1, min: m.step, max: m.step });
      else {
        s.n += 1;
        if (m.step < s.min) s.min = m.step;
        if (m.step > s.max) s.max = m.step;
      }
    }
    const keys = [...byKey].slice(0, 20).map(([k, s]) => `${k} (${plural(s.n, 'point')}, step${s.min === s.max ? ` ${s.min}` : `s ${s.min}–${s.max}`})`);
    parts.push(`metrics ${keys.join(', ')}${byKey.size > 20 ? ', …' : ''}`);
  }
  return parts.join('; ');
}
