/**
 * Registered models in `mlruns/models/<name>/`: create (an exclusive mkdir, so two processes
 * cannot both create a name), rename (atomic folder rename), tags, aliases, search.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import type { PagedList, SearchOptions } from '../../entities/common.js';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '../../entities/registry.js';
import { validateAlias } from '../../validation.js';
import { type FileContext, invalidParam, notFound } from './context.js';
import { asKey, isErrno, listSubdirs, readTextIfExists, writeAtomic, writeMeta } from './fs-ops.js';
import { keyPath, validateRegisteredModelName } from './layout.js';
import { type RegistryFiles, registeredModelMeta, validateRegistryTag } from './registry-files.js';
import { checkMaxResults, compileFilter, compileOrderBy, matchesAll, paginate, sortBy, type SearchDomain, type SortKey } from './search-eval.js';

const PROMPT_TAG = 'mlflow.prompt.is_prompt';

const REGISTERED_MODEL_DOMAIN: SearchDomain = {
  what: 'registered models',
  entities: ['tag'],
  stringAttributes: ['name'],
  numericAttributes: ['creation_timestamp', 'last_updated_timestamp'],
  listAttributes: ['name'],
  aliases: { timestamp: 'last_updated_timestamp' },
  tagOps: ['=', '!=', 'LIKE', 'ILIKE'],
};

function validateAliasName(alias: string): void {
  if (alias === undefined || alias === null || alias === '') throw invalidParam('Registered model alias name cannot be empty.');
  validateAlias(alias);
}

export class RegisteredModels {
  constructor(
    private readonly ctx: FileContext,
    private readonly files: RegistryFiles,
  ) {}

  async create(name: string, options: { tags?: Record<string, string>; description?: string } = {}): Promise<RegisteredModel> {
    await this.ctx.ready();
    validateRegisteredModelName(name);
    const tags = Object.entries(options.tags ?? {});
    for (const [key, value] of tags) validateRegistryTag(key, value);
    const dir = this.files.modelDir(name);
    await fsp.mkdir(this.ctx.layout.registry, { recursive: true });
    try {
      await fsp.mkdir(dir);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) throw new MlflowApiError({ errorCode: 'RESOURCE_ALREADY_EXISTS', message: `Registered Model (name=${name}) already exists.` });
      throw error;
    }
    for (const [key, value] of tags) await writeAtomic(keyPath(join(dir, 'tags'), key), String(value), dir);
    const now = Date.now();
    const model: RegisteredModel = { name, creationTimestamp: now, lastUpdatedTimestamp: now, latestVersions: [], tags: {}, aliases: {} };
    if (options.description !== undefined) model.description = options.description;
    await writeMeta(dir, registeredModelMeta(model));
    return this.files.readModel(name);
  }

  async get(name: string): Promise<RegisteredModel> {
    await this.ctx.ready();
    validateRegisteredModelName(name);
    return this.files.readModel(name);
  }

  async rename(name: string, newName: string): Promise<RegisteredModel> {
    await this.ctx.ready();
    validateRegisteredModelName(name);
    validateRegisteredModelName(newName);
    await this.files.assertModel(name);
    const target = this.files.modelDir(newName);
    // Claim the new name with an exclusive mkdir, then move the whole folder onto it atomically.
    try {
      await fsp.mkdir(target);
    } catch (error) {
      if (isErrno(error, 'EEXIST')) throw new MlflowApiError({ errorCode: 'RESOURCE_ALREADY_EXISTS', message: `Registered Model (name=${newName}) already exists.` });
      throw error;
    }
    await fsp.rename(this.files.modelDir(name), target);
    const now = Date.now();
    for (const v of await this.files.versions(newName)) {
      await this.files.writeVersion(newName, { ...v, version: { ...v.version, name: newName, lastUpdatedTimestamp: now } }, String(v.meta.current_stage ?? v.version.currentStage));
    }
    return this.files.touchModel(newName, (m) => ({ ...m, name: newName }));
  }

  async update(name: string, description: string): Promise<RegisteredModel> {
    await this.ctx.ready();
    await this.files.assertModel(name);
    return this.files.touchModel(name, (m) => ({ ...m, description }));
  }

  async delete(name: string): Promise<void> {
    await this.ctx.ready();
    await this.files.assertModel(name);
    await fsp.rm(this.files.modelDir(name), { recursive: true, force: true });
  }

  async search(options: SearchOptions = {}): Promise<PagedList<RegisteredModel>> {
    await this.ctx.ready();
    const maxResults = checkMaxResults(options.maxResults, 100, 1000);
    const clauses = compileFilter(REGISTERED_MODEL_DOMAIN, options.filter);
    const orderBy = compileOrderBy(REGISTERED_MODEL_DOMAIN, options.orderBy);
    const names = (await listSubdirs(this.ctx.layout.registry)).filter((n) => !n.startsWith('.'));
    const read = await Promise.all(names.map((n) => this.files.readModel(n, { wait: false }).catch(() => undefined)));
    const models = read
      .filter((m): m is RegisteredModel => m !== undefined && m.tags[PROMPT_TAG] !== 'true')
      .filter((m) =>
        matchesAll(clauses, (entity, key) => {
          if (entity === 'tag') return m.tags[key];
          return key === 'name' ? m.name : key === 'creation_timestamp' ? m.creationTimestamp : m.lastUpdatedTimestamp;
        }),
      );
    const keys: SortKey<RegisteredModel>[] = orderBy.map((o) => ({
      ascending: o.ascending,
      get: (m: RegisteredModel) => (o.key === 'name' ? m.name : o.key === 'creation_timestamp' ? m.creationTimestamp : m.lastUpdatedTimestamp),
    }));
    if (!orderBy.some((o) => o.key === 'name')) keys.push({ ascending: true, get: (m) => m.name });
    return paginate(sortBy(models, keys), options.pageToken, maxResults);
  }

  async latestVersions(name: string, stages?: ModelVersionStage[]): Promise<ModelVersion[]> {
    await this.ctx.ready();
    await this.files.assertModel(name);
    return this.files.latestPerStage(await this.files.versions(name), stages);
  }

  async setTag(name: string, key: string, value: string): Promise<void> {
    await this.ctx.ready();
    validateRegistryTag(key, value);
    await this.files.assertModel(name);
    const dir = this.files.modelDir(name);
    await asKey('tag', key, () => writeAtomic(keyPath(join(dir, 'tags'), key), String(value), dir));
    await this.files.touchModel(name);
  }

  async deleteTag(name: string, key: string): Promise<void> {
    await this.ctx.ready();
    validateRegistryTag(key, '');
    await this.files.assertModel(name);
    try {
      await fsp.unlink(keyPath(join(this.files.modelDir(name), 'tags'), key));
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'EISDIR', 'ENOTDIR', 'EPERM')) return;
      throw error;
    }
    await this.files.touchModel(name);
  }

  async setAlias(name: string, alias: string, version: string): Promise<void> {
    await this.ctx.ready();
    validateAliasName(alias);
    const stored = await this.files.version(name, version);
    const dir = this.files.modelDir(name);
    await writeAtomic(join(dir, 'aliases', alias), String(stored.versionNumber), dir);
    await this.files.touchModel(name, (m) => ({ ...m, aliases: { ...m.aliases, [alias]: String(stored.versionNumber) } }));
  }

  async deleteAlias(name: string, alias: string): Promise<void> {
    await this.ctx.ready();
    validateAliasName(alias);
    await this.files.assertModel(name);
    try {
      await fsp.unlink(join(this.files.modelDir(name), 'aliases', alias));
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return;
      throw error;
    }
    await this.files.touchModel(name, (m) => {
      const aliases = { ...m.aliases };
      delete aliases[alias];
      return { ...m, aliases };
    });
  }

  async versionByAlias(name: string, alias: string): Promise<ModelVersion> {
    await this.ctx.ready();
    await this.files.assertModel(name);
    if (String(alias).toLowerCase() === 'latest') {
      const live = (await this.files.versions(name)).filter((v) => !v.deleted);
      if (live.length === 0) throw notFound(`Registered model '${name}' has no versions.`);
      return live[live.length - 1]!.version;
    }
    validateAliasName(alias);
    const text = await readTextIfExists(join(this.files.modelDir(name), 'aliases', alias));
    if (text === undefined) throw invalidParam(`Registered model alias ${alias} not found.`);
    return (await this.files.version(name, text.trim())).version;
  }
}
