/**
 * Artifacts of runs and MLflow 3 logged models: the part of `MlflowClient` that moves files, plus
 * the logged-model methods. Artifact paths are checked (no `..`, no absolute paths) before any request.
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dictText, withTextFile } from '../artifacts/text-artifact.js';
import type { FileInfo, PagedList } from '../entities/common.js';
import type { LoggedModel, LoggedModelOrderBy, LoggedModelStatus } from '../entities/logged-model.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { normalizeArtifactPath } from '../uri/artifact-path.js';
import { validateExperimentId, validateKey, validateLoggedModelName } from '../validation.js';
import { prepareParam, prepareTag, type LoggableValue } from './prepare-inputs.js';
import { MlflowTrackingClient } from './tracking-client.js';

function validateModelId(modelId: string): void {
  if (typeof modelId !== 'string' || !/^[\w-]{1,256}$/.test(modelId)) {
    throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `Invalid logged model ID: ${JSON.stringify(modelId)}.` });
  }
}

function stringRecord(kind: 'param' | 'tag', values: Record<string, LoggableValue> | undefined): Record<string, string> | undefined {
  if (values === undefined) return undefined;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) {
    const prepared = kind === 'param' ? prepareParam(k, v) : prepareTag(k, v);
    out[prepared.key] = prepared.value;
  }
  return out;
}

export class MlflowArtifactClient extends MlflowTrackingClient {
  // ---- run artifacts ----------------------------------------------------------------------

  /** Uploads a local file to `<artifactPath>/<file name>` of the run's artifacts. */
  async logArtifact(runId: string, localPath: string, artifactPath?: string): Promise<void> {
    normalizeArtifactPath(artifactPath);
    await (await this.runArtifactRepository(runId)).logArtifact(localPath, artifactPath);
  }

  /** Uploads a local folder's contents, recursively, under `artifactPath` (or the root). */
  async logArtifacts(runId: string, localDir: string, artifactPath?: string): Promise<void> {
    normalizeArtifactPath(artifactPath);
    await (await this.runArtifactRepository(runId)).logArtifacts(localDir, artifactPath);
  }

  /** Writes `text` to the artifact file `artifactFile` (e.g. `notes/readme.md`). */
  async logText(runId: string, text: string, artifactFile: string): Promise<void> {
    await withTextFile(text, artifactFile, (local, parent) => this.logArtifact(runId, local, parent));
  }

  /** Writes `value` as JSON (indented) to the artifact file `artifactFile`. */
  async logDict(runId: string, value: unknown, artifactFile: string): Promise<void> {
    await this.logText(runId, dictText(value), artifactFile);
  }

  /** Direct children of `path` (the root when omitted), paths relative to the run's artifact root. */
  async listArtifacts(runId: string, path?: string): Promise<FileInfo[]> {
    normalizeArtifactPath(path);
    return (await this.runArtifactRepository(runId)).listArtifacts(path);
  }

  /** Downloads a file or folder of the run's artifacts into `dstDir` (a new temp folder when omitted); returns its local path. */
  async downloadArtifacts(runId: string, path: string, dstDir?: string): Promise<string> {
    normalizeArtifactPath(path);
    const target = dstDir ?? (await mkdtemp(join(tmpdir(), 'mlflow-artifacts-')));
    return (await this.runArtifactRepository(runId)).downloadArtifacts(path, target);
  }

  // ---- logged models (MLflow 3) -------------------------------------------------------------

  /** Creates a logged model in PENDING state; upload its files, then `finalizeLoggedModel`. */
  async createLoggedModel(
    experimentId: string,
    options: { name?: string; sourceRunId?: string; modelType?: string; params?: Record<string, LoggableValue>; tags?: Record<string, LoggableValue> } = {},
  ): Promise<LoggedModel> {
    validateExperimentId(experimentId);
    if (options.name !== undefined) validateLoggedModelName(options.name);
    const params = stringRecord('param', options.params);
    const tags = stringRecord('tag', options.tags);
    return this.trackingStore.createLoggedModel({
      experimentId,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.sourceRunId === undefined ? {} : { sourceRunId: options.sourceRunId }),
      ...(options.modelType === undefined ? {} : { modelType: options.modelType }),
      ...(params === undefined ? {} : { params }),
      ...(tags === undefined ? {} : { tags }),
    });
  }

  async getLoggedModel(modelId: string, options: { allowDeleted?: boolean } = {}): Promise<LoggedModel> {
    validateModelId(modelId);
    return this.trackingStore.getLoggedModel(modelId, options);
  }

  /** Marks a logged model `LOGGED_MODEL_READY` (default) or `LOGGED_MODEL_UPLOAD_FAILED`. */
  async finalizeLoggedModel(modelId: string, status: LoggedModelStatus = 'LOGGED_MODEL_READY'): Promise<LoggedModel> {
    validateModelId(modelId);
    return this.trackingStore.finalizeLoggedModel(modelId, status);
  }

  async deleteLoggedModel(modelId: string): Promise<void> {
    validateModelId(modelId);
    await this.trackingStore.deleteLoggedModel(modelId);
  }

  async setLoggedModelTags(modelId: string, tags: Record<string, LoggableValue>): Promise<void> {
    validateModelId(modelId);
    await this.trackingStore.setLoggedModelTags(modelId, stringRecord('tag', tags) ?? {});
  }

  async deleteLoggedModelTag(modelId: string, key: string): Promise<void> {
    validateModelId(modelId);
    validateKey('tag', key);
    await this.trackingStore.deleteLoggedModelTag(modelId, key);
  }

  /** Python's `log_model_params`. */
  async logModelParams(modelId: string, params: Record<string, LoggableValue>): Promise<void> {
    validateModelId(modelId);
    await this.trackingStore.logLoggedModelParams(modelId, stringRecord('param', params) ?? {});
  }

  /** One page of logged models of these experiments. */
  async searchLoggedModels(
    experimentIds: string | string[],
    options: { filter?: string; datasets?: Array<{ datasetName: string; datasetDigest?: string }>; maxResults?: number; orderBy?: LoggedModelOrderBy[]; pageToken?: string } = {},
  ): Promise<PagedList<LoggedModel>> {
    const ids = Array.isArray(experimentIds) ? experimentIds : [experimentIds];
    ids.forEach((id) => validateExperimentId(id));
    return this.trackingStore.searchLoggedModels({ ...options, experimentIds: ids });
  }

  /** Uploads one file to the logged model's artifacts (`artifactPath` is relative to its root). */
  async logModelArtifact(modelId: string, localPath: string, artifactPath?: string): Promise<void> {
    normalizeArtifactPath(artifactPath);
    const model = await this.getLoggedModel(modelId);
    await this.artifactRepository(model.artifactUri).logArtifact(localPath, artifactPath);
  }

  /** Uploads a folder's contents to the logged model's artifacts (e.g. the model directory with its MLmodel). */
  async logModelArtifacts(modelId: string, localDir: string, artifactPath?: string): Promise<void> {
    normalizeArtifactPath(artifactPath);
    const model = await this.getLoggedModel(modelId);
    await this.artifactRepository(model.artifactUri).logArtifacts(localDir, artifactPath);
  }

  async listLoggedModelArtifacts(modelId: string, path?: string): Promise<FileInfo[]> {
    normalizeArtifactPath(path);
    const model = await this.getLoggedModel(modelId);
    return this.artifactRepository(model.artifactUri).listArtifacts(path);
  }
}
