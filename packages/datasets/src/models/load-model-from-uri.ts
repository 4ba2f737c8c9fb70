/**
 * Loading a model by URI: downloaded through the pipeline run's client (the environment's outside
 * a run) into a temporary folder, read with the flavor, and the folder removed.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadModel, type MlflowClient } from '@kedro-mlflow/mlflow-client';
import { withMlflowClient } from '../mlflow/run-client.js';
import { loadModelFolder } from './model-folder.js';
import type { FlavorArgs, ModelFlavor } from './model-flavor.js';

/** Loads the model at `uri`, or at the URI `pin` picks with the client (e.g. the exact version a registry URI resolves to). */
export async function loadModelFromUri(
  dataset: string,
  uri: string,
  flavor: ModelFlavor | undefined,
  args: FlavorArgs,
  pin?: (client: MlflowClient) => Promise<string>,
): Promise<unknown> {
  const dir = await mkdtemp(join(tmpdir(), 'kedro-mlflow-model-'));
  try {
    const local = await withMlflowClient(async (client) => downloadModel(client, pin === undefined ? uri : await pin(client), dir));
    return await loadModelFolder(dataset, uri, local, flavor, args);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
