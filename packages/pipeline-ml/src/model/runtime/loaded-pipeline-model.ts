/** What `loadModel` returns: the scoring server and `predict` take exactly this. */
import type { ModelSignature } from '@kedro-mlflow/mlflow-client';
import type { KedroPipelineFlavorConfig } from './flavor-config.js';

export interface LoadedPipelineModelMetadata {
  /** Where the model was loaded from (a URI, or the folder). */
  modelUri?: string;
  /** The local folder the model was read from. */
  modelDir: string;
  /**
   * The temporary folder `loadModel` downloaded (or the model flavor copied) the model into, which
   * this model owns: `close()` removes it, and so does the process's exit. Absent when the model
   * was opened where it is (a local folder, or a `dstDir` the caller gave).
   */
  downloadDir?: string;
  modelUuid: string | undefined;
  modelId: string | undefined;
  runId: string | undefined;
  /** The `kedro_pipeline` section of MLmodel. */
  flavor: KedroPipelineFlavorConfig;
  [key: string]: unknown;
}

export interface LoadedPipelineModel {
  /**
   * The output of the inference pipeline for `input`. `params`: `runner` (a runner name) and any
   * inference parameter (`threshold`, or `params:threshold`); the others keep their training values.
   */
  predict(input: unknown, params?: Record<string, unknown>): Promise<unknown>;
  signature: ModelSignature | undefined;
  metadata: LoadedPipelineModelMetadata;
  /**
   * Releases what the model holds: removes its `metadata.downloadDir` (a folder it was opened
   * from in place is never touched). Idempotent; `predict` afterwards is a `closed` error.
   */
  close(): Promise<void>;
}
