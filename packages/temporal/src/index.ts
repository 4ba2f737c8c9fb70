/**
 * @kedro-mlflow/temporal — pipelines on Temporal (issue 11 §3). Only the package skeleton exists so
 * far; the TemporalRunner, its workflow and activity and `runWorker` are not written yet (see README).
 */
/** The Temporal TypeScript SDK version this package is pinned to (every @temporalio/* dependency). */
export const TEMPORAL_SDK_VERSION = '1.24.0';
