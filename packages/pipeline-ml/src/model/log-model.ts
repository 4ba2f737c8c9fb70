/**
 * `logModel(kpm, options)`: saves the model into a temporary folder first (every check, the bundle
 * and a trial load happen before anything exists in MLflow), then logs that folder as an MLflow 3
 * logged model linked to the run, optionally registered.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logModel as logModelFolder, MlflowClient, type LogModelOptions, type LogModelResult } from '@kedro-mlflow/mlflow-client';
import type { KedroPipelineModel } from './kedro-pipeline-model.js';
import { saveModel, type SaveModelOptions } from './save-model.js';

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
    return await logModelFolder(client, { ...rest, name, localDir: model });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
