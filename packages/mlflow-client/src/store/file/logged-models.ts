/**
 * MLflow 3 logged models in the file store: `<experiment>/models/<m-…>/` with `meta.yaml`
 * (status as the integer MLflow writes: 1 PENDING, 2 READY, 3 FAILED), `params/`, `tags/`,
 * `metrics/` (lines carry the run id) and `artifacts/`. Deleting is soft (`lifecycle_stage`).
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { PagedList } from '../../entities/common.js';
import type { LoggedModel, LoggedModelStatus } from '../../entities/logged-model.js';
import type { Metric } from '../../entities/tracking.js';
import type { CreateLoggedModelOptions, SearchLoggedModelsOptions } from '../../store/tracking-store.js';
import { validateExperimentId, validateKey, validateLoggedModelName } from '../../validation.js';
import { type FileContext, invalidParam, invalidState, notFound, num, str } from './context.js';
import type { Experiments } from './experiments.js';
import { asKey, isErrno, listKeyFiles, listSubdirs, readKeyValues, readTextIfExists, writeAtomic, writeMeta } from './fs-ops.js';
import { newModelId, randomName } from './ids.js';
import { appendToUri, keyPath, validateModelId } from './layout.js';
import { latestOf, parseModelMetricFile } from './metric-lines.js';
import { normaliseParam } from './run-data.js';
import { checkMaxResults, compileFilter, matchesAll, paginate, sortBy, type SearchDomain, type SortKey } from './search-eval.js';
import type { YamlValue } from './yaml-meta.js';

const STATUS_TO_INT: Record<LoggedModelStatus, number> = { LOGGED_MODEL_PENDING: 1, LOGGED_MODEL_READY: 2, LOGGED_MODEL_UPLOAD_FAILED: 3 };
const SHORT_STATUS: Record<LoggedModelStatus, string> = { LOGGED_MODEL_PENDING: 'PENDING', LOGGED_MODEL_READY: 'READY', LOGGED_MODEL_UPLOAD_FAILED: 'FAILED' };

export const MODEL_VERSIONS_TAG = 'mlflow.modelVersions';

const MODEL_DOMAIN: SearchDomain = {
  what: 'logged models',
  entities: ['metric', 'param', 'tag'],
  stringAttributes: ['name', 'model_id', 'model_type', 'status', 'source_run_id'],
  numericAttributes: ['creation_timestamp', 'last_updated_timestamp'],
  listAttributes: ['name', 'model_id', 'model_type', 'status', 'source_run_id'],
  aliases: { creation_time: 'creation_timestamp', last_updated_time: 'last_updated_timestamp' },
  tagOps: ['=', '!=', 'LIKE', 'ILIKE'],
  paramOps: ['=', '!=', 'LIKE', 'ILIKE'],
};

function statusOf(value: YamlValue | undefined): LoggedModelStatus {
  if (value === 1 || value === 'PENDING' || value === 'LOGGED_MODEL_PENDING') return 'LOGGED_MODEL_PENDING';
  if (value === 3 || value === 'FAILED' || value === 'LOGGED_MODEL_UPLOAD_FAILED') return 'LOGGED_MODEL_UPLOAD_FAILED';
  if (value === 2 || value === 'READY' || value === 'LOGGED_MODEL_READY') return 'LOGGED_MODEL_READY';
  return 'LOGGED_MODEL_PENDING';
}

/** Accepts the wire names (`LOGGED_MODEL_READY`), Python's (`READY`) or the integers. */
export function parseModelStatus(status: unknown): LoggedModelStatus {
  const map: Record<string, LoggedModelStatus> = {
    LOGGED_MODEL_PENDING: 'LOGGED_MODEL_PENDING', PENDING: 'LOGGED_MODEL_PENDING', '1': 'LOGGED_MODEL_PENDING',
    LOGGED_MODEL_READY: 'LOGGED_MODEL_READY', READY: 'LOGGED_MODEL_READY', '2': 'LOGGED_MODEL_READY',
    LOGGED_MODEL_UPLOAD_FAILED: 'LOGGED_MODEL_UPLOAD_FAILED', FAILED: 'LOGGED_MODEL_UPLOAD_FAILED', '3': 'LOGGED_MODEL_UPLOAD_FAILED',
  };
  const parsed = map[String(status)];
  if (parsed === undefined) throw invalidParam(`Unknown model status: ${String(status)}`);
  return parsed;
}

interface StoredModel {
  model: LoggedModel;
  meta: Record<string, YamlValue>;
  deleted: boolean;
}

function modelMeta(m: LoggedModel, lifecycleStage: string): { [key: string]: YamlValue } {
  return {
    artifact_location: m.artifactUri,
    creation_timestamp: m.creationTimestamp,
    experiment_id: m.experimentId,
    last_updated_timestamp: m.lastUpdatedTimestamp,
    lifecycle_stage: lifecycleStage,
    model_id: m.modelId,
    model_type: m.modelType ?? null,
    name: m.name,
    source_run_id: m.sourceRunId ?? null,
    status: STATUS_TO_INT[m.status],
    status_message: m.statusMessage ?? null,
  };
}

async function readModelMetrics(dir: string, modelId: string): Promise<Metric[]> {
  const metricsDir = join(dir, 'metrics');
  const keys = await listKeyFiles(metricsDir);
  const out: Metric[] = [];
  for (const key of keys) {
    const text = await readTextIfExists(keyPath(metricsDir, key));
    const groups = new Map<string, Metric[]>();
    for (const point of parseModelMetricFile(key, text ?? '', modelId)) {
      const group = `${point.datasetName ?? ''}\0${point.datasetDigest ?? ''}`;
      groups.set(group, [...(groups.get(group) ?? []), point]);
    }
    for (const points of groups.values()) out.push(latestOf(points)!);
  }
  return out;
}

function registrationsOf(tags: Record<string, string>): Array<{ name: string; version: string }> {
  const raw = tags[MODEL_VERSIONS_TAG];
  if (raw === undefined) return [];
  try {
    const list = JSON.parse(raw) as Array<{ name?: unknown; version?: unknown }>;
    return Array.isArray(list) ? list.map((r) => ({ name: String(r.name), version: String(r.version) })) : [];
  } catch {
    return [];
  }
}

export class LoggedModels {
  constructor(
    private readonly ctx: FileContext,
    private readonly experiments: Experiments,
  ) {}

  private async readDir(dir: string, experimentId: string): Promise<StoredModel | undefined> {
    const meta = await this.ctx.readMeta(dir);
    if (meta === undefined || str(meta.experiment_id) !== experimentId) return undefined;
    const modelId = str(meta.model_id) ?? '';
    const [tags, params, metrics] = await Promise.all([readKeyValues(join(dir, 'tags')), readKeyValues(join(dir, 'params')), readModelMetrics(dir, modelId)]);
    const model: LoggedModel = {
      modelId,
      experimentId,
      name: str(meta.name) ?? '',
      artifactUri: str(meta.artifact_location) ?? '',
      status: statusOf(meta.status),
      creationTimestamp: num(meta.creation_timestamp) ?? 0,
      lastUpdatedTimestamp: num(meta.last_updated_timestamp) ?? 0,
      tags,
      params,
      metrics,
      registrations: registrationsOf(tags),
    };
    const statusMessage = str(meta.status_message);
    const modelType = str(meta.model_type);
    const sourceRunId = str(meta.source_run_id);
    if (statusMessage !== undefined) model.statusMessage = statusMessage;
    if (modelType !== undefined) model.modelType = modelType;
    if (sourceRunId !== undefined) model.sourceRunId = sourceRunId;
    return { model, meta, deleted: meta.lifecycle_stage === 'deleted' };
  }

  private async load(modelId: string, allowDeleted = false): Promise<StoredModel & { dir: string }> {
    await this.ctx.ready();
    validateModelId(modelId);
    const location = await this.ctx.modelLocation(modelId);
    const stored = location === undefined ? undefined : await this.readDir(location.dir, location.experimentId);
    if (location === undefined || stored === undefined || (stored.deleted && !allowDeleted)) throw notFound(`Model '${modelId}' not found`);
    if (stored.model.modelId !== modelId) throw invalidState(`Model '${modelId}' metadata is in invalid state.`);
    return { ...stored, dir: location.dir };
  }

  async get(modelId: string, options: { allowDeleted?: boolean } = {}): Promise<LoggedModel> {
    return (await this.load(modelId, options.allowDeleted ?? false)).model;
  }

  async create(options: CreateLoggedModelOptions): Promise<LoggedModel> {
    await this.ctx.ready();
    validateExperimentId(options.experimentId);
    if (options.name !== undefined) validateLoggedModelName(options.name);
    const experiment = await this.experiments.get(options.experimentId).catch(() => {
      throw notFound(`Could not create model under experiment with ID ${options.experimentId} - no such experiment exists.`);
    });
    if (experiment.lifecycleStage !== 'active') throw invalidState(`Could not create model under non-active experiment with ID ${options.experimentId}.`);
    const params = Object.entries(options.params ?? {}).map(([key, value]) => normaliseParam({ key, value }));
    const tags = Object.entries(options.tags ?? {});
    for (const [key] of tags) validateKey('tag', key);
    const location = (await this.ctx.experimentLocation(options.experimentId, 'ACTIVE_ONLY'))!;
    const modelId = newModelId();
    const dir = join(location.dir, 'models', modelId);
    await fsp.mkdir(join(location.dir, 'models'), { recursive: true });
    await fsp.mkdir(dir);
    await Promise.all(['metrics', 'params', 'tags'].map((d) => fsp.mkdir(join(dir, d))));
    for (const p of params) await writeAtomic(keyPath(join(dir, 'params'), p.key), p.value, dir);
    for (const [key, value] of tags) await writeAtomic(keyPath(join(dir, 'tags'), key), String(value ?? ''), dir);
    const now = Date.now();
    const model: LoggedModel = {
      modelId,
      experimentId: options.experimentId,
      name: options.name ?? randomName(),
      artifactUri: appendToUri(experiment.artifactLocation, 'models', modelId, 'artifacts'),
      status: 'LOGGED_MODEL_PENDING',
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      tags: {},
      params: {},
      metrics: [],
      registrations: [],
    };
    if (options.modelType !== undefined) model.modelType = options.modelType;
    if (options.sourceRunId !== undefined) model.sourceRunId = options.sourceRunId;
    await writeMeta(dir, modelMeta(model, 'active'));
    return this.get(modelId);
  }

  private async rewrite(modelId: string, change: (m: LoggedModel) => LoggedModel, stage?: string): Promise<LoggedModel> {
    const { dir } = await this.load(modelId);
    await this.ctx.withEntityLock(dir, async () => {
      const current = await this.load(modelId);
      const next = change({ ...current.model, lastUpdatedTimestamp: Date.now() });
      await writeMeta(dir, modelMeta(next, stage ?? str(current.meta.lifecycle_stage) ?? 'active'));
    });
    return this.load(modelId, true).then((s) => s.model);
  }

  async finalize(modelId: string, status: LoggedModelStatus): Promise<LoggedModel> {
    const parsed = parseModelStatus(status);
    return this.rewrite(modelId, (m) => ({ ...m, status: parsed }));
  }

  async delete(modelId: string): Promise<void> {
    await this.rewrite(modelId, (m) => m, 'deleted');
  }

  async setTags(modelId: string, tags: Record<string, string>): Promise<void> {
    const entries = Object.entries(tags);
    for (const [key] of entries) validateKey('tag', key);
    const { dir } = await this.load(modelId);
    for (const [key, value] of entries) await asKey('tag', key, () => writeAtomic(keyPath(join(dir, 'tags'), key), String(value ?? ''), dir));
  }

  async deleteTag(modelId: string, key: string): Promise<void> {
    validateKey('tag', key);
    const { dir } = await this.load(modelId);
    try {
      await fsp.unlink(keyPath(join(dir, 'tags'), key));
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'EISDIR', 'ENOTDIR', 'EPERM')) throw notFound(`No tag with key '${key}' found for model with ID '${modelId}'.`);
      throw error;
    }
  }

  async logParams(modelId: string, params: Record<string, string>): Promise<void> {
    const entries = Object.entries(params).map(([key, value]) => normaliseParam({ key, value }));
    const { dir } = await this.load(modelId);
    for (const p of entries) await asKey('param', p.key, () => writeAtomic(keyPath(join(dir, 'params'), p.key), p.value, dir));
  }

  /** Records a registered version on the model (`mlflow.modelVersions`), as the server does. */
  async addRegistration(modelId: string, name: string, version: number): Promise<void> {
    const { dir } = await this.load(modelId);
    await this.ctx.withEntityLock(dir, async () => {
      const current = (await this.load(modelId)).model.tags[MODEL_VERSIONS_TAG];
      let list: Array<{ name: string; version: number | string }> = [];
      try {
        list = current === undefined ? [] : (JSON.parse(current) as typeof list);
      } catch {
        list = [];
      }
      if (!list.some((r) => r.name === name && String(r.version) === String(version))) list.push({ name, version });
      const json = `[${list.map((r) => `{"name": ${JSON.stringify(r.name)}, "version": ${JSON.stringify(r.version)}}`).join(', ')}]`;
      await writeAtomic(keyPath(join(dir, 'tags'), MODEL_VERSIONS_TAG), json, dir);
    });
  }

  async search(options: SearchLoggedModelsOptions): Promise<PagedList<LoggedModel>> {
    await this.ctx.ready();
    const maxResults = checkMaxResults(options.maxResults, 100, 1_000_000);
    const datasets = options.datasets ?? [];
    if (datasets.some((d) => !d.datasetName)) throw invalidParam('`dataset_name` in the `datasets` clause must be specified.');
    const clauses = compileFilter(MODEL_DOMAIN, options.filter).map((c) => {
      // `status = 'LOGGED_MODEL_READY'` and Python's `status = 'READY'` both work.
      if (c.entity !== 'attribute' || c.key !== 'status') return c;
      const short = (v: string): string => (v in SHORT_STATUS ? SHORT_STATUS[v as LoggedModelStatus] : v);
      return { ...c, value: Array.isArray(c.value) ? c.value.map(short) : typeof c.value === 'string' ? short(c.value) : c.value };
    });
    const onDataset = (m: Metric): boolean =>
      datasets.length === 0 || datasets.some((d) => m.datasetName === d.datasetName && (d.datasetDigest === undefined || d.datasetDigest === m.datasetDigest));
    let models: LoggedModel[] = [];
    for (const experimentId of new Set(options.experimentIds ?? [])) {
      const location = await this.ctx.experimentLocation(experimentId);
      if (location === undefined) continue;
      const ids = await listSubdirs(join(location.dir, 'models'));
      const read = await Promise.all(ids.map((id) => this.readDir(join(location.dir, 'models', id), experimentId).catch(() => undefined)));
      models.push(...read.filter((s): s is StoredModel => s !== undefined && !s.deleted).map((s) => s.model));
    }
    if (datasets.length > 0 && !clauses.some((c) => c.entity === 'metric')) models = models.filter((m) => m.metrics.some(onDataset));
    models = models.filter((m) =>
      matchesAll(clauses, (entity, key) => {
        if (entity === 'metric') return m.metrics.find((x) => x.key === key && onDataset(x))?.value;
        if (entity === 'param') return m.params[key];
        if (entity === 'tag') return m.tags[key];
        return modelAttribute(m, key);
      }),
    );
    const keys: SortKey<LoggedModel>[] = [];
    for (const o of options.orderBy ?? []) {
      const field = o.fieldName.trim();
      const ascending = o.ascending ?? true;
      if (field.includes('.')) {
        const [entity, metricKey] = [field.slice(0, field.indexOf('.')), field.slice(field.indexOf('.') + 1)];
        if (entity !== 'metrics') throw invalidParam(`Invalid order by field name: ${entity}, only \`metrics.<name>\` is allowed.`);
        keys.push({
          ascending,
          get: (m) =>
            m.metrics
              .filter((x) => x.key === metricKey && (!o.datasetName || x.datasetName === o.datasetName) && (!o.datasetDigest || x.datasetDigest === o.datasetDigest))
              .sort((a, b) => b.timestamp - a.timestamp)[0]?.value,
        });
      } else {
        const key = MODEL_DOMAIN.aliases![field] ?? field;
        if (![...MODEL_DOMAIN.stringAttributes, ...MODEL_DOMAIN.numericAttributes].includes(key)) throw invalidParam(`Invalid order by field name: ${field}.`);
        keys.push({ ascending, get: (m) => modelAttribute(m, key) });
      }
    }
    keys.push({ ascending: false, get: (m) => m.creationTimestamp }, { ascending: true, get: (m) => m.modelId });
    return paginate(sortBy(models, keys), options.pageToken, maxResults);
  }
}

function modelAttribute(m: LoggedModel, key: string): string | number | undefined {
  switch (key) {
    case 'name':
      return m.name;
    case 'model_id':
      return m.modelId;
    case 'model_type':
      return m.modelType;
    case 'status':
      return SHORT_STATUS[m.status];
    case 'source_run_id':
      return m.sourceRunId;
    case 'creation_timestamp':
      return m.creationTimestamp;
    case 'last_updated_timestamp':
      return m.lastUpdatedTimestamp;
    default:
      return undefined;
  }
}
