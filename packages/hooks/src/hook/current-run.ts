/**
 * How the pipeline's MLflow run reaches the code of a run (node functions, datasets, hooks): the
 * run scope of `@kedro-mlflow/datasets` (an AsyncLocalStorage that `MlflowHook.aroundPipelineRun`
 * enters around the runner's work, never a process-wide "current run"), with the hook's resolved
 * mlflow.yml added to the context. It lives in the datasets package because the MLflow datasets
 * read it and the package graph is `hooks → datasets`.
 */
import {
  currentMlflowRun as currentRunOf,
  isMlflowTrackingDisabled,
  runInMlflowScope as runInScope,
  type MlflowRunContext as DatasetRunContext,
} from '@kedro-mlflow/datasets';
import type { ResolvedMlflowConfig } from '../config/load-config.js';

/** The MLflow run of the pipeline run in progress. */
export interface MlflowRunContext extends DatasetRunContext {
  readonly config: ResolvedMlflowConfig;
}

/** What the storage holds during a pipeline run: its MLflow run, or "tracking is disabled for it". */
export type MlflowRunScope = { enabled: true; run: MlflowRunContext } | { enabled: false };

/** The MLflow run of the pipeline run this code is part of; undefined outside one or when tracking is disabled. */
export function currentMlflowRun(): MlflowRunContext | undefined {
  return currentRunOf<MlflowRunContext>();
}

/** Runs `fn` with `scope` as the current MLflow scope (what the hook does around a pipeline run). */
export function runInMlflowScope<T>(scope: MlflowRunScope, fn: () => T): T {
  return runInScope(scope, fn);
}

export { isMlflowTrackingDisabled };
