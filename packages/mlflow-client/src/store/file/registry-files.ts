import { promises as fsp } from 'node:fs';
import { existsSync } from 'node:fs';
/**
 * The model registry's files: `models/<name>/meta.yaml`, `tags/`, `aliases/<alias>` (the
 * version number as text), `version-<n>/meta.yaml` + `tags/`. Reading and writing of the two
 * entities, with the keys MLflow 3.17 writes.
 */
import { join } from 'node:path';
import type { ModelVersion, ModelVersionStage, ModelVersionStatus, RegisteredModel } from '../../entities/registry.js';
import { validateKey } from '../../validation.js';
import { type FileContext, invalidParam, notFound, num, str } from './context.js';
import { listSubdirs, readKeyValues, writeMeta } from './fs-ops.js';
import { type Layout, parseVersion, validateRegisteredModelName } from './layout.js';
import type { YamlValue } from './yaml-meta.js';

export const DELETED_STAGE = 'Deleted_Internal';
export const STAGES: ModelVersionStage[] = ['None', 'Staging', 'Production', 'Archived'];
export const MAX_REGISTRY_TAG_VALUE_LENGTH = 100_000;

export function canonicalStage(stage: string): ModelVersionStage {
  const found = STAGES.find((s) => s.toLowerCase() === String(stage).toLowerCase());
  if (found === undefined) throw invalidParam(`Invalid Model Version stage: ${stage}. Value must be one of ${STAGES.join(', ')}.`);
  return found;
}

export function validateRegistryTag(key: string, value: string): void {
  validateKey('tag', key);
  if (value === undefined || value === null) throw invalidParam('Tag value cannot be None');
  if (String(value).length > MAX_REGISTRY_TAG_VALUE_LENGTH) {
    throw invalidParam(`Tag '${key}' had value length ${String(value).length}, which exceeded length limit of ${MAX_REGISTRY_TAG_VALUE_LENGTH}`);
  }
}

/** A version as stored, plus the fields MLflow keeps only on disk. */
export interface StoredVersion {
  version: ModelVersion;
  versionNumber: number;
  storageLocation?: string;
  deleted: boolean;
  meta: Record<string, YamlValue>;
}

export function versionMeta(v: StoredVersion, stage: string = v.version.currentStage): { [key: string]: YamlValue } {
  const mv = v.version;
  return {
    creation_timestamp: mv.creationTimestamp,
    current_stage: stage,
    deployment_job_state: null,
    description: mv.description ?? null,
    last_updated_timestamp: mv.lastUpdatedTimestamp,
    model_id: mv.modelId ?? null,
    name: mv.name,
    run_id: mv.runId ?? null,
    run_link: mv.runLink ?? null,
    source: mv.source,
    status: mv.status,
    status_message: mv.statusMessage ?? null,
    storage_location: v.storageLocation ?? null,
    user_id: mv.userId ?? null,
    version: v.versionNumber,
    workspace: 'default',
  };
}

export function registeredModelMeta(m: RegisteredModel): { [key: string]: YamlValue } {
  return {
    aliases: { ...m.aliases },
    creation_timestamp: m.creationTimestamp,
    deployment_job_id: null,
    deployment_job_state: null,
    description: m.description ?? null,
    last_updated_timestamp: m.lastUpdatedTimestamp,
    name: m.name,
    workspace: 'default',
  };
}

export class RegistryFiles {
  constructor(private readonly ctx: FileContext) {}

  get layout(): Layout {
    return this.ctx.layout;
  }

  modelDir(name: string): string {
    validateRegisteredModelName(name);
    return this.layout.registeredModelDir(name);
  }

  async aliases(name: string): Promise<Record<string, string>> {
    return readKeyValues(join(this.modelDir(name), 'aliases'), (alias) => /^[\w-]+$/.test(alias));
  }

  async readVersionDir(dir: string, aliases: Record<string, string>): Promise<StoredVersion | undefined> {
    const meta = await this.ctx.readMeta(dir);
    if (meta === undefined) return undefined;
    const versionNumber = num(meta.version) ?? Number(dir.slice(dir.lastIndexOf('version-') + 8));
    const stage = str(meta.current_stage) ?? 'None';
    const version: ModelVersion = {
      name: str(meta.name) ?? '',
      version: String(versionNumber),
      creationTimestamp: num(meta.creation_timestamp) ?? 0,
      lastUpdatedTimestamp: num(meta.last_updated_timestamp) ?? 0,
      currentStage: (stage === DELETED_STAGE ? 'None' : stage) as ModelVersionStage,
      source: str(meta.source) ?? '',
      status: (str(meta.status) ?? 'READY') as ModelVersionStatus,
      tags: await readKeyValues(join(dir, 'tags')),
      aliases: Object.entries(aliases)
        .filter(([, v]) => v.trim() === String(versionNumber))
        .map(([alias]) => alias)
        .sort(),
    };
    const optional: Array<[keyof ModelVersion, string | undefined]> = [
      ['description', str(meta.description)],
      ['runId', str(meta.run_id)],
      ['runLink', str(meta.run_link)],
      ['statusMessage', str(meta.status_message)],
      ['userId', str(meta.user_id)],
      ['modelId', str(meta.model_id)],
    ];
    for (const [key, value] of optional) if (value !== undefined && value !== '') (version as unknown as Record<string, string>)[key] = value;
    const stored: StoredVersion = { version, versionNumber, deleted: stage === DELETED_STAGE, meta };
    const storageLocation = str(meta.storage_location);
    if (storageLocation !== undefined) stored.storageLocation = storageLocation;
    return stored;
  }

  /** Every version folder of a model (deleted ones included), by version number. */
  async versions(name: string): Promise<StoredVersion[]> {
    const dir = this.modelDir(name);
    const aliases = await this.aliases(name);
    const names = (await listSubdirs(dir)).filter((d) => /^version-\d+$/.test(d));
    const read = await Promise.all(names.map((d) => this.readVersionDir(join(dir, d), aliases).catch(() => undefined)));
    return read.filter((v): v is StoredVersion => v !== undefined).sort((a, b) => a.versionNumber - b.versionNumber);
  }

  /** A live (not deleted) version; RESOURCE_DOES_NOT_EXIST otherwise. */
  async version(name: string, version: string | number): Promise<StoredVersion> {
    const n = parseVersion(version);
    await this.assertModel(name);
    const stored = await this.readVersionDir(this.layout.versionDir(name, n), await this.aliases(name));
    if (stored === undefined || stored.deleted) throw notFound(`Model Version (name=${name}, version=${n}) not found`);
    return stored;
  }

  /**
   * The model's meta.yaml, or RESOURCE_DOES_NOT_EXIST. A creator claims the folder (atomic mkdir)
   * before it writes meta.yaml, as Python's store does; a lookup by name that finds a folder without
   * it, created moments ago, waits for the creator to finish. Listings (`wait: false`) never wait,
   * and an old folder without meta.yaml is simply not a model.
   */
  async assertModel(name: string, options: { wait?: boolean } = {}): Promise<Record<string, YamlValue>> {
    const dir = this.modelDir(name);
    let meta = await this.ctx.readMeta(dir);
    if (meta === undefined && options.wait !== false && (await isBeingCreated(dir))) {
      for (let attempt = 0; meta === undefined && attempt < 40; attempt += 1) {
        await new Promise((resolve) => setTimeout(resolve, 25));
        meta = await this.ctx.readMeta(dir);
      }
    }
    if (meta === undefined) throw notFound(`Registered Model with name=${name} not found`);
    return meta;
  }

  /** The latest live version per stage (in the order of `stages`, all stages by default). */
  latestPerStage(versions: StoredVersion[], stages?: string[]): ModelVersion[] {
    const wanted = stages === undefined || stages.length === 0 ? STAGES : [...new Set(stages.map(canonicalStage))];
    const out: ModelVersion[] = [];
    for (const stage of wanted) {
      const inStage = versions.filter((v) => !v.deleted && v.version.currentStage === stage);
      if (inStage.length > 0) out.push(inStage.reduce((a, b) => (b.versionNumber > a.versionNumber ? b : a)).version);
    }
    return out;
  }

  async readModel(name: string, options: { wait?: boolean } = {}): Promise<RegisteredModel> {
    const meta = await this.assertModel(name, options);
    const dir = this.modelDir(name);
    const [tags, aliases, versions] = await Promise.all([readKeyValues(join(dir, 'tags')), this.aliases(name), this.versions(name)]);
    const model: RegisteredModel = {
      name: str(meta.name) ?? name,
      creationTimestamp: num(meta.creation_timestamp) ?? 0,
      lastUpdatedTimestamp: num(meta.last_updated_timestamp) ?? 0,
      latestVersions: this.latestPerStage(versions),
      tags,
      aliases: Object.fromEntries(Object.entries(aliases).map(([k, v]) => [k, v.trim()])),
    };
    const description = str(meta.description);
    if (description !== undefined) model.description = description;
    return model;
  }

  /** Rewrites the registered model's meta (under its lock), e.g. to bump `last_updated_timestamp`. */
  async touchModel(name: string, change: (m: RegisteredModel) => RegisteredModel = (m) => m): Promise<RegisteredModel> {
    const dir = this.modelDir(name);
    return this.ctx.withEntityLock(dir, async () => {
      const current = await this.readModel(name);
      const next = change({ ...current, lastUpdatedTimestamp: Date.now() });
      await writeMeta(dir, registeredModelMeta(next));
      return next;
    });
  }

  async writeVersion(name: string, stored: StoredVersion, stage?: string): Promise<void> {
    await writeMeta(this.layout.versionDir(name, stored.versionNumber), versionMeta(stored, stage));
  }
}

/** A folder made in the last few seconds: its creator is probably still writing meta.yaml. */
async function isBeingCreated(dir: string): Promise<boolean> {
  try {
    return Date.now() - (await fsp.stat(dir)).mtimeMs < 5_000;
  } catch {
    return false;
  }
}
