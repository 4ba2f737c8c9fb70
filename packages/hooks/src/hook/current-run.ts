/**
 * How the pipeline's MLflow run reaches the code of a run (node functions, datasets, hooks):
 * through an AsyncLocalStorage that `MlflowHook.aroundPipelineRun` enters around the runner's work,
 * never through a process-wide "current run". Two sessions running at once in one process each see
 * their own run; code outside a pipeline run sees none.
 *
 * The storage lives on globalThis under a Symbol.for key, so every copy of this package in the
 * process (the CLI's and the project's) reads the same one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MlflowTracking } from '@kedro-mlflow/mlflow-client';
import type { ResolvedMlflowConfig } from '../config/load-config.js';

/** The MLflow run of the pipeline run in progress. */
export interface MlflowRunContext {
  readonly runId: string;
  readonly experimentId: string;
  /** Log through it: `tracking.logMetric(…)` goes to the pipeline run (or a nested run of the node). */
  readonly tracking: MlflowTracking;
  readonly config: ResolvedMlflowConfig;
}

/** What the storage holds during a pipeline run: its MLflow run, or "tracking is disabled for it". */
export type MlflowRunScope = { enabled: true; run: MlflowRunContext } | { enabled: false };

const STORAGE_KEY = Symbol.for('@kedro-mlflow/hooks.currentRun');
type Holder = { [STORAGE_KEY]?: AsyncLocalStorage<MlflowRunScope> };

function storage(): AsyncLocalStorage<MlflowRunScope> {
  const holder = globalThis as Holder;
  holder[STORAGE_KEY] ??= new AsyncLocalStorage<MlflowRunScope>();
  return holder[STORAGE_KEY];
}

/** The MLflow run of the pipeline run this code is part of; undefined outside one or when tracking is disabled. */
export function currentMlflowRun(): MlflowRunContext | undefined {
  const scope = storage().getStore();
  return scope?.enabled === true ? scope.run : undefined;
}

/** True inside a pipeline run whose tracking `disable_tracking.pipelines` turned off (datasets must not log). */
export function isMlflowTrackingDisabled(): boolean {
  return storage().getStore()?.enabled === false;
}

/** Runs `fn` with `scope` as the current MLflow scope (what the hook does around a pipeline run). */
export function runInMlflowScope<T>(scope: MlflowRunScope, fn: () => T): T {
  return storage().run(scope, fn);
}
