/**
 * What the CLI loads for every session it makes, as kedro loads its installed plugins' entry
 * points: the MLflow hook (`@kedro-mlflow/hooks`, one fresh hook per session; a project opts out
 * with `disableHooksForPlugins: ['@kedro-mlflow/hooks']` in its settings) and the catalog types of
 * `@kedro-mlflow/datasets`, so `type: JSONDataset` works in a project that installs nothing.
 */
import { registerDatasetTypes } from '@kedro-mlflow/datasets';
import { registerMlflowPlugin, type MlflowHook } from '@kedro-mlflow/hooks';

export interface CliPlugins {
  /** The MLflow hook of the latest session, undefined when none was made (the project disabled the plugin). */
  mlflowHook(): MlflowHook | undefined;
}

/** Registers the plugins for every later session of the process. */
export function registerCliPlugins(): CliPlugins {
  registerDatasetTypes();
  let latest: MlflowHook | undefined;
  registerMlflowPlugin({}, (hook) => {
    latest = hook;
  });
  return { mlflowHook: () => latest };
}
