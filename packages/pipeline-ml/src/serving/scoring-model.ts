/**
 * What the scoring server and `predict` need from a model: a `predict` over the enforced input (an
 * arquero table for column-based signatures and dataframe inputs, the raw JSON value otherwise) and
 * the signature used to check inputs and params. A `ScoringModelLoader` is handed to the server,
 * which listens at once and answers 503 until the loader resolves.
 */
import type { ModelSignature } from '@kedro-mlflow/mlflow-client';

export interface ScoringModelMetadata {
  /** The URI the model was loaded from, for logs. */
  modelUri?: string;
  /**
   * A temporary folder the model owns and removes on `close()`: the server's primary process
   * removes it too when the worker that loaded the model dies without closing it.
   */
  downloadDir?: string;
  /** MLmodel's `model_uuid`, `run_id`, … as the loader found them. */
  [key: string]: unknown;
}

export interface ScoringModel {
  /**
   * Predictions for one request: a table, an array, a typed array or any JSON-able value. `params`
   * are the inference params after checks against the signature (defaults filled in).
   */
  predict(input: unknown, params?: Record<string, unknown>): Promise<unknown> | unknown;
  signature?: ModelSignature | undefined;
  metadata?: ScoringModelMetadata | undefined;
  /** Releases the model (its download folder); the server calls it once, when it closes. */
  close?(): Promise<void> | void;
}

export type ScoringModelLoader = () => Promise<ScoringModel>;
