/**
 * TEMPORARY: the pipeline run's MLflow scope, read from the storage hooks' current-run.ts keeps on
 * globalThis, until the run scope moves into this package (src/mlflow/run-scope.ts).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { MlflowTracking } from '@kedro-mlflow/mlflow-client';

export interface BridgedRun {
  readonly runId: string;
  readonly experimentId: string;
  readonly tracking: MlflowTracking;
}
type Scope = { enabled: true; run: BridgedRun } | { enabled: false };
const KEY = Symbol.for('@kedro-mlflow/hooks.currentRun');

function storage(): AsyncLocalStorage<Scope> {
  const holder = globalThis as { [KEY]?: AsyncLocalStorage<Scope> };
  holder[KEY] ??= new AsyncLocalStorage<Scope>();
  return holder[KEY];
}

export function currentMlflowRun(): BridgedRun | undefined {
  const scope = storage().getStore();
  return scope?.enabled === true ? scope.run : undefined;
}

export function isMlflowTrackingDisabled(): boolean {
  return storage().getStore()?.enabled === false;
}

export function runInMlflowScope<T>(scope: Scope, fn: () => T): T {
  return storage().run(scope, fn);
}
