/**
 * `loadModel(uri)`: a local folder (a path or `file:` URI) is opened where it is; `runs:/…`,
 * `models:/name/version`, `models:/name@alias`, `models:/m-…` and artifact URIs are downloaded
 * through `client` (default: a client of the environment's tracking URI) into a new temporary
 * folder that is kept, since ParallelRunner workers import the bundled code later.
 */
import { stat } from 'node:fs/promises';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { downloadModel, MlflowClient } from '@kedro-mlflow/mlflow-client';
import { openModelFolder } from './open-model-folder.js';
import type { LoadedPipelineModel } from './runtime/loaded-pipeline-model.js';

export interface LoadModelOptions {
  /** The client that resolves and downloads remote URIs. */
  client?: MlflowClient;
  /** Where to download a remote model (default: a new temporary folder). */
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
  const dir = options.dstDir ?? (await mkdtemp(join(tmpdir(), 'kedro-pipeline-model-')));
  const downloaded = await downloadModel(client, uri, dir);
  return openModelFolder(downloaded, uri);
}
