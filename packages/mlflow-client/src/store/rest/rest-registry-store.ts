/**
 * The registry part of `RestStore`: registered models, aliases and model versions, over MLflow's
 * REST API (`/api/2.0/mlflow/registered-models/...`, `/model-versions/...`). It sends through the
 * `MlflowHttpApi` it is given and owns no transport.
 */
import type { PagedList, SearchOptions } from '../../entities/common.js';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '../../entities/registry.js';
import type { CreateModelVersionOptions, RegistryStore } from '../registry-store.js';
import { decodeModelVersion, decodeRegisteredModel } from './codec/registry-codec.js';
import { arr, compact, recordToTags, str } from './codec/wire.js';
import { MLFLOW_API, type MlflowHttpApi } from './mlflow-http-api.js';
import { page } from './paged.js';

const RM = `${MLFLOW_API}/registered-models`;
const MV = `${MLFLOW_API}/model-versions`;

export class RestRegistryStore implements RegistryStore {
  constructor(private readonly api: MlflowHttpApi) {}

  // ---- registered models --------------------------------------------------------------------

  async createRegisteredModel(name: string, options: { tags?: Record<string, string>; description?: string } = {}): Promise<RegisteredModel> {
    const res = await this.api.post(`${RM}/create`, compact({ name, tags: recordToTags(options.tags), description: options.description }));
    return decodeRegisteredModel(res.registered_model);
  }

  async getRegisteredModel(name: string): Promise<RegisteredModel> {
    const res = await this.api.get(`${RM}/get`, { name });
    return decodeRegisteredModel(res.registered_model);
  }

  async renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel> {
    const res = await this.api.post(`${RM}/rename`, { name, new_name: newName });
    return decodeRegisteredModel(res.registered_model);
  }

  async updateRegisteredModel(name: string, description: string): Promise<RegisteredModel> {
    const res = await this.api.patch(`${RM}/update`, { name, description });
    return decodeRegisteredModel(res.registered_model);
  }

  async deleteRegisteredModel(name: string): Promise<void> {
    await this.api.delete(`${RM}/delete`, { name });
  }

  async searchRegisteredModels(options: SearchOptions = {}): Promise<PagedList<RegisteredModel>> {
    const res = await this.api.get(`${RM}/search`, { filter: options.filter, max_results: options.maxResults, order_by: options.orderBy, page_token: options.pageToken });
    return page(arr(res.registered_models).map(decodeRegisteredModel), res.next_page_token);
  }

  async getLatestVersions(name: string, stages?: ModelVersionStage[]): Promise<ModelVersion[]> {
    const res = await this.api.post(`${RM}/get-latest-versions`, compact({ name, stages: stages?.length ? stages : undefined }));
    return arr(res.model_versions).map(decodeModelVersion);
  }

  async setRegisteredModelTag(name: string, key: string, value: string): Promise<void> {
    await this.api.post(`${RM}/set-tag`, { name, key, value });
  }

  async deleteRegisteredModelTag(name: string, key: string): Promise<void> {
    await this.api.delete(`${RM}/delete-tag`, { name, key });
  }

  async setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void> {
    await this.api.post(`${RM}/alias`, { name, alias, version: String(version) });
  }

  async deleteRegisteredModelAlias(name: string, alias: string): Promise<void> {
    await this.api.delete(`${RM}/alias`, { name, alias });
  }

  async getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion> {
    const res = await this.api.get(`${RM}/alias`, { name, alias });
    return decodeModelVersion(res.model_version);
  }

  // ---- model versions -------------------------------------------------------------------------

  async createModelVersion(options: CreateModelVersionOptions): Promise<ModelVersion> {
    const res = await this.api.post(
      `${MV}/create`,
      compact({
        name: options.name,
        source: options.source,
        run_id: options.runId,
        tags: recordToTags(options.tags),
        run_link: options.runLink,
        description: options.description,
        model_id: options.modelId,
      }),
    );
    return decodeModelVersion(res.model_version);
  }

  async getModelVersion(name: string, version: string): Promise<ModelVersion> {
    const res = await this.api.get(`${MV}/get`, { name, version: String(version) });
    return decodeModelVersion(res.model_version);
  }

  async updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion> {
    const res = await this.api.patch(`${MV}/update`, { name, version: String(version), description });
    return decodeModelVersion(res.model_version);
  }

  async transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage, archiveExistingVersions = false): Promise<ModelVersion> {
    const res = await this.api.post(`${MV}/transition-stage`, { name, version: String(version), stage, archive_existing_versions: archiveExistingVersions });
    return decodeModelVersion(res.model_version);
  }

  async deleteModelVersion(name: string, version: string): Promise<void> {
    await this.api.delete(`${MV}/delete`, { name, version: String(version) });
  }

  async searchModelVersions(options: SearchOptions = {}): Promise<PagedList<ModelVersion>> {
    const res = await this.api.get(`${MV}/search`, { filter: options.filter, max_results: options.maxResults, order_by: options.orderBy, page_token: options.pageToken });
    return page(arr(res.model_versions).map(decodeModelVersion), res.next_page_token);
  }

  async getModelVersionDownloadUri(name: string, version: string): Promise<string> {
    const res = await this.api.get(`${MV}/get-download-uri`, { name, version: String(version) });
    return str(res.artifact_uri);
  }

  async setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.api.post(`${MV}/set-tag`, { name, version: String(version), key, value });
  }

  async deleteModelVersionTag(name: string, version: string, key: string): Promise<void> {
    await this.api.delete(`${MV}/delete-tag`, { name, version: String(version), key });
  }
}
