/**
 * `searchRuns` over the file store: every run of the given experiments is read, filtered with
 * MLflow's grammar (metrics, params, tags, attributes, datasets), ordered (natural order
 * `start_time DESC, run_id ASC` under the caller's order) and paged with MLflow's page tokens.
 */
import type { PagedList, SearchOptions, ViewType } from '../../entities/common.js';
import type { Run } from '../../entities/tracking.js';
import { validateExperimentId } from '../../validation.js';
import type { FileContext } from './context.js';
import { assembleRun, listRunInfos } from './runs.js';
import { checkMaxResults, compileFilter, compileOrderBy, matchesAll, paginate, sortBy, type SearchDomain, type SortKey, type SortValue } from './search-eval.js';
import type { Entity } from './search-filter.js';

export const RUN_DOMAIN: SearchDomain = {
  what: 'runs',
  entities: ['metric', 'param', 'tag', 'dataset'],
  stringAttributes: ['run_id', 'run_name', 'status', 'artifact_uri', 'user_id'],
  numericAttributes: ['start_time', 'end_time'],
  listAttributes: ['run_id'],
  aliases: { created: 'start_time', Created: 'start_time', 'run name': 'run_name', 'Run name': 'run_name', 'Run Name': 'run_name' },
  tagOps: ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'],
  paramOps: ['=', '!=', 'LIKE', 'ILIKE', 'IS NULL', 'IS NOT NULL'],
  orderEntities: ['metric', 'param', 'tag'],
};

function attribute(run: Run, key: string): string | number | undefined {
  const i = run.info;
  switch (key) {
    case 'run_id':
      return i.runId;
    case 'run_name':
      return i.runName;
    case 'status':
      return i.status;
    case 'artifact_uri':
      return i.artifactUri;
    case 'user_id':
      return i.userId;
    case 'start_time':
      return i.startTime;
    case 'end_time':
      return i.endTime;
    default:
      return undefined;
  }
}

function valueOf(run: Run, entity: Entity, key: string): SortValue | Array<string | undefined> {
  switch (entity) {
    case 'metric':
      return run.data.metrics[key];
    case 'param':
      return run.data.params[key];
    case 'tag':
      return run.data.tags[key];
    case 'dataset':
      if (key === 'context') return run.inputs.datasetInputs.map((d) => d.tags['mlflow.data.context']).filter((v) => v !== undefined);
      return run.inputs.datasetInputs.map((d) => (key === 'name' ? d.dataset.name : d.dataset.digest));
    default:
      return attribute(run, key);
  }
}

export async function searchRuns(
  ctx: FileContext,
  options: SearchOptions & { experimentIds: string[]; runViewType?: ViewType },
): Promise<PagedList<Run>> {
  await ctx.ready();
  const maxResults = checkMaxResults(options.maxResults, 1000, 50_000);
  const clauses = compileFilter(RUN_DOMAIN, options.filter);
  const orderBy = compileOrderBy(RUN_DOMAIN, options.orderBy);
  const view = options.runViewType ?? 'ACTIVE_ONLY';
  const runs: Run[] = [];
  for (const experimentId of new Set(options.experimentIds ?? [])) {
    validateExperimentId(experimentId);
    const location = await ctx.experimentLocation(experimentId);
    if (location === undefined) continue;
    const infos = await listRunInfos(ctx, location.dir, experimentId, view);
    runs.push(...(await Promise.all(infos.map(({ info, dir }) => assembleRun(ctx, info, dir, location.dir)))));
  }
  const matching = clauses.length === 0 ? runs : runs.filter((run) => matchesAll(clauses, (entity, key) => valueOf(run, entity, key)));
  const keys: SortKey<Run>[] = orderBy.map((o) => ({ ascending: o.ascending, get: (run: Run) => valueOf(run, o.entity, o.key) as SortValue }));
  keys.push({ ascending: false, get: (run) => run.info.startTime }, { ascending: true, get: (run) => run.info.runId });
  return paginate(sortBy(matching, keys), options.pageToken, maxResults);
}
