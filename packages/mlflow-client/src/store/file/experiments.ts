/**
 * Experiments in the file store: `<root>/<id>/meta.yaml` + `tags/`, moved to `.trash/`
 * when deleted. Names are unique across active and deleted experiments; create, rename and
 * restore check that under the experiments lock so concurrent processes cannot make duplicates.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import type { LifecycleStage, PagedList, SearchOptions, ViewType } from '../../entities/common.js';
import type { Experiment } from '../../entities/tracking.js';
import { MAX_EXPERIMENT_TAG_VALUE_LENGTH, validateExperimentId, validateExperimentName, validateKey } from '../../validation.js';
import { type FileContext, experimentMeta, invalidParam, invalidState, notFound, num, str } from './context.js';
import { asKey, exists, isErrno, readKeyValues, writeAtomic, writeMeta } from './fs-ops.js';
import { newExperimentId } from './ids.js';
import { DEFAULT_EXPERIMENT_ID, appendToUri, fileUriOf, keyPath, localPathOfUri } from './layout.js';
import { markRunsOfExperiment } from './runs.js';
import { checkMaxResults, compileFilter, compileOrderBy, matchesAll, paginate, sortBy, type SearchDomain, type SortKey } from './search-eval.js';
import { withFileLock } from '../../file-lock.js';

const MAX_ARTIFACT_LOCATION_LENGTH = 2048;

const EXPERIMENT_DOMAIN: SearchDomain = {
  what: 'experiments',
  entities: ['tag'],
  stringAttributes: ['name', 'experiment_id'],
  numericAttributes: ['creation_time', 'last_update_time'],
  listAttributes: ['experiment_id'],
  tagOps: ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'],
};

function validateExperimentTag(key: string, value: string): void {
  validateKey('tag', key);
  if (typeof value !== 'string') throw invalidParam(`Invalid value ${JSON.stringify(value)} for experiment tag '${key}': values must be strings.`);
  if (value.length > MAX_EXPERIMENT_TAG_VALUE_LENGTH) {
    throw invalidParam(`Experiment tag '${key}' had value length ${value.length}, which exceeded length limit of ${MAX_EXPERIMENT_TAG_VALUE_LENGTH}`);
  }
}

export class Experiments {
  constructor(private readonly ctx: FileContext) {}

  /** Reads one experiment folder; undefined when it is not a valid experiment (no/malformed meta, id mismatch). */
  async readDir(id: string, dir: string): Promise<Experiment | undefined> {
    const meta = await this.ctx.readMeta(dir);
    if (meta === undefined) return undefined;
    const experimentId = str(meta.experiment_id);
    if (experimentId !== id) return undefined;
    const tags = await readKeyValues(join(dir, 'tags'));
    const experiment: Experiment = {
      experimentId,
      name: str(meta.name) ?? '',
      artifactLocation: str(meta.artifact_location) ?? '',
      lifecycleStage: (str(meta.lifecycle_stage) ?? 'active') as LifecycleStage,
      tags,
    };
    const creationTime = num(meta.creation_time);
    const lastUpdateTime = num(meta.last_update_time);
    if (creationTime !== undefined) experiment.creationTime = creationTime;
    if (lastUpdateTime !== undefined) experiment.lastUpdateTime = lastUpdateTime;
    return experiment;
  }

  async get(experimentId: string): Promise<Experiment> {
    await this.ctx.ready();
    validateExperimentId(experimentId);
    const location = await this.ctx.experimentLocation(experimentId);
    if (location === undefined) throw notFound(`Could not find experiment with ID ${experimentId}`);
    const experiment = await this.readDir(experimentId, location.dir);
    if (experiment === undefined) throw notFound(`Experiment '${experimentId}' does not exist.`);
    return experiment;
  }

  private async all(view: ViewType): Promise<Experiment[]> {
    const ids: Array<{ id: string; dir: string }> = [];
    if (view !== 'DELETED_ONLY') for (const id of await this.ctx.activeExperimentIds()) ids.push({ id, dir: this.ctx.layout.activeExperimentDir(id) });
    if (view !== 'ACTIVE_ONLY') for (const id of await this.ctx.deletedExperimentIds()) ids.push({ id, dir: this.ctx.layout.trashedExperimentDir(id) });
    const read = await Promise.all(ids.map(({ id, dir }) => this.readDir(id, dir).catch(() => undefined)));
    return read.filter((e): e is Experiment => e !== undefined);
  }

  async getByName(name: string): Promise<Experiment | undefined> {
    await this.ctx.ready();
    const matches = (await this.all('ALL')).filter((e) => e.name === name);
    return matches.find((e) => e.lifecycleStage === 'active') ?? matches[0];
  }

  async search(options: SearchOptions & { viewType?: ViewType } = {}): Promise<PagedList<Experiment>> {
    await this.ctx.ready();
    const maxResults = checkMaxResults(options.maxResults, 1000, 50_000);
    const clauses = compileFilter(EXPERIMENT_DOMAIN, options.filter);
    const orderBy = compileOrderBy(EXPERIMENT_DOMAIN, options.orderBy?.length ? options.orderBy : ['creation_time DESC', 'experiment_id ASC']);
    for (const o of orderBy) if (o.entity !== 'attribute') throw invalidParam(`Invalid order_by entity: ${o.entity}`);
    const experiments = (await this.all(options.viewType ?? 'ACTIVE_ONLY')).filter((e) =>
      matchesAll(clauses, (entity, key) => {
        if (entity === 'tag') return e.tags[key];
        if (key === 'name') return e.name;
        if (key === 'experiment_id') return e.experimentId;
        if (key === 'creation_time') return e.creationTime;
        return e.lastUpdateTime;
      }),
    );
    const keys: SortKey<Experiment>[] = orderBy.map((o) => ({ ascending: o.ascending, get: (e: Experiment) => attributeOf(e, o.key) }));
    // MLflow's tie-breaker when the caller's order does not mention the id: experiment_id DESC.
    if (!orderBy.some((o) => o.key === 'experiment_id')) keys.push({ ascending: false, get: (e) => e.experimentId });
    return paginate(sortBy(experiments, keys), options.pageToken, maxResults);
  }

  private async assertNameFree(name: string): Promise<void> {
    const existing = await this.getByName(name);
    if (existing === undefined) return;
    if (existing.lifecycleStage === 'deleted') {
      throw new MlflowApiError({
        errorCode: 'RESOURCE_ALREADY_EXISTS',
        message: `Experiment '${existing.name}' already exists in deleted state. You can restore the experiment, or permanently delete the experiment from the .trash folder (under tracking server's root folder) in order to use this experiment name again.`,
      });
    }
    throw new MlflowApiError({ errorCode: 'RESOURCE_ALREADY_EXISTS', message: `Experiment '${existing.name}' already exists.` });
  }

  async create(name: string, options: { artifactLocation?: string; tags?: Record<string, string> } = {}): Promise<string> {
    await this.ctx.ready();
    validateExperimentName(name);
    const tags = Object.entries(options.tags ?? {});
    for (const [key, value] of tags) validateExperimentTag(key, value);
    let artifactLocation = options.artifactLocation;
    if (artifactLocation !== undefined && artifactLocation !== '') {
      if (artifactLocation.length > MAX_ARTIFACT_LOCATION_LENGTH) {
        throw invalidParam(`Invalid artifact path length. The length of the artifact path cannot be greater than ${MAX_ARTIFACT_LOCATION_LENGTH} characters.`);
      }
      if (artifactLocation.startsWith('runs:')) throw invalidParam(`Artifact location cannot be a runs:/ URI. Given: '${artifactLocation}'`);
      // Local paths become absolute file:// URIs, like Python's resolve_uri_if_local.
      if (!/^[a-z][a-z0-9+.-]*:/i.test(artifactLocation)) artifactLocation = fileUriOf(localPathOfUri(artifactLocation)!);
    } else artifactLocation = undefined;

    return withFileLock(this.ctx.layout.experimentsLock, async () => {
      await this.assertNameFree(name);
      for (let attempt = 0; ; attempt++) {
        const id = newExperimentId();
        const dir = this.ctx.layout.activeExperimentDir(id);
        if (await exists(this.ctx.layout.trashedExperimentDir(id))) continue;
        try {
          await fsp.mkdir(dir);
        } catch (error) {
          if (isErrno(error, 'EEXIST') && attempt < 10) continue;
          throw error;
        }
        for (const [key, value] of tags) await writeAtomic(keyPath(join(dir, 'tags'), key), value, dir);
        const now = Date.now();
        // meta.yaml last: readers see the experiment only once it is complete.
        await writeMeta(
          dir,
          experimentMeta({
            experimentId: id,
            name,
            artifactLocation: artifactLocation ?? appendToUri(this.ctx.layout.rootUri, id),
            lifecycleStage: 'active',
            creationTime: now,
            lastUpdateTime: now,
          }),
        );
        return id;
      }
    });
  }

  private async writeExperiment(dir: string, e: Experiment): Promise<void> {
    await writeMeta(
      dir,
      experimentMeta({
        experimentId: e.experimentId,
        name: e.name,
        artifactLocation: e.artifactLocation,
        lifecycleStage: e.lifecycleStage,
        creationTime: e.creationTime,
        lastUpdateTime: e.lastUpdateTime,
      }),
    );
  }

  async delete(experimentId: string): Promise<void> {
    await this.ctx.ready();
    validateExperimentId(experimentId);
    if (experimentId === DEFAULT_EXPERIMENT_ID) {
      throw invalidParam(`Cannot delete the default experiment '${DEFAULT_EXPERIMENT_ID}'. This is an internally reserved experiment.`);
    }
    await withFileLock(this.ctx.layout.experimentsLock, async () => {
      const location = await this.ctx.experimentLocation(experimentId, 'ACTIVE_ONLY');
      if (location === undefined) throw notFound(`Could not find experiment with ID ${experimentId}`);
      const experiment = await this.readDir(experimentId, location.dir);
      if (experiment === undefined) throw notFound(`Experiment '${experimentId}' does not exist.`);
      const now = Date.now();
      await markRunsOfExperiment(this.ctx, location.dir, experimentId, 'deleted', now);
      await this.writeExperiment(location.dir, { ...experiment, lifecycleStage: 'deleted', lastUpdateTime: now });
      const target = this.ctx.layout.trashedExperimentDir(experimentId);
      if (await exists(target)) {
        throw new MlflowApiError({ errorCode: 'INTERNAL_ERROR', message: `Cannot move experiment ${experimentId} to .trash: '${target}' already exists.` });
      }
      await fsp.rename(location.dir, target);
      this.ctx.forgetExperimentRuns(experimentId);
    });
  }

  async restore(experimentId: string): Promise<void> {
    await this.ctx.ready();
    validateExperimentId(experimentId);
    await withFileLock(this.ctx.layout.experimentsLock, async () => {
      const location = await this.ctx.experimentLocation(experimentId, 'DELETED_ONLY');
      if (location === undefined) throw notFound(`Could not find deleted experiment with ID ${experimentId}`);
      if ((await this.ctx.experimentLocation(experimentId, 'ACTIVE_ONLY')) !== undefined) {
        throw new MlflowApiError({
          errorCode: 'RESOURCE_ALREADY_EXISTS',
          message: `Cannot restore experiment with ID ${experimentId}. An experiment with same ID already exists.`,
        });
      }
      const dir = this.ctx.layout.activeExperimentDir(experimentId);
      await fsp.rename(location.dir, dir);
      this.ctx.forgetExperimentRuns(experimentId);
      const experiment = await this.readDir(experimentId, dir);
      if (experiment === undefined) throw notFound(`Experiment '${experimentId}' does not exist.`);
      await markRunsOfExperiment(this.ctx, dir, experimentId, 'active', undefined);
      await this.writeExperiment(dir, { ...experiment, lifecycleStage: 'active', lastUpdateTime: Date.now() });
    });
  }

  async rename(experimentId: string, newName: string): Promise<void> {
    await this.ctx.ready();
    validateExperimentId(experimentId);
    validateExperimentName(newName);
    await withFileLock(this.ctx.layout.experimentsLock, async () => {
      const experiment = await this.get(experimentId);
      if (experiment.lifecycleStage !== 'active') {
        throw invalidState(`Cannot rename experiment in non-active lifecycle stage. Current stage: ${experiment.lifecycleStage}`);
      }
      if (experiment.name !== newName) await this.assertNameFree(newName);
      await this.writeExperiment(this.ctx.layout.activeExperimentDir(experimentId), { ...experiment, name: newName, lastUpdateTime: Date.now() });
    });
  }

  private async activeDir(experimentId: string, action: string): Promise<string> {
    const experiment = await this.get(experimentId);
    if (experiment.lifecycleStage !== 'active') {
      throw invalidParam(`The experiment ${experimentId} must be in the 'active' lifecycle_stage to ${action}`);
    }
    return (await this.ctx.experimentLocation(experimentId))!.dir;
  }

  async setTag(experimentId: string, key: string, value: string): Promise<void> {
    await this.ctx.ready();
    validateExperimentId(experimentId);
    validateExperimentTag(key, value);
    const dir = await this.activeDir(experimentId, 'set tags');
    await asKey('tag', key, () => writeAtomic(keyPath(join(dir, 'tags'), key), value, dir));
  }

  async deleteTag(experimentId: string, key: string): Promise<void> {
    await this.ctx.ready();
    validateExperimentId(experimentId);
    validateKey('tag', key);
    const dir = await this.activeDir(experimentId, 'delete tags');
    try {
      await fsp.unlink(keyPath(join(dir, 'tags'), key));
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'EISDIR', 'ENOTDIR', 'EPERM')) throw notFound(`No tag with name: ${key} in experiment with id ${experimentId}`);
      throw error;
    }
  }
}

function attributeOf(e: Experiment, key: string): string | number | undefined {
  switch (key) {
    case 'name':
      return e.name;
    case 'experiment_id':
      return e.experimentId;
    case 'creation_time':
      return e.creationTime;
    default:
      return e.lastUpdateTime;
  }
}
