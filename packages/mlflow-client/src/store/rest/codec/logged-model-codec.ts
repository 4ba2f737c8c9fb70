/** MLflow 3 logged models ⇄ MLflow's JSON. */
import type { LoggedModel, LoggedModelStatus } from '../../../entities/logged-model.js';
import { decodeMetric } from './tracking-codec.js';
import { arr, enumValue, int, obj, optStr, str, tagsToRecord } from './wire.js';

const STATUSES = ['LOGGED_MODEL_PENDING', 'LOGGED_MODEL_READY', 'LOGGED_MODEL_UPLOAD_FAILED'] as const;
const STATUS_NUMBERS: Record<number, LoggedModelStatus> = { 1: 'LOGGED_MODEL_PENDING', 2: 'LOGGED_MODEL_READY', 3: 'LOGGED_MODEL_UPLOAD_FAILED' };

export function decodeLoggedModelStatus(value: unknown): LoggedModelStatus {
  return enumValue(value, STATUS_NUMBERS, STATUSES, 'LOGGED_MODEL_PENDING');
}

export function decodeLoggedModel(value: unknown): LoggedModel {
  const w = obj(value);
  const info = obj(w.info);
  const data = obj(w.data);
  const model: LoggedModel = {
    modelId: str(info.model_id),
    experimentId: str(info.experiment_id),
    name: str(info.name),
    artifactUri: str(info.artifact_uri),
    status: decodeLoggedModelStatus(info.status),
    creationTimestamp: int(info.creation_timestamp_ms),
    lastUpdatedTimestamp: int(info.last_updated_timestamp_ms),
    tags: tagsToRecord(info.tags),
    params: tagsToRecord(data.params),
    metrics: arr(data.metrics).map(decodeMetric),
    registrations: arr(info.registrations).map((r) => ({ name: str(r.name), version: str(r.version) })),
  };
  if (model.registrations.length === 0) model.registrations = registrationsFromTag(model.tags['mlflow.modelVersions']);
  const statusMessage = optStr(info.status_message);
  const modelType = optStr(info.model_type);
  const sourceRunId = optStr(info.source_run_id);
  if (statusMessage !== undefined) model.statusMessage = statusMessage;
  if (modelType !== undefined) model.modelType = modelType;
  if (sourceRunId !== undefined) model.sourceRunId = sourceRunId;
  return model;
}

/** Servers that do not send `registrations` keep them in the `mlflow.modelVersions` tag (a JSON list). */
function registrationsFromTag(tag: string | undefined): Array<{ name: string; version: string }> {
  if (tag === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(tag);
    return Array.isArray(parsed) ? parsed.map((r) => obj(r)).map((r) => ({ name: str(r.name), version: str(r.version) })) : [];
  } catch {
    return [];
  }
}
