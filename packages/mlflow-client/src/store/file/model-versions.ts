/**
 * Model versions in `mlruns/models/<name>/version-<n>/`. A new version number is claimed with an
 * exclusive mkdir (two processes registering at once get consecutive numbers); versions are READY
 * at once, deleted ones keep their folder with stage `Deleted_Internal`, like Python's store.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { PagedList, SearchOptions } from '../../entities/common.js';
import type { ModelVersion, ModelVersionStage } from '../../entities/registry.js';
import type { CreateModelVersionOptions } from '../../store/registry-store.js';
import { type FileContext, invalidParam, notFound } from './context.js';
import { asKey, isErrno, listSubdirs, writeAtomic } from './fs-ops.js';
import { keyPath, parseVersion, validateRegisteredModelName } from './layout.js';
import type { LoggedModels } from './logged-models.js';
import { DELETED_STAGE, type RegistryFiles, type StoredVersion, canonicalStage, validateRegistryTag } from './registry-files.js';
import { checkMaxResults, compileFilter, compileOrderBy, matchesAll, paginate, sortBy, type SearchDomain, type SortKey } from './search-eval.js';

const VERSION_DOMAIN: SearchDomain = {
  what: 'model versions',
  entities: ['tag'],
  stringAttributes: ['name', 'run_id', 'source_path'],
  numericAttributes: ['version_number', 'creation_timestamp', 'last_updated_timestamp'],
  listAttributes: ['name', 'run_id'],
  tagOps: ['=', '!=', 'LIKE', 'ILIKE'],
  orderAttributes: ['name', 'version_number', 'creation_timestamp', 'last_updated_timestamp'],
};

function versionAttribute(v: StoredVersion, key: string): string | number | undefined {
  switch (key) {
    case 'name':
      return v.version.name;
    case 'run_id':
      return v.version.runId;
    case 'source_path':
      return v.version.source;
    case 'version_number':
      return v.versionNumber;
    case 'creation_timestamp':
      return v.version.creationTimestamp;
    default:
      return v.version.lastUpdatedTimestamp;
  }
}

export class ModelVersions {
  constructor(
    private readonly ctx: FileContext,
    private readonly files: RegistryFiles,
    private readonly models: LoggedModels,
  ) {}

  /** Where a source's files are: `models:/m-…` → the logged model's artifacts, `models:/name/n` → that version's. */
  private async resolveSource(source: string): Promise<{ storageLocation: string; runId?: string }> {
    if (!source.startsWith('models:/')) return { storageLocation: source };
    const rest = source.slice('models:/'.length).replace(/^\/+/, '');
    try {
      if (/^m-[\w-]+$/.test(rest)) {
        const model = await this.models.get(rest);
        return model.sourceRunId === undefined ? { storageLocation: model.artifactUri } : { storageLocation: model.artifactUri, runId: model.sourceRunId };
      }
      const at = rest.indexOf('@');
      const v =
        at > 0
          ? (await this.files.version(rest.slice(0, at), (await this.versionByAliasNumber(rest.slice(0, at), rest.slice(at + 1))))).version
          : (await this.files.version(rest.slice(0, rest.lastIndexOf('/')), rest.slice(rest.lastIndexOf('/') + 1))).version;
      return { storageLocation: await this.downloadUri(v.name, v.version) };
    } catch (error) {
      throw invalidParam(`Unable to fetch model from model URI source artifact location '${source}'.Error: ${(error as Error).message}`);
    }
  }

  private async versionByAliasNumber(name: string, alias: string): Promise<string> {
    const aliases = await this.files.aliases(name);
    const version = aliases[alias];
    if (version === undefined) throw notFound(`Registered model alias ${alias} not found.`);
    return version.trim();
  }

  async create(options: CreateModelVersionOptions): Promise<ModelVersion> {
    await this.ctx.ready();
    const { name } = options;
    validateRegisteredModelName(name);
    if (typeof options.source !== 'string' || options.source === '') throw invalidParam("Missing value for required parameter 'source'.");
    const tags = Object.entries(options.tags ?? {});
    for (const [key, value] of tags) validateRegistryTag(key, value);
    await this.files.assertModel(name);
    const resolved = await this.resolveSource(options.source);
    let runId = options.runId || resolved.runId;
    if (!runId && options.modelId) runId = (await this.models.get(options.modelId)).sourceRunId;

    const modelDir = this.files.modelDir(name);
    const existing = (await listSubdirs(modelDir)).filter((d) => /^version-\d+$/.test(d)).map((d) => Number(d.slice(8)));
    let number = Math.max(0, ...existing) + 1;
    for (;;) {
      try {
        await fsp.mkdir(this.ctx.layout.versionDir(name, number));
        break;
      } catch (error) {
        if (!isErrno(error, 'EEXIST')) throw error;
        number++;
      }
    }
    const dir = this.ctx.layout.versionDir(name, number);
    for (const [key, value] of tags) await writeAtomic(keyPath(join(dir, 'tags'), key), String(value), dir);
    const now = Date.now();
    const version: ModelVersion = {
      name,
      version: String(number),
      creationTimestamp: now,
      lastUpdatedTimestamp: now,
      currentStage: 'None',
      source: options.source,
      status: 'READY',
      tags: {},
      aliases: [],
    };
    if (runId) version.runId = runId;
    if (options.runLink) version.runLink = options.runLink;
    if (options.description !== undefined) version.description = options.description;
    if (options.modelId) version.modelId = options.modelId;
    await this.files.writeVersion(name, { version, versionNumber: number, storageLocation: resolved.storageLocation, deleted: false, meta: {} });
    await this.files.touchModel(name);
    if (options.modelId) await this.models.addRegistration(options.modelId, name, number);
    return (await this.files.version(name, number)).version;
  }

  async get(name: string, version: string): Promise<ModelVersion> {
    await this.ctx.ready();
    return (await this.files.version(name, version)).version;
  }

  private async rewrite(name: string, version: string, change: (v: StoredVersion) => StoredVersion, stage?: string): Promise<ModelVersion> {
    const stored = await this.files.version(name, version);
    const next = change({ ...stored, version: { ...stored.version, lastUpdatedTimestamp: Date.now() } });
    await this.files.writeVersion(name, next, stage);
    await this.files.touchModel(name);
    return next.version;
  }

  async update(name: string, version: string, description: string): Promise<ModelVersion> {
    await this.ctx.ready();
    return this.rewrite(name, version, (v) => ({ ...v, version: { ...v.version, description } }));
  }

  async transition(name: string, version: string, stage: ModelVersionStage, archiveExisting = false): Promise<ModelVersion> {
    await this.ctx.ready();
    const target = canonicalStage(stage);
    if (archiveExisting && target !== 'Staging' && target !== 'Production') {
      throw invalidParam(
        `Model version transition cannot archive existing model versions because '${stage}' is not an Active stage. Valid stages are ['Staging', 'Production']`,
      );
    }
    const number = parseVersion(version);
    await this.files.version(name, number);
    if (archiveExisting) {
      for (const v of await this.files.versions(name)) {
        if (v.deleted || v.versionNumber === number || v.version.currentStage !== target) continue;
        await this.files.writeVersion(name, { ...v, version: { ...v.version, currentStage: 'Archived', lastUpdatedTimestamp: Date.now() } });
      }
    }
    return this.rewrite(name, String(number), (v) => ({ ...v, version: { ...v.version, currentStage: target } }));
  }

  async delete(name: string, version: string): Promise<void> {
    await this.ctx.ready();
    const stored = await this.files.version(name, version);
    await this.files.writeVersion(name, { ...stored, version: { ...stored.version, lastUpdatedTimestamp: Date.now() } }, DELETED_STAGE);
    const dir = this.files.modelDir(name);
    for (const alias of stored.version.aliases) await fsp.rm(join(dir, 'aliases', alias), { force: true });
    await this.files.touchModel(name, (m) => {
      const aliases = { ...m.aliases };
      for (const alias of stored.version.aliases) delete aliases[alias];
      return { ...m, aliases };
    });
  }

  async search(options: SearchOptions = {}): Promise<PagedList<ModelVersion>> {
    await this.ctx.ready();
    const maxResults = checkMaxResults(options.maxResults, 10_000, 200_000);
    const clauses = compileFilter(VERSION_DOMAIN, options.filter);
    const orderBy = compileOrderBy(VERSION_DOMAIN, options.orderBy?.length ? options.orderBy : ['last_updated_timestamp DESC', 'name ASC', 'version_number DESC']);
    const names = (await listSubdirs(this.ctx.layout.registry)).filter((n) => !n.startsWith('.'));
    const all: StoredVersion[] = [];
    for (const n of names) {
      try {
        all.push(...(await this.files.versions(n)));
      } catch {
        // not a registered model folder
      }
    }
    const versions = all.filter(
      (v) =>
        !v.deleted &&
        v.version.tags['mlflow.prompt.is_prompt'] !== 'true' &&
        matchesAll(clauses, (entity, key) => (entity === 'tag' ? v.version.tags[key] : versionAttribute(v, key))),
    );
    const keys: SortKey<StoredVersion>[] = orderBy.map((o) => ({ ascending: o.ascending, get: (v: StoredVersion) => versionAttribute(v, o.key) }));
    if (!orderBy.some((o) => o.key === 'name')) keys.push({ ascending: true, get: (v) => v.version.name });
    if (!orderBy.some((o) => o.key === 'version_number')) keys.push({ ascending: false, get: (v) => v.versionNumber });
    const page = paginate(sortBy(versions, keys), options.pageToken, maxResults);
    return { ...page, items: page.items.map((v) => v.version) };
  }

  async downloadUri(name: string, version: string): Promise<string> {
    await this.ctx.ready();
    const stored = await this.files.version(name, version);
    return stored.storageLocation || stored.version.source;
  }

  async setTag(name: string, version: string, key: string, value: string): Promise<void> {
    await this.ctx.ready();
    validateRegistryTag(key, value);
    const stored = await this.files.version(name, version);
    const dir = this.ctx.layout.versionDir(name, stored.versionNumber);
    await asKey('tag', key, () => writeAtomic(keyPath(join(dir, 'tags'), key), String(value), dir));
    await this.files.touchModel(name);
  }

  async deleteTag(name: string, version: string, key: string): Promise<void> {
    await this.ctx.ready();
    validateRegistryTag(key, '');
    const stored = await this.files.version(name, version);
    try {
      await fsp.unlink(keyPath(join(this.ctx.layout.versionDir(name, stored.versionNumber), 'tags'), key));
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'EISDIR', 'ENOTDIR', 'EPERM')) return;
      throw error;
    }
    await this.files.touchModel(name);
  }
}
