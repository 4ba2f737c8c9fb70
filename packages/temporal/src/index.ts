/**
 * @kedro-mlflow/temporal: pipelines on Temporal. `TemporalRunner` submits a pipeline run as one
 * workflow (each node an activity); `runWorker` runs the nodes inside the project on any machine.
 */
export { TemporalRunner } from './driver/temporal-runner.js';
export { parseRunnerOptions, TEMPORAL_RUNNER_OPTIONS } from './driver/runner-options.js';
export type { ResolvedRunnerOptions, TemporalRunnerOptions } from './driver/runner-options.js';
export { runWorker } from './worker/run-worker.js';
export type { RunningWorker, WorkerOptions } from './worker/run-worker.js';
export { TemporalRunnerError } from './errors/temporal-runner-error.js';
export type { TemporalRunnerErrorKind } from './errors/temporal-runner-error.js';
export { datasetsToTravel } from './intermediates.js';
export { dagPlanOf } from './workflow/dag-plan.js';
export type { DagPlan } from './workflow/contract.js';

/** The Temporal TypeScript SDK version this package is pinned to (every @temporalio/* dependency). */
export const TEMPORAL_SDK_VERSION = '1.24.0';
