/**
 * `logModel`: MLflow 3's `log_model` flow (`mlflow.pyfunc.log_model` and the flavors'
 * `log_model` all end in `Model.log`), flavor-agnostic.
 *
 * 1. create a LoggedModel (PENDING) in the run's experiment with params (the run's params merged
 *    with yours, yours win) and tags (`mlflow.user`, `mlflow.source.*` + yours);
 * 2. with a run: record it in the run's outputs at `step`, and link the run's metrics of that step
 *    to the model (re-logged with `model_id`, like Python);
 * 3. write MLmodel — `artifact_path` = the model's artifact URI, `model_uuid` = `model_id` = the id,
 *    `run_id`, `utc_time_created`, `mlflow_version` (the server's `/version`; `MLFLOW_FORMAT_VERSION`
 *    for file stores), flavors, signature, input example, size, metadata — plus environment and
 *    extra files;
 * 4. upload the folder to the model's artifact URI and finalize READY — or UPLOAD_FAILED on any
 *    error, which is then rethrown;
 * 5. optionally register it (`registerLoggedModel`).
 *
 * The model's files come from `localDir` (left untouched: generated files are uploaded after it,
 * overriding any of the same name), or from `write(dir)`, called once the model exists. A folder
 * that already has an MLmodel (e.g. saved by Python) keeps its flavors, signature and example
 * unless you give new ones; only the tracking fields are rewritten.
 */
import { promises as fsp } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir, userInfo } from 'node:os';
import { basename, join } from 'node:path';
import type { MlflowClient } from '../client/mlflow-client.js';
import type { LoggableValue } from '../client/prepare-inputs.js';
import type { ModelVersion } from '../entities/registry.js';
import type { Run } from '../entities/tracking.js';
import { walkFiles } from '../artifacts/walk-files.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { getLogger } from '../logger.js';
import { normalizeArtifactPath } from '../uri/artifact-path.js';
import { validateAlias, validateLoggedModelName } from '../validation.js';
import { prepareInputExample, type InputExample, type PreparedInputExample } from './input-example.js';
import { formatUtcTimeCreated, MLMODEL_FILE_NAME, readMLmodel, writeMLmodel, type FlavorConfig, type MLmodel } from './mlmodel.js';
import { environmentFiles, type PythonEnvironment } from './model-environment.js';
import { loggedModelUri } from './model-uri.js';
import type { YamlValue } from './model-yaml.js';
import { mlflowVersionOf } from './mlflow-version.js';
import { registerLoggedModel } from './register-model.js';
import { SchemaError, signatureToStrings, type ModelSignature, type SignatureStrings } from './signature.js';

const log = getLogger('mlflow-client.models');

export interface LogModelOptions {
  /** The model's name (no `/ . : % ' "`); shown in the UI and used by `runs:/<run_id>/<name>`. */
  name: string;
  /** A folder with the model's files (not modified). */
  localDir?: string;
  /** Or: writes the model's files into `dir` (a fresh temp folder), once the model exists. */
  write?: (dir: string, model: { modelId: string; artifactUri: string }) => Promise<void>;
  /** Flavor name → configuration. Required unless the folder already has an MLmodel. */
  flavors?: Record<string, FlavorConfig>;
  /** The run that produced the model: its experiment, params, outputs and metrics are used. */
  runId?: string;
  /** Without a run: the experiment (default `MLFLOW_EXPERIMENT_ID`, else `0`, "Default"). */
  experimentId?: string;
  /** The run step the model belongs to (default 0). */
  step?: number;
  signature?: ModelSignature;
  /** Saved as input_example.json + serving_input_example.json. */
  inputExample?: InputExample;
  /** Infer the signature's inputs from a tabular input example when no signature is given (default true). */
  inferSignature?: boolean;
  metadata?: Record<string, YamlValue>;
  params?: Record<string, LoggableValue>;
  tags?: Record<string, LoggableValue>;
  modelType?: string;
  /** Writes requirements.txt (and python_env.yaml + conda.yaml with `pythonVersion`). */
  pipRequirements?: string[];
  pythonVersion?: string;
  /** Files or folders copied into the model folder (`path`: where, relative; default the base name). */
  extraFiles?: Array<{ source: string; path?: string }>;
  /** Registers the model as a new version of this registered model. */
  registeredModelName?: string;
  /** Aliases for the new version (with `registeredModelName`). */
  registeredModelAliases?: string[];
  awaitRegistrationForMs?: number;
  /** Merge the run's params into the model's (default true, like Python). */
  inheritRunParams?: boolean;
  /** Link the run's metrics of `step` to the model (default true, like Python). */
  linkRunMetrics?: boolean;
  /** Add `mlflow.user`, `mlflow.source.name`, `mlflow.source.type` tags (default true). */
  contextTags?: boolean;
}

export interface LogModelResult {
  modelId: string;
  /** `models:/m-…` */
  modelUri: string;
  /** Where the files are (`mlflow-artifacts:/1/models/m-…/artifacts`, `file:///…`). */
  artifactUri: string;
  experimentId: string;
  runId?: string;
  /** The MLmodel that was uploaded. */
  mlmodel: MLmodel;
  registeredModelVersion?: ModelVersion;
}

export type LogModelClient = MlflowClient;

function invalid(message: string, cause?: unknown): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message, cause });
}

function contextTags(): Record<string, string> {
  let user = 'unknown';
  try {
    user = userInfo().username;
  } catch {
    user = process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
  const script = process.argv[1];
  return { 'mlflow.user': user, 'mlflow.source.name': script === undefined ? 'node' : basename(script), 'mlflow.source.type': 'LOCAL' };
}

/** Checks everything that can be checked before anything is created. */
async function prepare(options: LogModelOptions): Promise<{ signature?: SignatureStrings; example?: PreparedInputExample; files: Record<string, string> }> {
  if (typeof options.name !== 'string') throw invalid('logModel needs a name.');
  validateLoggedModelName(options.name);
  if (options.localDir !== undefined && options.write !== undefined) throw invalid('logModel takes either localDir or write, not both.');
  if (options.localDir !== undefined) {
    const stat = await fsp.stat(options.localDir).catch(() => undefined);
    if (stat === undefined || !stat.isDirectory()) throw invalid(`logModel: localDir ${JSON.stringify(options.localDir)} is not a folder.`);
  }
  if (options.step !== undefined && !Number.isInteger(options.step)) throw invalid(`logModel: step must be an integer, got ${options.step}.`);
  if (options.flavors !== undefined && (typeof options.flavors !== 'object' || Object.keys(options.flavors).length === 0)) throw invalid('logModel: flavors must name at least one flavor.');
  if (options.flavors === undefined && options.write === undefined) {
    // The flavors must come from the folder's MLmodel: read it now (a bad one fails here, before anything is created).
    if (options.localDir === undefined) throw invalid('logModel needs flavors (or a localDir/write that provides an MLmodel).');
    const existing = await fsp.stat(join(options.localDir, MLMODEL_FILE_NAME)).then((s) => s.isFile(), () => false);
    if (!existing) throw invalid(`logModel: no flavors given and no ${MLMODEL_FILE_NAME} in ${options.localDir} to take them from.`);
    await readMLmodel(options.localDir);
  }
  if (options.registeredModelName !== undefined && options.registeredModelName.trim() === '') throw invalid('logModel: registeredModelName is empty.');
  if (options.registeredModelAliases !== undefined) {
    if (options.registeredModelName === undefined) throw invalid('logModel: registeredModelAliases needs registeredModelName.');
    options.registeredModelAliases.forEach((a) => validateAlias(a));
  }
  for (const extra of options.extraFiles ?? []) {
    if ((await fsp.stat(extra.source).catch(() => undefined)) === undefined) throw invalid(`logModel: extra file ${JSON.stringify(extra.source)} does not exist.`);
    normalizeArtifactPath(extra.path ?? basename(extra.source));
  }
  try {
    const example = options.inputExample === undefined ? undefined : prepareInputExample(options.inputExample);
    let signature = options.signature === undefined ? undefined : signatureToStrings(options.signature);
    if (signature === undefined && example?.inferredSchema !== undefined && options.inferSignature !== false) {
      signature = signatureToStrings({ inputs: example.inferredSchema });
    }
    const env: PythonEnvironment | undefined =
      options.pipRequirements === undefined ? undefined : { pipRequirements: options.pipRequirements, ...(options.pythonVersion === undefined ? {} : { pythonVersion: options.pythonVersion }) };
    const files = { ...(example?.files ?? {}), ...(env === undefined ? {} : environmentFiles(env)) };
    return { ...(signature === undefined ? {} : { signature }), ...(example === undefined ? {} : { example }), files };
  } catch (error) {
    if (error instanceof SchemaError || error instanceof TypeError) throw invalid(`logModel: ${error.message}`, error);
    throw error;
  }
}

async function totalSize(dir: string | undefined, skip: string[] = []): Promise<number> {
  if (dir === undefined) return 0;
  let size = 0;
  for (const rel of await walkFiles(dir)) if (!skip.includes(rel)) size += (await fsp.stat(join(dir, ...rel.split('/')))).size;
  return size;
}

/** Re-logs the run's metrics of `step` with `model_id`, so they show on the model (Python does this too). */
async function linkMetrics(client: LogModelClient, runId: string, modelId: string, step: number): Promise<void> {
  const run = await client.getRun(runId);
  const metrics = [];
  for (const key of Object.keys(run.data.metrics)) {
    for (const m of await client.getMetricHistory(runId, key)) {
      if (m.step !== step || m.modelId !== undefined) continue;
      metrics.push({ key: m.key, value: m.value, timestamp: m.timestamp, step: m.step, modelId, ...(m.datasetName === undefined ? {} : { datasetName: m.datasetName }), ...(m.datasetDigest === undefined ? {} : { datasetDigest: m.datasetDigest }) });
    }
  }
  if (metrics.length > 0) await client.logBatch(runId, { metrics });
}

/** Logs a model folder as an MLflow 3 logged model (see the module comment). */
export async function logModel(client: LogModelClient, options: LogModelOptions): Promise<LogModelResult> {
  const prepared = await prepare(options);
  const step = options.step ?? 0;
  let run: Run | undefined;
  if (options.runId !== undefined) run = await client.getRun(options.runId);
  const experimentId = run?.info.experimentId ?? options.experimentId ?? process.env.MLFLOW_EXPERIMENT_ID ?? '0';
  if (run !== undefined && options.experimentId !== undefined && options.experimentId !== run.info.experimentId) {
    throw invalid(`logModel: run ${run.info.runId} belongs to experiment ${run.info.experimentId}, not ${options.experimentId}.`);
  }
  const params = { ...(run !== undefined && options.inheritRunParams !== false ? run.data.params : {}), ...options.params };
  const tags = { ...(options.contextTags === false ? {} : contextTags()), ...options.tags };
  const model = await client.createLoggedModel(experimentId, {
    name: options.name,
    ...(run === undefined ? {} : { sourceRunId: run.info.runId }),
    ...(options.modelType === undefined ? {} : { modelType: options.modelType }),
    params,
    tags,
  });
  const { modelId, artifactUri } = model;
  const temps: string[] = [];
  let mlmodel: MLmodel;
  try {
    if (run !== undefined) {
      await client.logOutputs(run.info.runId, [{ modelId, step }]);
      if (options.linkRunMetrics !== false) await linkMetrics(client, run.info.runId, modelId, step);
    }
    const mlflowVersion = await mlflowVersionOf(client);
    let workDir = options.localDir;
    if (options.write !== undefined) {
      workDir = await mkdtemp(join(tmpdir(), 'mlflow-model-'));
      temps.push(workDir);
      await options.write(workDir, { modelId, artifactUri });
    }
    const genDir = await mkdtemp(join(tmpdir(), 'mlflow-model-meta-'));
    temps.push(genDir);
    const hasExisting = workDir !== undefined && (await fsp.stat(join(workDir, MLMODEL_FILE_NAME)).then((s) => s.isFile(), () => false));
    const existing = hasExisting ? await readMLmodel(join(workDir!, MLMODEL_FILE_NAME)) : undefined;
    const flavors = options.flavors ?? existing?.flavors;
    if (flavors === undefined) throw invalid(`logModel: no flavors given and ${workDir === undefined ? 'no model folder' : `no MLmodel in ${workDir}`} to take them from.`);

    for (const [name, text] of Object.entries(prepared.files)) await fsp.writeFile(join(genDir, name), text, 'utf8');
    for (const extra of options.extraFiles ?? []) {
      const target = join(genDir, ...normalizeArtifactPath(extra.path ?? basename(extra.source)).split('/'));
      await fsp.cp(extra.source, target, { recursive: true });
    }
    const signature = prepared.signature ?? existing?.signature;
    const extra: Record<string, YamlValue> = { ...existing?.extra };
    if (signature !== undefined) {
      extra.is_signature_from_type_hint ??= false;
      extra.type_hint_from_example ??= false;
    }
    mlmodel = {
      artifactPath: artifactUri,
      flavors,
      modelUuid: modelId,
      modelId,
      utcTimeCreated: formatUtcTimeCreated(),
      mlflowVersion,
      modelSizeBytes: (await totalSize(workDir, [MLMODEL_FILE_NAME])) + (await totalSize(genDir)),
      extra,
    };
    if (run !== undefined) mlmodel.runId = run.info.runId;
    if (signature !== undefined) mlmodel.signature = signature;
    const exampleInfo = prepared.example?.info ?? existing?.savedInputExampleInfo;
    if (exampleInfo !== undefined) mlmodel.savedInputExampleInfo = exampleInfo;
    const metadata = options.metadata ?? existing?.metadata;
    if (metadata !== undefined) mlmodel.metadata = metadata;
    await writeMLmodel(genDir, mlmodel);

    const repo = client.artifactRepository(artifactUri);
    if (workDir !== undefined) await repo.logArtifacts(workDir);
    await repo.logArtifacts(genDir);
    await client.finalizeLoggedModel(modelId, 'LOGGED_MODEL_READY');
  } catch (error) {
    try {
      await client.finalizeLoggedModel(modelId, 'LOGGED_MODEL_UPLOAD_FAILED');
    } catch (finalizeError) {
      log.warn(`could not mark logged model ${modelId} UPLOAD_FAILED: ${(finalizeError as Error).message}`);
    }
    throw error;
  } finally {
    for (const dir of temps) await rm(dir, { recursive: true, force: true });
  }
  const result: LogModelResult = { modelId, modelUri: loggedModelUri(modelId), artifactUri, experimentId, mlmodel };
  if (run !== undefined) result.runId = run.info.runId;
  if (options.registeredModelName !== undefined) {
    try {
      result.registeredModelVersion = await registerLoggedModel(client, modelId, options.registeredModelName, {
        ...(options.tags === undefined ? {} : { tags: options.tags }),
        ...(options.registeredModelAliases === undefined ? {} : { aliases: options.registeredModelAliases }),
        ...(options.awaitRegistrationForMs === undefined ? {} : { awaitRegistrationForMs: options.awaitRegistrationForMs }),
      });
    } catch (error) {
      log.warn(`logged model ${modelId} is READY, but registering it as '${options.registeredModelName}' failed: ${(error as Error).message}`);
      throw error;
    }
  }
  return result;
}
