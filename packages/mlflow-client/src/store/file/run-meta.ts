/**
 * A run's `meta.yaml`: read into `RunInfo`, written with the keys MLflow 3.17 writes
 * (status as an integer, `tags: []`, `source_type: 4`, `deleted_time`), plus `run_uuid` for
 * MLflow 2.x readers (3.x ignores it).
 */
import type { LifecycleStage } from '../../entities/common.js';
import type { RunInfo, RunStatus } from '../../entities/tracking.js';
import { type FileContext, type RunLocation, invalidParam, invalidState, notFound, num, str } from './context.js';
import { writeMeta } from './fs-ops.js';
import type { YamlValue } from './yaml-meta.js';

const STATUS_TO_INT: Record<RunStatus, number> = { RUNNING: 1, SCHEDULED: 2, FINISHED: 3, FAILED: 4, KILLED: 5 };
const INT_TO_STATUS: Record<number, RunStatus> = { 1: 'RUNNING', 2: 'SCHEDULED', 3: 'FINISHED', 4: 'FAILED', 5: 'KILLED' };

export function runStatusOf(value: YamlValue | undefined): RunStatus {
  if (typeof value === 'number') return INT_TO_STATUS[value] ?? 'RUNNING';
  if (typeof value === 'string' && value in STATUS_TO_INT) return value as RunStatus;
  if (typeof value === 'string' && /^\d+$/.test(value)) return INT_TO_STATUS[Number(value)] ?? 'RUNNING';
  return 'RUNNING';
}

export function validateRunStatus(status: unknown): asserts status is RunStatus {
  if (typeof status !== 'string' || !(status in STATUS_TO_INT)) {
    throw invalidParam(`Invalid run status '${String(status)}'; expected one of ${Object.keys(STATUS_TO_INT).join(', ')}.`);
  }
}

/** A run's info plus the `deleted_time` kept in its meta. */
export interface StoredRunInfo extends RunInfo {
  deletedTime?: number;
}

export function runInfoFromMeta(meta: Record<string, YamlValue>): StoredRunInfo {
  const info: StoredRunInfo = {
    runId: str(meta.run_id) ?? str(meta.run_uuid) ?? '',
    runName: str(meta.run_name) ?? '',
    experimentId: str(meta.experiment_id) ?? '',
    userId: str(meta.user_id) ?? '',
    status: runStatusOf(meta.status),
    artifactUri: str(meta.artifact_uri) ?? '',
    lifecycleStage: (str(meta.lifecycle_stage) ?? 'active') as LifecycleStage,
  };
  const startTime = num(meta.start_time);
  const endTime = num(meta.end_time);
  const deletedTime = num(meta.deleted_time);
  if (startTime !== undefined) info.startTime = startTime;
  if (endTime !== undefined) info.endTime = endTime;
  if (deletedTime !== undefined) info.deletedTime = deletedTime;
  return info;
}

export function runMetaOf(info: StoredRunInfo): { [key: string]: YamlValue } {
  return {
    artifact_uri: info.artifactUri,
    deleted_time: info.deletedTime ?? null,
    end_time: info.endTime ?? null,
    entry_point_name: '',
    experiment_id: info.experimentId,
    lifecycle_stage: info.lifecycleStage,
    run_id: info.runId,
    run_name: info.runName,
    run_uuid: info.runId,
    source_name: '',
    source_type: 4,
    source_version: '',
    start_time: info.startTime ?? null,
    status: STATUS_TO_INT[info.status],
    tags: [],
    user_id: info.userId,
  };
}

export function publicRunInfo(info: StoredRunInfo): RunInfo {
  const { deletedTime: _ignored, ...rest } = info;
  return rest;
}

/** Reads and checks a run's meta: ids must match the folders (else INVALID_STATE, like Python). */
export async function loadRunInfo(ctx: FileContext, runId: string): Promise<{ info: StoredRunInfo; location: RunLocation }> {
  let location = await ctx.runLocation(runId);
  let meta = await ctx.readMeta(location.dir);
  if (meta === undefined) {
    location = await ctx.runLocation(runId, { fresh: true });
    meta = await ctx.readMeta(location.dir);
    if (meta === undefined) throw notFound(`Run '${runId}' not found`);
  }
  const info = runInfoFromMeta(meta);
  if (info.experimentId !== location.experimentId || info.runId !== runId) {
    throw invalidState(`Run '${runId}' metadata is in invalid state.`);
  }
  return { info, location };
}

export function assertRunActive(info: RunInfo): void {
  if (info.lifecycleStage !== 'active') {
    throw invalidParam(`The run ${info.runId} must be in the 'active' state. Current state is ${info.lifecycleStage}.`);
  }
}

/** Read-modify-write of a run's meta under the run's lock. */
export async function updateRunMeta(ctx: FileContext, runId: string, change: (info: StoredRunInfo) => StoredRunInfo): Promise<StoredRunInfo> {
  const { location } = await loadRunInfo(ctx, runId);
  return ctx.withEntityLock(location.dir, async () => {
    const { info, location: current } = await loadRunInfo(ctx, runId);
    const next = change(info);
    await writeMeta(current.dir, runMetaOf(next));
    return next;
  });
}
