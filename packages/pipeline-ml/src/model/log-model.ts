/**
 * `logModel(kpm, options)`: saves the model into a temporary folder first (every check, the bundle
 * and a trial load happen before anything exists in MLflow), then logs that folder as an MLflow 3
 * logged model linked to the run, optionally registered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { logModel as logModelFolder, MlflowClient, type LogModelOptions, type LogModelResult } from '@kedro-mlflow/mlflow-client';
import type { KedroPipelineModel } from './kedro-pipeline-model.js';
import { saveModel, type SaveModelOptions } from './save-model.js';

const log = getLogger('kedro_mlflow.mlflow.kedro_pipeline_model');

export interface LogPipelineModelOptions extends SaveModelOptions {
  /** The client (default: one of the environment's tracking URI). */
  client?: MlflowClient;
  /** The model's name (default `model`). */
  name?: string;
  /** The run the model belongs to. */
  runId?: string;
  experimentId?: string;
  registeredModelName?: string;
  registeredModelAliases?: string[];
  params?: LogModelOptions['params'];
  tags?: LogModelOptions['tags'];
}

export async function logModel(kpm: KedroPipelineModel, options: LogPipelineModelOptions = {}): Promise<LogModelResult> {
  const dir = await mkdtemp(join(tmpdir(), 'kedro-pipeline-model-'));
  try {
    const model = join(dir, 'model');
    await saveModel(kpm, model, options);
    const { client = new MlflowClient(), name = 'model', signature: _signature, inputExample: _example, metadata: _metadata, ...rest } = options;
    const result = await logModelFolder(client, { ...rest, name, localDir: model });
    const version = result.registeredModelVersion;
    // Like Python MLflow's "Created version '1' of model …": the URI to serve is otherwise nowhere in the output.
    if (version !== undefined) log.info("Registered model '%s': created version '%s' (models:/%s/%s).", version.name, version.version, version.name, version.version);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
