/**
 * Loading an artifact dataset from a run: the run's copy of the file or folder is downloaded next
 * to the local path (its parent folders created first, kedro-mlflow #682) and then takes its place,
 * so the wrapped dataset loads it as usual. A file is replaced in one rename; a folder (a
 * PartitionedDataset) replaces the local folder, so no stale local partition is loaded with it.
 */
import { mkdir, mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { MlflowApiError, type MlflowClient } from '@kedro-mlflow/mlflow-client';
import { MlflowDatasetError } from './errors/mlflow-dataset-error.js';

export interface ArtifactSource {
  client: MlflowClient;
  runId: string;
  /** The artifact's path in the run. */
  artifact: string;
  /** Names the dataset in errors. */
  dataset: string;
}

function isMissing(error: unknown): boolean {
  return MlflowApiError.isInstance(error) && (error.errorCode === 'RESOURCE_DOES_NOT_EXIST' || error.status === 404);
}

/** Puts the run's copy of `source.artifact` at `localPath` (file or folder). */
export async function downloadOver(source: ArtifactSource, localPath: string): Promise<void> {
  const parent = dirname(localPath);
  await mkdir(parent, { recursive: true });
  const staging = await mkdtemp(join(parent, `.${basename(localPath)}.mlflow-download-`));
  try {
    let downloaded: string;
    try {
      downloaded = await source.client.downloadArtifacts(source.runId, source.artifact, staging);
    } catch (error) {
      if (!isMissing(error)) throw error;
      throw new MlflowDatasetError({
        kind: 'artifact-not-found',
        dataset: source.dataset,
        key: source.artifact,
        runId: source.runId,
        message: `Cannot load dataset ${source.dataset}: run '${source.runId}' has no artifact '${source.artifact}'. Check 'run_id' (or 'load_run_id') and 'artifact_path', or save the dataset in that run first.`,
        cause: error,
      });
    }
    if ((await stat(downloaded)).isDirectory()) await rm(localPath, { recursive: true, force: true });
    await rename(downloaded, localPath);
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
