/** Registered models and model versions ⇄ MLflow's JSON. */
import type { ModelVersion, ModelVersionStage, ModelVersionStatus, RegisteredModel } from '../../../entities/registry.js';
import { arr, enumValue, int, obj, optStr, str, tagsToRecord } from './wire.js';

const STATUSES = ['PENDING_REGISTRATION', 'FAILED_REGISTRATION', 'READY'] as const;
const STATUS_NUMBERS: Record<number, ModelVersionStatus> = { 1: 'PENDING_REGISTRATION', 2: 'FAILED_REGISTRATION', 3: 'READY' };
const STAGES: readonly ModelVersionStage[] = ['None', 'Staging', 'Production', 'Archived'];

/** Stage names are case-insensitive on MLflow's side; we always give the canonical spelling. */
export function canonicalStage(value: unknown): ModelVersionStage {
  const text = str(value).toLowerCase();
  return STAGES.find((s) => s.toLowerCase() === text) ?? 'None';
}

export function decodeModelVersion(value: unknown): ModelVersion {
  const w = obj(value);
  const version: ModelVersion = {
    name: str(w.name),
    version: str(w.version),
    creationTimestamp: int(w.creation_timestamp),
    lastUpdatedTimestamp: int(w.last_updated_timestamp),
    currentStage: canonicalStage(w.current_stage),
    source: str(w.source),
    status: enumValue(w.status, STATUS_NUMBERS, STATUSES, 'READY'),
    tags: tagsToRecord(w.tags),
    aliases: Array.isArray(w.aliases) ? w.aliases.map((a) => str(a)) : [],
  };
  const optional = {
    description: optStr(w.description),
    runId: optStr(w.run_id),
    runLink: optStr(w.run_link),
    statusMessage: optStr(w.status_message),
    userId: optStr(w.user_id),
    modelId: optStr(w.model_id),
  };
  for (const [k, v] of Object.entries(optional)) if (v !== undefined) (version as unknown as Record<string, unknown>)[k] = v;
  return version;
}

export function decodeRegisteredModel(value: unknown): RegisteredModel {
  const w = obj(value);
  const aliases: Record<string, string> = {};
  for (const a of arr(w.aliases)) aliases[str(a.alias)] = str(a.version);
  const model: RegisteredModel = {
    name: str(w.name),
    creationTimestamp: int(w.creation_timestamp),
    lastUpdatedTimestamp: int(w.last_updated_timestamp),
    latestVersions: arr(w.latest_versions).map(decodeModelVersion),
    tags: tagsToRecord(w.tags),
    aliases,
  };
  const description = optStr(w.description);
  if (description !== undefined) model.description = description;
  return model;
}
