/**
 * Logging into a run: metrics, params, tags, batches, inputs/outputs, and the metric history.
 * Every call checks the run is active first (a deleted run → INVALID_PARAMETER_VALUE), like MLflow.
 */
import type { PagedList } from '../../entities/common.js';
import type { DatasetInput, Metric, Param, RunTag } from '../../entities/tracking.js';
import type { LogBatch } from '../../store/tracking-store.js';
import { validateRunId } from '../../validation.js';
import type { FileContext } from './context.js';
import { isErrno } from './fs-ops.js';
import {
  RUN_NAME_TAG,
  appendMetrics,
  normaliseMetric,
  normaliseParam,
  normaliseTag,
  prepareBatch,
  readMetricHistory,
  removeTag,
  writeParam,
  writeTag,
} from './run-data.js';
import { logInputs, logOutputs, validateDatasetInput } from './run-io.js';
import { assertRunActive, loadRunInfo } from './run-meta.js';
import type { Runs } from './runs.js';
import { checkMaxResults, paginate } from './search-eval.js';

export class RunLogging {
  constructor(
    private readonly ctx: FileContext,
    private readonly runs: Runs,
  ) {}

  /**
   * Runs `fn` on an active run's folders (missing or deleted runs throw). When the folder moved
   * meanwhile (another process deleted or restored the experiment), the run is looked up again once.
   */
  private async inActiveRun<T>(runId: string, fn: (run: { dir: string; experimentDir: string; experimentId: string }) => Promise<T>): Promise<T> {
    await this.ctx.ready();
    validateRunId(runId);
    const attempt = async (): Promise<T> => {
      const { info, location } = await loadRunInfo(this.ctx, runId);
      assertRunActive(info);
      return fn(location);
    };
    try {
      return await attempt();
    } catch (error) {
      if (!isErrno(error, 'ENOENT')) throw error;
      await this.ctx.runLocation(runId, { fresh: true });
      return attempt();
    }
  }

  async logMetric(runId: string, metric: Metric): Promise<void> {
    const m = normaliseMetric(metric);
    await this.inActiveRun(runId, (run) => appendMetrics(this.ctx, run.dir, runId, [m]));
  }

  async logParam(runId: string, param: Param): Promise<void> {
    const p = normaliseParam(param);
    await this.inActiveRun(runId, (run) => writeParam(run.dir, runId, p));
  }

  async setTag(runId: string, tag: RunTag): Promise<void> {
    const t = normaliseTag(tag);
    await this.inActiveRun(runId, (run) => writeTag(run.dir, t));
    if (t.key === RUN_NAME_TAG) await this.runs.syncRunName(runId, t.value);
  }

  async deleteTag(runId: string, key: string): Promise<void> {
    await this.inActiveRun(runId, (run) => removeTag(run.dir, runId, key));
  }

  /**
   * Params first, then metrics (one append per key), then tags (last value of a key wins), as
   * MLflow does; an error may leave the earlier parts written.
   */
  async logBatch(runId: string, batch: LogBatch): Promise<void> {
    const { metrics, params, tags } = prepareBatch(batch);
    const lastTags = new Map<string, string>();
    for (const t of tags) lastTags.set(t.key, t.value);
    await this.inActiveRun(runId, async (run) => {
      for (const p of params) await writeParam(run.dir, runId, p);
      if (metrics.length > 0) await appendMetrics(this.ctx, run.dir, runId, metrics);
      for (const [key, value] of lastTags) await writeTag(run.dir, { key, value });
    });
    const runName = lastTags.get(RUN_NAME_TAG);
    if (runName !== undefined) await this.runs.syncRunName(runId, runName);
  }

  async getMetricHistory(runId: string, key: string, options: { maxResults?: number; pageToken?: string } = {}): Promise<PagedList<Metric>> {
    await this.ctx.ready();
    validateRunId(runId);
    const { info, location } = await loadRunInfo(this.ctx, runId);
    const points = await readMetricHistory(location.dir, runId, info.experimentId, key);
    const maxResults = options.maxResults === undefined ? Math.max(points.length, 1) : checkMaxResults(options.maxResults, 25_000, 1_000_000_000);
    return paginate(points, options.pageToken, maxResults);
  }

  async logInputs(runId: string, inputs: { datasets?: DatasetInput[]; models?: Array<{ modelId: string }> }): Promise<void> {
    const datasets = inputs.datasets ?? [];
    for (const d of datasets) validateDatasetInput(d);
    await this.inActiveRun(runId, (run) => logInputs(run.experimentDir, run.dir, runId, datasets, inputs.models ?? []));
  }

  async logOutputs(runId: string, models: Array<{ modelId: string; step: number }>): Promise<void> {
    await this.inActiveRun(runId, (run) => logOutputs(run.dir, models));
  }
}
