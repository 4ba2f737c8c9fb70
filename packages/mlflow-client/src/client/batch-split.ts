/**
 * Splits one logical log-batch into requests within MLflow's limits (≤ 1000 metrics, ≤ 100 params,
 * ≤ 100 tags, ≤ 1000 entities each). Order is preserved within each kind, so the last value of a
 * repeated tag still wins; params and tags go first, topped up with metrics.
 */
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import type { LogBatch } from '../store/tracking-store.js';
import type { Metric, Param, RunTag } from '../entities/tracking.js';
import { MAX_ENTITIES_PER_BATCH, MAX_METRICS_PER_BATCH, MAX_PARAMS_PER_BATCH, MAX_TAGS_PER_BATCH } from '../validation.js';

export interface BatchChunk {
  metrics: Metric[];
  params: Param[];
  tags: RunTag[];
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/**
 * Params logged twice in one call: the same value is kept once, a different value is refused
 * (MLflow refuses both inside one request, and params are immutable anyway).
 */
export function dedupeParams(params: readonly Param[]): Param[] {
  const seen = new Map<string, string>();
  const out: Param[] = [];
  for (const p of params) {
    const previous = seen.get(p.key);
    if (previous === undefined) {
      seen.set(p.key, p.value);
      out.push(p);
    } else if (previous !== p.value) {
      throw new MlflowApiError({
        errorCode: 'INVALID_PARAMETER_VALUE',
        message: `Param '${p.key}' is given twice in one batch with different values ('${previous}' and '${p.value}'); params are immutable, log one value.`,
      });
    }
  }
  return out;
}

export function splitBatch(batch: LogBatch): BatchChunk[] {
  const metrics = batch.metrics ?? [];
  const params = batch.params ?? [];
  const tags = batch.tags ?? [];
  const out: BatchChunk[] = [];
  const paramChunks = chunks(params, MAX_PARAMS_PER_BATCH);
  const tagChunks = chunks(tags, MAX_TAGS_PER_BATCH);
  let m = 0;
  for (let i = 0; i < Math.max(paramChunks.length, tagChunks.length); i += 1) {
    const p = paramChunks[i] ?? [];
    const t = tagChunks[i] ?? [];
    const room = Math.max(0, Math.min(MAX_METRICS_PER_BATCH, MAX_ENTITIES_PER_BATCH - p.length - t.length));
    out.push({ metrics: metrics.slice(m, m + room), params: p, tags: t });
    m += room;
  }
  for (const rest of chunks(metrics.slice(m), MAX_METRICS_PER_BATCH)) out.push({ metrics: rest, params: [], tags: [] });
  return out;
}
