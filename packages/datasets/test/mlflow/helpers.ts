/** Shared by the artifact and metric dataset tests: a run scope like a pipeline run's, runs, tables. */
import { MlflowTracking, type FileInfo } from '@kedro-mlflow/mlflow-client';
import * as aq from 'arquero';
import { runInMlflowScope } from '../../src/index.js';
import type { Target } from '../models/model-helpers.js';

export { runIds, uniqueName, useTarget } from '../models/model-helpers.js';
export type { Target } from '../models/model-helpers.js';

/** A new run of the target's experiment (left RUNNING; the tests never need it ended). */
export async function newRun(target: Target): Promise<string> {
  return (await target.client.createRun(target.experimentId)).info.runId;
}

/** Runs `fn` inside the MLflow scope of `runId`, as MlflowHook does around a pipeline run. */
export async function inRunScope<T>(target: Target, runId: string, fn: () => Promise<T>): Promise<T> {
  const tracking = new MlflowTracking({ client: target.client, exitHandlers: false, journalDir: false });
  try {
    return await runInMlflowScope({ enabled: true, run: { runId, experimentId: target.experimentId, tracking } }, fn);
  } finally {
    await tracking.close();
  }
}

/** Every artifact file of a run, recursively, as paths. */
export async function artifactFiles(target: Target, runId: string, path?: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (entries: FileInfo[]): Promise<void> => {
    for (const entry of entries) {
      if (entry.isDir) await visit(await target.client.listArtifacts(runId, entry.path));
      else out.push(entry.path);
    }
  };
  await visit(await target.client.listArtifacts(runId, path));
  return out.sort();
}

export const df1 = (): aq.ColumnTable => aq.table({ col1: [1, 2], col2: [4, 5], col3: [5, 6] });
export const df2 = (): aq.ColumnTable => aq.table({ col1: [7, 8], col2: [9, 10], col3: [11, 12] });
