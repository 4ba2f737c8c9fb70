/**
 * A run's params, tags and metrics: one file per param/tag key (no trailing newline,
 * `a/b` → `a/` + `b`), append-only metric files. Params are immutable: the first value is
 * published with an atomic exclusive create, so two processes racing on a key cannot both win.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { Metric, Param, RunTag } from '../../entities/tracking.js';
import { getLogger } from '../../logger.js';
import {
  MAX_PARAM_VALUE_LENGTH,
  MAX_RUN_TAG_VALUE_LENGTH,
  checkValueLength,
  validateBatchSize,
  validateKey,
  validateMetricValue,
} from '../../validation.js';
import { type FileContext, invalidParam, notFound } from './context.js';
import { appendLines, asKey, createExclusive, isErrno, keyClash, listKeyFiles, readKeyValues, readTextIfExists, writeAtomic } from './fs-ops.js';
import { keyPath, validateModelId } from './layout.js';
import { latestOf, modelMetricLine, parseRunMetricFile, runMetricLine, validateMetricDataset } from './metric-lines.js';

const log = getLogger('mlflow-client.file-store');
const RUN_NAME_TAG = 'mlflow.runName';

function isValidKey(kind: 'metric' | 'param' | 'tag') {
  return (key: string): boolean => {
    try {
      validateKey(kind, key);
      return true;
    } catch {
      log.debug(`ignoring the ${kind} file '${key}': not a valid MLflow key`);
      return false;
    }
  };
}

export function readParams(runDir: string): Promise<Record<string, string>> {
  return readKeyValues(join(runDir, 'params'), isValidKey('param'));
}

export function readTags(runDir: string): Promise<Record<string, string>> {
  return readKeyValues(join(runDir, 'tags'), isValidKey('tag'));
}

/** The latest point of every metric of a run. */
export async function readLatestMetrics(runDir: string, runId: string, experimentId: string): Promise<Metric[]> {
  const dir = join(runDir, 'metrics');
  const keys = (await listKeyFiles(dir)).filter(isValidKey('metric'));
  const texts = await Promise.all(keys.map((key) => readTextIfExists(keyPath(dir, key))));
  const out: Metric[] = [];
  keys.forEach((key, i) => {
    const latest = latestOf(parseRunMetricFile(key, texts[i] ?? '', runId, experimentId));
    if (latest !== undefined) out.push(latest);
  });
  return out;
}

export async function readMetricHistory(runDir: string, runId: string, experimentId: string, key: string): Promise<Metric[]> {
  validateKey('metric', key);
  const text = await readTextIfExists(keyPath(join(runDir, 'metrics'), key));
  return text === undefined ? [] : parseRunMetricFile(key, text, runId, experimentId);
}

export function normaliseParam(param: Param): Param {
  validateKey('param', param.key);
  const raw = param.value == null ? '' : String(param.value);
  const { value, truncated } = checkValueLength('param', param.key, raw, MAX_PARAM_VALUE_LENGTH);
  if (truncated) log.warn(`Param '${param.key}' was truncated to ${MAX_PARAM_VALUE_LENGTH} characters.`);
  return { key: param.key, value };
}

export function normaliseTag(tag: RunTag): RunTag {
  validateKey('tag', tag.key);
  const raw = tag.value == null ? '' : String(tag.value);
  const { value, truncated } = checkValueLength('tag', tag.key, raw, MAX_RUN_TAG_VALUE_LENGTH);
  if (truncated) log.warn(`Tag '${tag.key}' was truncated to ${MAX_RUN_TAG_VALUE_LENGTH} characters.`);
  return { key: tag.key, value };
}

export function normaliseMetric(metric: Metric): Metric {
  validateKey('metric', metric.key);
  const step = metric.step ?? 0;
  validateMetricValue(metric.key, metric.value, metric.timestamp, step);
  validateMetricDataset(metric);
  if (metric.modelId != null && metric.modelId !== '') validateModelId(metric.modelId);
  return { ...metric, step };
}

/** Logs a param: same value again is a no-op, a different one is rejected (MLflow's wording). */
export async function writeParam(runDir: string, runId: string, param: Param): Promise<void> {
  const path = keyPath(join(runDir, 'params'), param.key);
  if (await asKey('param', param.key, () => createExclusive(path, param.value, runDir))) return;
  const current = await readTextIfExists(path);
  if (current === undefined) throw keyClash('param', param.key);
  if (current !== param.value) {
    throw invalidParam(
      `Changing param values is not allowed. Param with key='${param.key}' was already logged with value='${current ?? ''}' for run ID='${runId}'. Attempted logging new value '${param.value}'.`,
    );
  }
}

export async function writeTag(runDir: string, tag: RunTag): Promise<void> {
  await asKey('tag', tag.key, () => writeAtomic(keyPath(join(runDir, 'tags'), tag.key), tag.value, runDir));
}

export async function removeTag(runDir: string, runId: string, key: string): Promise<void> {
  validateKey('tag', key);
  try {
    await fsp.unlink(keyPath(join(runDir, 'tags'), key));
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'EISDIR', 'ENOTDIR', 'EPERM')) throw notFound(`No tag with name: ${key} in run with id ${runId}`);
    throw error;
  }
}

/**
 * Appends metric points: one `O_APPEND` write per key (points of a key keep their order); points
 * linked to a logged model are also appended under the model (`<model>/metrics/<key>`).
 */
export async function appendMetrics(
  ctx: FileContext,
  runDir: string,
  runId: string,
  metrics: Metric[],
): Promise<void> {
  const byKey = new Map<string, string>();
  const byModelKey = new Map<string, { modelId: string; key: string; text: string }>();
  for (const m of metrics) {
    byKey.set(m.key, (byKey.get(m.key) ?? '') + runMetricLine(m));
    if (m.modelId != null && m.modelId !== '') {
      const id = `${m.modelId}\0${m.key}`;
      const entry = byModelKey.get(id) ?? { modelId: m.modelId, key: m.key, text: '' };
      entry.text += modelMetricLine(m, runId);
      byModelKey.set(id, entry);
    }
  }
  const modelDirs = new Map<string, string>();
  for (const { modelId } of byModelKey.values()) {
    if (modelDirs.has(modelId)) continue;
    const location = await ctx.modelLocation(modelId);
    if (location === undefined) throw notFound(`Model '${modelId}' not found`);
    modelDirs.set(modelId, location.dir);
  }
  const metricsDir = join(runDir, 'metrics');
  await Promise.all([...byKey].map(([key, text]) => asKey('metric', key, () => appendLines(keyPath(metricsDir, key), text, metricsDir))));
  await Promise.all(
    [...byModelKey.values()].map(({ modelId, key, text }) => {
      const dir = join(modelDirs.get(modelId)!, 'metrics');
      return asKey('metric', key, () => appendLines(keyPath(dir, key), text, modelDirs.get(modelId)!));
    }),
  );
}

export interface PreparedBatch {
  metrics: Metric[];
  params: Param[];
  tags: RunTag[];
}

/** Validates a log-batch like MLflow: limits, keys, values, no duplicate param keys. */
export function prepareBatch(batch: { metrics?: Metric[]; params?: Param[]; tags?: RunTag[] }): PreparedBatch {
  const metrics = batch.metrics ?? [];
  const params = batch.params ?? [];
  const tags = batch.tags ?? [];
  validateBatchSize(metrics.length, params.length, tags.length);
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const p of params) {
    if (seen.has(p.key)) dupes.add(p.key);
    seen.add(p.key);
  }
  if (dupes.size > 0) {
    throw invalidParam(
      `Duplicate parameter keys have been submitted: ${JSON.stringify([...dupes])}. Please ensure the request contains only one param value per param key.`,
    );
  }
  return { metrics: metrics.map(normaliseMetric), params: params.map(normaliseParam), tags: tags.map(normaliseTag) };
}

export { RUN_NAME_TAG };
