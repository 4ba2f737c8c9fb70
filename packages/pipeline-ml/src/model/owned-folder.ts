/**
 * Who removes the temporary folder a model was downloaded (or copied) into: the loaded model that
 * reads it. `close()` removes it; a folder still there when the process exits (`process.exit()`, the
 * end of the event loop, an uncaught error) is removed synchronously by the exit hook, so a command
 * that never calls `close()` still leaves nothing behind. Only SIGKILL-like deaths escape both; the
 * scoring server's primary process removes a dead worker's folder (`metadata.downloadDir`).
 */
import { rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerExitParticipant } from '@kedro-mlflow/mlflow-client';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import type { LoadedPipelineModel } from './runtime/loaded-pipeline-model.js';

export interface OwnedFolder {
  readonly path: string;
  /** Removes the folder (idempotent). */
  remove(): Promise<void>;
}

export const MODEL_TEMP_PREFIX = 'kedro-pipeline-model-';

/** A new folder under the OS temp folder, removed by `remove()` or else when the process exits. */
export async function ownedTempFolder(prefix = MODEL_TEMP_PREFIX): Promise<OwnedFolder> {
  const path = await mkdtemp(join(tmpdir(), prefix));
  const unregister = registerExitParticipant({
    beforeExit: () => undefined,
    exit: () => rmSync(path, { recursive: true, force: true }),
  });
  let removing: Promise<void> | undefined;
  return {
    path,
    remove: () => {
      removing ??= rm(path, { recursive: true, force: true }).finally(unregister);
      return removing;
    },
  };
}

/**
 * The model as callers get it: `close()` closes the model's own resources, then removes `folder`
 * (when the model owns one); predictions after `close()` are a `closed` error, since the files
 * ParallelRunner workers import may be gone.
 */
export function ownedModel(model: LoadedPipelineModel, folder?: OwnedFolder): LoadedPipelineModel {
  let closing: Promise<void> | undefined;
  // Models saved before close() existed give none.
  const closeOwn = (model as Partial<LoadedPipelineModel>).close;
  return {
    signature: model.signature,
    metadata: folder === undefined ? model.metadata : { ...model.metadata, downloadDir: folder.path },
    predict: (input, params) => {
      if (closing !== undefined) {
        return Promise.reject(new KedroPipelineModelError(`The model ${model.metadata.modelUri ?? model.metadata.modelDir} was closed: load it again to predict.`, { kind: 'closed' }));
      }
      return model.predict(input, params);
    },
    close: () => {
      closing ??= (async () => {
        try {
          await closeOwn?.call(model);
        } finally {
          await folder?.remove();
        }
      })();
      return closing;
    },
  };
}
