/**
 * `loadModel(uri)`: a local folder (a path or `file:` URI) is opened where it is; `runs:/…`,
 * `models:/name/version`, `models:/name@alias`, `models:/m-…` and artifact URIs are downloaded
 * through `client` (default: a client of the environment's tracking URI) into a new temporary
 * folder that the returned model owns: its `close()` removes it (ParallelRunner workers import the
 * bundled code from it until then), and so does the process's exit when `close()` never came.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadModel, MlflowClient } from '@kedro-mlflow/mlflow-client';
import { openModelFolder } from './open-model-folder.js';
import { ownedTempFolder } from './owned-folder.js';
import type { LoadedPipelineModel } from './runtime/loaded-pipeline-model.js';

export interface LoadModelOptions {
  /** The client that resolves and downloads remote URIs. */
  client?: MlflowClient;
  /** Where to download a remote model (default: a new temporary folder). Yours: `close()` leaves it. */
  dstDir?: string;
}

const SCHEME = /^([a-z][a-z0-9+.-]*):/i;

function localPath(uri: string): string | undefined {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  const scheme = SCHEME.exec(uri)?.[1];
  // A Windows drive letter is not a scheme.
  return scheme === undefined || /^[a-z]$/i.test(scheme) ? resolve(uri) : undefined;
}

export async function loadModel(uri: string, options: LoadModelOptions = {}): Promise<LoadedPipelineModel> {
  const local = localPath(uri);
  if (local !== undefined && (await stat(local).catch(() => undefined))?.isDirectory()) return openModelFolder(local, uri);
  const client = options.client ?? new MlflowClient();
  if (options.dstDir !== undefined) return openModelFolder(await downloadModel(client, uri, options.dstDir), uri);
  const folder = await ownedTempFolder();
  try {
    return await openModelFolder(await downloadModel(client, uri, folder.path), uri, folder);
  } catch (error) {
    await folder.remove();
    throw error;
  }
}
