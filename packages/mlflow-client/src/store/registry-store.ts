import type { PagedList, SearchOptions } from '../entities/common.js';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '../entities/registry.js';

export interface CreateModelVersionOptions {
  name: string;
  /** Where the model's files are: `models:/m-…`, an artifact URI, … */
  source: string;
  runId?: string;
  modelId?: string;
  tags?: Record<string, string>;
  runLink?: string;
  description?: string;
}

/** The model registry, on a server (`RestStore`) or in `mlruns/models` (`FileStore`). */
export interface RegistryStore {
  createRegisteredModel(name: string, options?: { tags?: Record<string, string>; description?: string }): Promise<RegisteredModel>;
  getRegisteredModel(name: string): Promise<RegisteredModel>;
  renameRegisteredModel(name: string, newName: string): Promise<RegisteredModel>;
  updateRegisteredModel(name: string, description: string): Promise<RegisteredModel>;
  deleteRegisteredModel(name: string): Promise<void>;
  searchRegisteredModels(options?: SearchOptions): Promise<PagedList<RegisteredModel>>;
  getLatestVersions(name: string, stages?: ModelVersionStage[]): Promise<ModelVersion[]>;
  setRegisteredModelTag(name: string, key: string, value: string): Promise<void>;
  deleteRegisteredModelTag(name: string, key: string): Promise<void>;
  setRegisteredModelAlias(name: string, alias: string, version: string): Promise<void>;
  deleteRegisteredModelAlias(name: string, alias: string): Promise<void>;
  getModelVersionByAlias(name: string, alias: string): Promise<ModelVersion>;

  createModelVersion(options: CreateModelVersionOptions): Promise<ModelVersion>;
  getModelVersion(name: string, version: string): Promise<ModelVersion>;
  updateModelVersion(name: string, version: string, description: string): Promise<ModelVersion>;
  transitionModelVersionStage(name: string, version: string, stage: ModelVersionStage, archiveExistingVersions?: boolean): Promise<ModelVersion>;
  deleteModelVersion(name: string, version: string): Promise<void>;
  searchModelVersions(options?: SearchOptions): Promise<PagedList<ModelVersion>>;
  getModelVersionDownloadUri(name: string, version: string): Promise<string>;
  setModelVersionTag(name: string, version: string, key: string, value: string): Promise<void>;
  deleteModelVersionTag(name: string, version: string, key: string): Promise<void>;
}
