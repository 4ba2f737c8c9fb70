/**
 * Model URIs → where the files are, and downloads. `resolveModelUri` turns any model URI (see
 * `model-uri.ts`) into an artifact root URI plus a path under it:
 * - `models:/m-…` → the logged model's `artifact_uri`;
 * - `models:/name/3`, `models:/name@alias`, `models:/name/latest`, `models:/name/Production` → the
 *   version's download URI (for MLflow 3 versions: the logged model's artifacts);
 * - `runs:/<run_id>/<path>` → the run's artifacts at `path` when they exist, else (MLflow 3) the
 *   logged model named like the path's first segment whose source run is that run;
 * - `file:`/plain paths, `mlflow-artifacts:` and `http(s)` URIs → their parent and last segment.
 * Missing things raise `ModelNotFoundError` naming what exists (versions, aliases, artifacts) when
 * that takes one more request; malformed URIs raise `InvalidModelUriError` before any request.
 */
import { promises as fsp } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MlflowClient } from '../client/mlflow-client.js';
import type { LoggedModel } from '../entities/logged-model.js';
import type { ModelVersion, ModelVersionStage, RegisteredModel } from '../entities/registry.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { getLogger } from '../logger.js';
import { normalizeArtifactPath } from '../uri/artifact-path.js';
import { MLMODEL_FILE_NAME, readMLmodel, type MLmodel } from './mlmodel.js';
import { InvalidModelUriError, ModelNotFoundError } from './model-errors.js';
import { dumpModelYaml } from './model-yaml.js';
import { parseModelUri, type ParsedModelUri } from './model-uri.js';

const log = getLogger('mlflow-client.models');

/** What resolution needs from `MlflowClient` (a fake with these methods works too). */
export type ModelResolverClient = Pick<
  MlflowClient,
  | 'getLoggedModel'
  | 'getModelVersion'
  | 'getModelVersionDownloadUri'
  | 'getRegisteredModel'
  | 'getModelVersionByAlias'
  | 'getLatestVersions'
  | 'searchModelVersions'
  | 'getRun'
  | 'searchLoggedModels'
  | 'artifactRepository'
>;

export interface ResolvedModelLocation {
  /** The URI as given. */
  uri: string;
  parsed: ParsedModelUri;
  /** The artifact root to open a repository on (`client.artifactRepository(rootUri)`). */
  rootUri: string;
  /** The path under `rootUri` (`''` for the root itself). */
  path: string;
  /** The logged model, when the URI led to one. */
  modelId?: string;
  /** The registered model and version, for `models:/<name>…` URIs. */
  name?: string;
  version?: string;
  runId?: string;
}

const notFound = (error: unknown): boolean => MlflowApiError.isNotFound(error);
const quote = (s: string): string => `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

async function registeredModel(client: ModelResolverClient, uri: string, name: string): Promise<RegisteredModel> {
  try {
    return await client.getRegisteredModel(name);
  } catch (error) {
    if (notFound(error)) throw new ModelNotFoundError({ uri, missing: 'registered-model', message: `${uri}: no registered model named '${name}'.`, cause: error });
    throw error;
  }
}

async function versionNumbers(client: ModelResolverClient, name: string): Promise<string[]> {
  try {
    const page = await client.searchModelVersions({ filter: `name=${quote(name)}`, maxResults: 200 });
    return page.items.map((v) => v.version).sort((a, b) => Number(a) - Number(b));
  } catch {
    return [];
  }
}

type RegistryUri = Extract<ParsedModelUri, { kind: 'model-version' | 'model-alias' | 'model-latest' }>;

async function registryVersion(client: ModelResolverClient, parsed: RegistryUri): Promise<ModelVersion> {
  const { uri, name } = parsed;
  if (parsed.kind === 'model-version') {
    try {
      return await client.getModelVersion(name, parsed.version);
    } catch (error) {
      if (!notFound(error)) throw error;
      await registeredModel(client, uri, name);
      throw new ModelNotFoundError({ uri, missing: 'version', message: `${uri}: registered model '${name}' has no version ${parsed.version}.`, available: await versionNumbers(client, name), cause: error });
    }
  }
  if (parsed.kind === 'model-alias') {
    try {
      return await client.getModelVersionByAlias(name, parsed.alias);
    } catch (error) {
      // MLflow answers an unknown alias with INVALID_PARAMETER_VALUE, not a 404: the model's own aliases tell.
      const invalid = MlflowApiError.isInstance(error) && error.errorCode === 'INVALID_PARAMETER_VALUE';
      if (!notFound(error) && !invalid) throw error;
      const aliases = (await registeredModel(client, uri, name)).aliases;
      if (Object.prototype.hasOwnProperty.call(aliases, parsed.alias)) throw error;
      const available = Object.entries(aliases).map(([a, v]) => `@${a} (version ${v})`);
      throw new ModelNotFoundError({ uri, missing: 'alias', message: `${uri}: registered model '${name}' has no alias '${parsed.alias}'.`, available, cause: error });
    }
  }
  let latest: ModelVersion[];
  try {
    latest = await client.getLatestVersions(name, parsed.stage === undefined ? undefined : [parsed.stage as ModelVersionStage]);
  } catch (error) {
    if (notFound(error)) throw new ModelNotFoundError({ uri, missing: 'registered-model', message: `${uri}: no registered model named '${name}'.`, cause: error });
    throw error;
  }
  if (latest.length === 0) {
    throw new ModelNotFoundError({
      uri,
      missing: parsed.stage === undefined ? 'version' : 'stage',
      message: parsed.stage === undefined ? `${uri}: registered model '${name}' has no versions.` : `${uri}: registered model '${name}' has no version in stage '${parsed.stage}'.`,
    });
  }
  return latest.reduce((a, b) => (Number(b.version) > Number(a.version) ? b : a));
}

async function loggedModel(client: ModelResolverClient, uri: string, modelId: string): Promise<LoggedModel> {
  try {
    const model = await client.getLoggedModel(modelId);
    if (model.status === 'LOGGED_MODEL_UPLOAD_FAILED') log.warn(`${uri}: the logged model's upload failed; its files may be incomplete`);
    return model;
  } catch (error) {
    if (notFound(error) || (MlflowApiError.isInstance(error) && error.errorCode === 'INVALID_PARAMETER_VALUE' && !/^m-/.test(modelId))) {
      const hint = /^m-/.test(modelId) ? '' : ` (to name a registered model, add a version: 'models:/${modelId}/1', '/latest' or '@<alias>')`;
      throw new ModelNotFoundError({ uri, missing: 'logged-model', message: `${uri}: no logged model with ID '${modelId}'${hint}.`, cause: error });
    }
    throw error;
  }
}

/** The run's artifacts at `path`, or the logged model of that run named like its first segment. */
async function resolveRunUri(client: ModelResolverClient, parsed: Extract<ParsedModelUri, { kind: 'run' }>): Promise<ResolvedModelLocation> {
  const { uri, runId, path } = parsed;
  let run;
  try {
    run = await client.getRun(runId);
  } catch (error) {
    if (notFound(error)) throw new ModelNotFoundError({ uri, missing: 'run', message: `${uri}: no run with ID '${runId}'.`, cause: error });
    throw error;
  }
  const base: ResolvedModelLocation = { uri, parsed, rootUri: run.info.artifactUri, path, runId };
  if (path === '') return base;
  const repo = client.artifactRepository(run.info.artifactUri);
  const parent = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  const siblings = await repo.listArtifacts(parent === '' ? undefined : parent).catch(() => []);
  if (siblings.some((f) => f.path === path)) return base;

  const [name, ...rest] = path.split('/');
  const candidates: LoggedModel[] = [];
  let pageToken: string | undefined;
  do {
    const page = await client.searchLoggedModels(run.info.experimentId, { filter: `name = ${quote(name!)}`, ...(pageToken === undefined ? {} : { pageToken }) });
    candidates.push(...page.items.filter((m) => m.sourceRunId === runId));
    pageToken = page.nextPageToken;
  } while (pageToken !== undefined);
  if (candidates.length > 0) {
    // Like Python: several models of that name → the one logged at the largest step.
    const steps = new Map(run.outputs.modelOutputs.map((o) => [o.modelId, o.step]));
    candidates.sort((a, b) => (steps.get(b.modelId) ?? -1) - (steps.get(a.modelId) ?? -1) || b.creationTimestamp - a.creationTimestamp);
    const model = candidates[0]!;
    return { uri, parsed, rootUri: model.artifactUri, path: rest.join('/'), runId, modelId: model.modelId };
  }
  const available = (await repo.listArtifacts().catch(() => [])).map((f) => f.path);
  try {
    const models = await client.searchLoggedModels(run.info.experimentId, { filter: `source_run_id = ${quote(runId)}` });
    available.push(...models.items.map((m) => `${m.name} (logged model ${m.modelId})`));
  } catch {
    // listing is a courtesy
  }
  throw new ModelNotFoundError({ uri, missing: 'artifact', message: `${uri}: run ${runId} has no artifact '${path}' and no logged model named '${name}'.`, available });
}

/** `scheme://authority/a/b` → [`scheme://authority/a`, `b`]; a URI without a last segment stays whole. */
function splitArtifactUri(parsed: Extract<ParsedModelUri, { kind: 'artifact' }>): { rootUri: string; path: string } {
  const uri = parsed.uri.replace(/(?<=.)\/+$/, '');
  const authorityEnd = /^[a-zA-Z][\w+.-]*:\/\/[^/]*/.exec(uri)?.[0].length ?? /^[a-zA-Z][\w+.-]*:/.exec(uri)?.[0].length ?? 0;
  const slash = uri.lastIndexOf('/');
  const isUri = /^[a-zA-Z][\w+.-]*:/.test(uri) && !/^[a-zA-Z]:[\\/]/.test(uri);
  if (slash === -1 && !isUri) return { rootUri: '.', path: normalizeArtifactPath(uri) };
  if (slash < authorityEnd || slash === uri.length - 1) return { rootUri: uri, path: '' };
  let last = uri.slice(slash + 1);
  if (isUri) {
    try {
      last = decodeURIComponent(last);
    } catch {
      throw new InvalidModelUriError({ uri: parsed.uri, message: `Not a valid model URI: ${JSON.stringify(parsed.uri)}: bad percent-encoding.` });
    }
  }
  if (last === '.' || last === '..' || last.includes('/') || last.includes('\\')) {
    throw new InvalidModelUriError({ uri: parsed.uri, message: `Not a valid model URI: ${JSON.stringify(parsed.uri)}: it must name a folder, not '${last}'.` });
  }
  const root = slash === 0 ? '/' : uri.slice(0, slash) || '/';
  return { rootUri: root.endsWith(':') ? `${root}/` : root, path: normalizeArtifactPath(last) };
}

/** Where a model URI's files are: an artifact root and a path under it. */
export async function resolveModelUri(client: ModelResolverClient, uri: string): Promise<ResolvedModelLocation> {
  const parsed = parseModelUri(uri);
  switch (parsed.kind) {
    case 'artifact':
      return { uri, parsed, ...splitArtifactUri(parsed) };
    case 'run':
      return resolveRunUri(client, parsed);
    case 'logged-model': {
      const model = await loggedModel(client, parsed.uri, parsed.modelId);
      return { uri, parsed, rootUri: model.artifactUri, path: '', modelId: model.modelId, ...(model.sourceRunId === undefined ? {} : { runId: model.sourceRunId }) };
    }
    default: {
      const mv = await registryVersion(client, parsed);
      const version = mv.version;
      const rootUri = await client.getModelVersionDownloadUri(parsed.name, version);
      const modelId = mv.modelId ?? /^models:\/(m-[\w-]+)$/.exec(mv.source)?.[1];
      return {
        uri,
        parsed,
        rootUri,
        path: parsed.path,
        name: parsed.name,
        version,
        ...(modelId === undefined ? {} : { modelId }),
        ...(mv.runId === undefined || mv.runId === '' ? {} : { runId: mv.runId }),
      };
    }
  }
}

async function isDir(path: string): Promise<boolean> {
  return fsp.stat(path).then((s) => s.isDirectory(), () => false);
}

export interface DownloadModelOptions {
  /** Fail unless the downloaded folder has an MLmodel file (default: true unless the URI names a path inside a model). */
  requireMLmodel?: boolean;
  /** Like Python, write `registered_model_meta` (model name and version) into a `models:/` download. */
  writeRegisteredModelMeta?: boolean;
}

/**
 * Downloads a model's folder (MLmodel and every file) into `dstDir` (a new temp folder when
 * omitted) and returns its local path: `dstDir` itself for `models:/…`, `dstDir/<path>` for
 * `runs:/<id>/<path>` resolved to run artifacts and for artifact URIs (like Python).
 */
export async function downloadModel(client: ModelResolverClient, uri: string, dstDir?: string, options: DownloadModelOptions = {}): Promise<string> {
  const location = await resolveModelUri(client, uri);
  const made = dstDir === undefined;
  const target = dstDir ?? (await mkdtemp(join(tmpdir(), 'mlflow-model-')));
  try {
    await fsp.mkdir(target, { recursive: true });
    const repo = client.artifactRepository(location.rootUri);
    let local: string;
    try {
      local = await repo.downloadArtifacts(location.path, target);
    } catch (error) {
      if (notFound(error)) throw new ModelNotFoundError({ uri, missing: 'artifact', message: `${uri}: nothing at ${location.rootUri}${location.path === '' ? '' : `/${location.path}`}.`, cause: error });
      throw error;
    }
    const p = location.parsed;
    const pathInsideModel = (p.kind === 'model-version' || p.kind === 'model-alias' || p.kind === 'model-latest') && p.path !== '';
    if (options.requireMLmodel ?? !pathInsideModel) {
      const hasMLmodel = (await isDir(local)) && (await fsp.stat(join(local, MLMODEL_FILE_NAME)).then(() => true, () => false));
      if (!hasMLmodel) {
        const present = (await isDir(local)) ? (await fsp.readdir(local)).sort() : [];
        throw new ModelNotFoundError({ uri, missing: 'mlmodel', message: `${uri}: no ${MLMODEL_FILE_NAME} file there, so it is not an MLflow model. Files found:`, available: present });
      }
    }
    if (options.writeRegisteredModelMeta && p.kind !== 'artifact' && p.kind !== 'run' && (await isDir(local))) {
      await fsp.writeFile(join(local, 'registered_model_meta'), dumpModelYaml({ model_name: location.name ?? null, model_version: location.version ?? null }));
    }
    return local;
  } catch (error) {
    if (made) await rm(target, { recursive: true, force: true });
    throw error;
  }
}

/** The MLmodel of any model URI (only that file is downloaded). */
export async function loadModelInfo(client: ModelResolverClient, uri: string): Promise<MLmodel> {
  const location = await resolveModelUri(client, uri);
  const dir = await mkdtemp(join(tmpdir(), 'mlflow-mlmodel-'));
  try {
    const file = location.path === '' ? MLMODEL_FILE_NAME : `${location.path}/${MLMODEL_FILE_NAME}`;
    let local: string;
    try {
      local = await client.artifactRepository(location.rootUri).downloadArtifacts(file, dir);
    } catch (error) {
      if (notFound(error)) throw new ModelNotFoundError({ uri, missing: 'mlmodel', message: `${uri}: no ${MLMODEL_FILE_NAME} file at ${location.rootUri}${location.path === '' ? '' : `/${location.path}`}, so it is not an MLflow model.`, cause: error });
      throw error;
    }
    return await readMLmodel(local);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
