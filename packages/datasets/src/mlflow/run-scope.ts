/**
 * How the pipeline's MLflow run reaches the code of a run (node functions, datasets, hooks):
 * through an AsyncLocalStorage that `MlflowHook.aroundPipelineRun` enters around the runner's work,
 * never through a process-wide "current run". Two sessions running at once in one process each see
 * their own run; code outside a pipeline run sees none. With every runner the datasets are loaded
 * and saved in that async context (ParallelRunner runs only node functions on worker threads), so
 * everything a run logs lands in its one MLflow run (kedro-mlflow #613, #624, #646, #689).
 *
 * It lives here, below the hooks package, because the MLflow datasets read it. The storage sits on
 * globalThis under a Symbol.for key (the key of its first home, `@kedro-mlflow/hooks`, kept so that
 * older copies agree), so every copy of these packages in the process reads the same one.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MlflowTracking } from '@kedro-mlflow/mlflow-client';

/** The MLflow run of the pipeline run in progress: what a dataset needs to log into it. */
export interface MlflowRunContext {
  readonly runId: string;
  readonly experimentId: string;
  /** Log through it (`tracking.client` with `runId`): the client configured by mlflow.yml. */
  readonly tracking: MlflowTracking;
  /**
   * True when the hook created this run in this process for this pipeline run (not resumed, not an
   * orchestrator's): every metric point of `runId` then goes through `tracking`, so a metric's
   * server history is what `tracking.forRun(runId).lastLoggedStep(key)` knows, and metric datasets
   * compute their next step without asking the server. False or absent: they read the server.
   */
  readonly localHistory?: boolean;
}

/**
 * The key under which a distributed runner hands its workers the driver's MLflow run id
 * (`runParams.partOf.values`): each worker's hook then logs into that one run.
 */
export const PART_MLFLOW_RUN_ID = 'mlflow_run_id';

/** What the storage holds during a pipeline run: its MLflow run, or "tracking is disabled for it". */
export type MlflowRunScope<C extends MlflowRunContext = MlflowRunContext> = { enabled: true; run: C } | { enabled: false };

const STORAGE_KEY = Symbol.for('@kedro-mlflow/hooks.currentRun');
type Holder = { [STORAGE_KEY]?: AsyncLocalStorage<MlflowRunScope> };

function storage(): AsyncLocalStorage<MlflowRunScope> {
  const holder = globalThis as Holder;
  holder[STORAGE_KEY] ??= new AsyncLocalStorage<MlflowRunScope>();
  return holder[STORAGE_KEY];
}

/** The MLflow run of the pipeline run this code is part of; undefined outside one or when tracking is disabled. */
export function currentMlflowRun<C extends MlflowRunContext = MlflowRunContext>(): C | undefined {
  const scope = storage().getStore();
  return scope?.enabled === true ? (scope.run as C) : undefined;
}

/** True inside a pipeline run whose tracking `disable_tracking.pipelines` turned off (datasets must not log). */
export function isMlflowTrackingDisabled(): boolean {
  return storage().getStore()?.enabled === false;
}

/** Runs `fn` with `scope` as the current MLflow scope (what the hook does around a pipeline run). */
export function runInMlflowScope<T, C extends MlflowRunContext = MlflowRunContext>(scope: MlflowRunScope<C>, fn: () => T): T {
  return storage().run(scope, fn);
}
