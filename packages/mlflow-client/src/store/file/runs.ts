/**
 * Runs in the file store: `<experiment>/<run_id>/` with `meta.yaml`, `params/`, `tags/`,
 * `metrics/`, `artifacts/`, `inputs/`, `outputs/`. A new run's folders and tags are written
 * before its `meta.yaml`, so readers (ours and Python's) see either no run or a complete one.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { ViewType } from '../../entities/common.js';
import type { Run, RunInfo } from '../../entities/tracking.js';
import type { CreateRunOptions, UpdateRunOptions } from '../../store/tracking-store.js';
import { validateExperimentId, validateRunId } from '../../validation.js';
import { type FileContext, invalidParam, invalidState, notFound } from './context.js';
import type { Experiments } from './experiments.js';
import { listSubdirs, writeMeta } from './fs-ops.js';
import { newRunId, randomName } from './ids.js';
import { RESERVED_EXPERIMENT_FOLDERS, appendToUri } from './layout.js';
import { RUN_NAME_TAG, normaliseTag, readLatestMetrics, readParams, readTags, writeTag } from './run-data.js';
import { readInputs, readOutputs } from './run-io.js';
import {
  type StoredRunInfo,
  assertRunActive,
  loadRunInfo,
  publicRunInfo,
  runInfoFromMeta,
  runMetaOf,
  updateRunMeta,
  validateRunStatus,
} from './run-meta.js';

/** Assembles a full `Run` (latest metrics, params, tags, inputs, outputs) from its folder. */
export async function assembleRun(ctx: FileContext, info: StoredRunInfo, runDir: string, experimentDir: string): Promise<Run> {
  const [latest, params, tags, inputs, outputs] = await Promise.all([
    readLatestMetrics(runDir, info.runId, info.experimentId),
    readParams(runDir),
    readTags(runDir),
    readInputs(ctx, experimentDir, runDir),
    readOutputs(ctx, runDir),
  ]);
  const runInfo = publicRunInfo(info);
  if (runInfo.runName === '' && tags[RUN_NAME_TAG] !== undefined) runInfo.runName = tags[RUN_NAME_TAG];
  const metrics: Record<string, number> = {};
  for (const m of latest) metrics[m.key] = m.value;
  return { info: runInfo, data: { metrics, latestMetrics: latest, params, tags }, inputs, outputs };
}

/** Run infos of one experiment folder matching a view (malformed folders are skipped). */
export async function listRunInfos(ctx: FileContext, experimentDir: string, experimentId: string, view: ViewType): Promise<Array<{ info: StoredRunInfo; dir: string }>> {
  const names = (await listSubdirs(experimentDir)).filter((n) => !RESERVED_EXPERIMENT_FOLDERS.has(n) && !n.startsWith('.'));
  const read = await Promise.all(
    names.map(async (name) => {
      const dir = join(experimentDir, name);
      const meta = await ctx.readMeta(dir).catch(() => undefined);
      if (meta === undefined) return undefined;
      const info = runInfoFromMeta(meta);
      if (info.experimentId !== experimentId || info.runId !== name) return undefined;
      if (view === 'ACTIVE_ONLY' && info.lifecycleStage !== 'active') return undefined;
      if (view === 'DELETED_ONLY' && info.lifecycleStage !== 'deleted') return undefined;
      return { info, dir };
    }),
  );
  return read.filter((r): r is { info: StoredRunInfo; dir: string } => r !== undefined);
}

/** Deleting / restoring an experiment marks its runs (the folder is moved afterwards). */
export async function markRunsOfExperiment(
  ctx: FileContext,
  experimentDir: string,
  experimentId: string,
  stage: 'active' | 'deleted',
  deletedTime: number | undefined,
): Promise<void> {
  const runs = await listRunInfos(ctx, experimentDir, experimentId, stage === 'deleted' ? 'ACTIVE_ONLY' : 'DELETED_ONLY');
  await Promise.all(
    runs.map(({ info, dir }) => {
      const next: StoredRunInfo = { ...info, lifecycleStage: stage };
      if (deletedTime === undefined) delete next.deletedTime;
      else next.deletedTime = deletedTime;
      return writeMeta(dir, runMetaOf(next));
    }),
  );
}

export class Runs {
  constructor(
    private readonly ctx: FileContext,
    private readonly experiments: Experiments,
  ) {}

  async create(options: CreateRunOptions): Promise<Run> {
    await this.ctx.ready();
    const experimentId = options.experimentId;
    validateExperimentId(experimentId);
    let experiment;
    try {
      experiment = await this.experiments.get(experimentId);
    } catch (error) {
      throw notFound(`Could not create run under experiment with ID ${experimentId} - no such experiment exists.`);
    }
    if (experiment.lifecycleStage !== 'active') throw invalidState(`Could not create run under non-active experiment with ID ${experimentId}.`);
    const tags = Object.entries(options.tags ?? {}).map(([key, value]) => normaliseTag({ key, value }));
    const tagName = tags.find((t) => t.key === RUN_NAME_TAG)?.value;
    if (options.runName && tagName && options.runName !== tagName) {
      throw invalidParam(
        `Both 'run_name' argument and 'mlflow.runName' tag are specified, but with different values (run_name='${options.runName}', mlflow.runName='${tagName}').`,
      );
    }
    const runName = options.runName || tagName || randomName();
    if (!tagName) tags.push({ key: RUN_NAME_TAG, value: runName });
    const startTime = options.startTime ?? Date.now();
    if (!Number.isInteger(startTime) || startTime < 0) throw invalidParam(`Invalid start_time ${String(startTime)}: a non-negative integer (ms) is required.`);
    const location = await this.ctx.experimentLocation(experimentId, 'ACTIVE_ONLY');
    if (location === undefined) throw invalidState(`Could not create run under non-active experiment with ID ${experimentId}.`);

    const runId = newRunId();
    const dir = join(location.dir, runId);
    await fsp.mkdir(dir);
    await Promise.all(['metrics', 'params', 'artifacts', 'tags'].map((d) => fsp.mkdir(join(dir, d))));
    for (const tag of tags) await writeTag(dir, tag);
    const info: StoredRunInfo = {
      runId,
      runName,
      experimentId,
      userId: options.userId ?? '',
      status: 'RUNNING',
      startTime,
      artifactUri: appendToUri(experiment.artifactLocation, runId, 'artifacts'),
      lifecycleStage: 'active',
    };
    await writeMeta(dir, runMetaOf(info));
    return this.get(runId);
  }

  async get(runId: string): Promise<Run> {
    await this.ctx.ready();
    validateRunId(runId);
    const { info, location } = await loadRunInfo(this.ctx, runId);
    return assembleRun(this.ctx, info, location.dir, location.experimentDir);
  }

  async update(runId: string, changes: UpdateRunOptions): Promise<RunInfo> {
    await this.ctx.ready();
    validateRunId(runId);
    if (changes.status !== undefined) validateRunStatus(changes.status);
    if (changes.endTime !== undefined && changes.endTime !== null && (!Number.isInteger(changes.endTime) || changes.endTime < 0)) {
      throw invalidParam(`Invalid end_time ${String(changes.endTime)}: a non-negative integer (ms) is required.`);
    }
    const { info: current, location } = await loadRunInfo(this.ctx, runId);
    assertRunActive(current);
    if (changes.runName) await writeTag(location.dir, normaliseTag({ key: RUN_NAME_TAG, value: changes.runName }));
    const next = await updateRunMeta(this.ctx, runId, (info) => {
      assertRunActive(info);
      const updated = { ...info };
      if (changes.status !== undefined) updated.status = changes.status;
      if (changes.endTime !== undefined && changes.endTime !== null) updated.endTime = changes.endTime;
      if (changes.runName) updated.runName = changes.runName;
      return updated;
    });
    return publicRunInfo(next);
  }

  /** Setting the `mlflow.runName` tag renames the run (meta.yaml kept in sync). */
  async syncRunName(runId: string, runName: string): Promise<void> {
    await updateRunMeta(this.ctx, runId, (info) => ({ ...info, runName }));
  }

  async delete(runId: string): Promise<void> {
    await this.ctx.ready();
    validateRunId(runId);
    await updateRunMeta(this.ctx, runId, (info) => ({ ...info, lifecycleStage: 'deleted', deletedTime: Date.now() }));
  }

  async restore(runId: string): Promise<void> {
    await this.ctx.ready();
    validateRunId(runId);
    await updateRunMeta(this.ctx, runId, (info) => {
      const next: StoredRunInfo = { ...info, lifecycleStage: 'active' };
      delete next.deletedTime;
      return next;
    });
  }
}
