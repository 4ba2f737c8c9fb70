/**
 * `MlflowClient`: Python's `mlflow.MlflowClient`, camelCased, for Node. The store is picked from the
 * tracking URI (explicit option > `MLFLOW_TRACKING_URI` > `./mlruns`): `http(s)://` → `RestStore`,
 * `file:` or a path → `FileStore`; the registry from `registryUri` > `MLFLOW_REGISTRY_URI` > the
 * tracking URI. The methods are split by topic over a small chain of classes (base → tracking →
 * artifacts & logged models → registry) only to keep files short.
 *
 *   const client = new MlflowClient({ trackingUri: 'http://127.0.0.1:5000' });
 *   const expId = await client.createExperiment('demo');
 *   const run = await client.createRun(expId, { runName: 'first' });
 *   await client.logBatch(run.info.runId, { metrics: [{ key: 'loss', value: 0.1, step: 1 }], params: { lr: 0.01 } });
 *   await client.setTerminated(run.info.runId);
 */
import type { PagedList, SearchOptions } from '../entities/common.js';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '../entities/registry.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { validateAlias, validateKey, validateRunId } from '../validation.js';
import { MlflowArtifactClient } from './artifact-client.js';
import { stringifyValue, type LoggableValue } from './prepare-inputs.js';
import { logModel as logModelWith, type LogModelOptions, type LogModelResult } from '../models/log-model.js';
import { downloadModel as downloadModelWith, loadModelInfo as loadModelInfoWith, type DownloadModelOptions } from '../models/model-resolver.js';
import type { MLmodel } from '../models/mlmodel.js';

const REGISTRY_TAG_VALUE_LIMIT = 100_000;

function validateModelName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `Registered model name must be a non-empty string, got ${JSON.stringify(name)}.` });
  }
}

function registryTag(key: string, value: LoggableValue): string {
  validateKey('tag', key);
  const text = stringifyValue(value);
  if (text.length > REGISTRY_TAG_VALUE_LIMIT) {
    throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `Registry tag '${key}' has a value of ${text.length} characters; the limit is ${REGISTRY_TAG_VALUE_LIMIT}.` });
  }
  return text;
}

function registryTags(tags: Record<string, LoggableValue> | undefined): Record<string, string> | undefined {
  return tags === undefined ? undefined : Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, registryTag(k, v)]));
}

export class MlflowClient extends MlflowArtifactClient {
  // ---- registered models ----------------------------------------------------------------------

  async createRegisteredModel(name: string, options: { tags?: Record<string, LoggableValue>; description?: string } = {}): Promise<RegisteredModel> {
    validateModelName(name);
    const tags = registryTags(options.tags);
    return this.registryStore.createRegisteredModel(name, { ...(tags === undefined ? {} : { tags }), ...(options.description === undefined ? {} : { description: options.description }) });
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    validateModelName(name);
    return this.registryStore.getRegisteredModel(name);
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    validateModelName(name);
    validateModelName(newName);
    return this.registryStore.renameRegisteredModel(name, newName);
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    validateModelName(name);
    return this.registryStore.updateRegisteredModel(name, description);
  }

  /** Deletes the model and all its versions. */
  async deleteRegisteredModel(name: string): Promise<void> {
    validateModelName(name);
    await this.registryStore.deleteRegisteredModel(name);
  }

  async searchRegisteredModels(options: SearchOptions = {}): Promise<PagedList<RegisteredModel>> {
    return this.registryStore.searchRegisteredModels(options);
  }

  /** The latest version per stage (or of the given stages). Stages are deprecated by MLflow in favour of aliases. */
  async getLatestVersions(name: string, stages?: ModelVersionStage[]): Promise<ModelVersion[]> {
    validateModelName(name);
    return this.registryStore.getLatestVersions(name, stages);
  }

  async setRegisteredModelTag(name: string, key: string, value: LoggableValue): Promise<void> {
    validateModelName(name);
    await this.registryStore.setRegisteredModelTag(name, key, registryTag(key, value));
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    validateModelName(name);
    validateKey('tag', key);
    await this.registryStore.deleteRegisteredModelTag(name, key);
  }

  /** Points `alias` (e.g. `champion`) at a version, moving it if it already exists. */
  async setRegisteredModelAlias(name: string, alias: string, version: string | number): Promise<void> {
    validateModelName(name);
    validateAlias(alias);
    await this.registryStore.setRegisteredModelAlias(name, alias, String(version));
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    validateModelName(name);
    validateAlias(alias);
    await this.registryStore.deleteRegisteredModelAlias(name, alias);
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    validateModelName(name);
    validateAlias(alias);
    return this.registryStore.getModelVersionByAlias(name, alias);
  }

  // ---- model versions -------------------------------------------------------------------------

  /**
   * Registers a new version of `name` from `source` (`models:/m-…`, a run's artifact URI, …). Waits
   * up to `awaitCreationForMs` (default 300 s, 0 to not wait) while the version is PENDING_REGISTRATION.
   */
  async createModelVersion(
    name: string,
    source: string,
    options: { runId?: string; tags?: Record<string, LoggableValue>; runLink?: string; description?: string; modelId?: string; awaitCreationForMs?: number } = {},
  ): Promise<ModelVersion> {
    validateModelName(name);
    if (typeof source !== 'string' || source === '') throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: 'A model version needs a non-empty source URI.' });
    if (options.runId !== undefined) validateRunId(options.runId);
    const tags = registryTags(options.tags);
    let version = await this.registryStore.createModelVersion({
      name,
      source,
      ...(options.runId === undefined ? {} : { runId: options.runId }),
      ...(tags === undefined ? {} : { tags }),
      ...(options.runLink === undefined ? {} : { runLink: options.runLink }),
      ...(options.description === undefined ? {} : { description: options.description }),
      ...(options.modelId === undefined ? {} : { modelId: options.modelId }),
    });
    const deadline = Date.now() + (options.awaitCreationForMs ?? 300_000);
    while (version.status === 'PENDING_REGISTRATION' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 500));
      version = await this.registryStore.getModelVersion(name, version.version);
    }
    return version;
  }

  async getModelVersion(name: string, version: string | number): Promise<ModelVersion> {
    validateModelName(name);
    return this.registryStore.getModelVersion(name, String(version));
  }

  async updateModelVersion(name: string, version: string | number, description: string): Promise<ModelVersion> {
    validateModelName(name);
    return this.registryStore.updateModelVersion(name, String(version), description);
  }

  /** Deprecated by MLflow in favour of aliases. */
  async transitionModelVersionStage(name: string, version: string | number, stage: ModelVersionStage, archiveExistingVersions = false): Promise<ModelVersion> {
    validateModelName(name);
    return this.registryStore.transitionModelVersionStage(name, String(version), stage, archiveExistingVersions);
  }

  async deleteModelVersion(name: string, version: string | number): Promise<void> {
    validateModelName(name);
    await this.registryStore.deleteModelVersion(name, String(version));
  }

  async searchModelVersions(options: SearchOptions = {}): Promise<PagedList<ModelVersion>> {
    return this.registryStore.searchModelVersions(options);
  }

  /** Where the version's files are (an artifact URI). */
  async getModelVersionDownloadUri(name: string, version: string | number): Promise<string> {
    validateModelName(name);
    return this.registryStore.getModelVersionDownloadUri(name, String(version));
  }

  async setModelVersionTag(name: string, version: string | number, key: string, value: LoggableValue): Promise<void> {
    validateModelName(name);
    await this.registryStore.setModelVersionTag(name, String(version), key, registryTag(key, value));
  }

  async deleteModelVersionTag(name: string, version: string | number, key: string): Promise<void> {
    validateModelName(name);
    validateKey('tag', key);
    await this.registryStore.deleteModelVersionTag(name, String(version), key);
  }

  // ---- models (src/models: one-line delegations) ------------------------------------------------

  /** Logs a model folder as an MLflow 3 logged model (see `logModel` in models/log-model.ts). */
  logModel(options: LogModelOptions): Promise<LogModelResult> {
    return logModelWith(this, options);
  }

  /** Downloads the model behind any model URI (`models:/name@alias`, `models:/m-…`, `runs:/…`); returns its local path. */
  downloadModel(uri: string, dstDir?: string, options?: DownloadModelOptions): Promise<string> {
    return downloadModelWith(this, uri, dstDir, options);
  }

  /** The MLmodel of any model URI. */
  loadModelInfo(uri: string): Promise<MLmodel> {
    return loadModelInfoWith(this, uri);
  }
}
