/**
 * What the CLI loads for every session it makes, as kedro loads its installed plugins' entry
 * points: the MLflow hook (`@kedro-mlflow/hooks`, one fresh hook per session; a project opts out
 * with `disableHooksForPlugins: ['@kedro-mlflow/hooks']` in its settings) and the catalog types of
 * `@kedro-mlflow/datasets`, so `type: JSONDataset` works in a project that installs nothing.
 */
import { loadSettings, registerRunner, type ProjectMetadata } from '@kedro-mlflow/core-pipeline';
// The light entry: the MLflow datasets (and their client) are imported when a catalog names one.
import { registerLocalDatasetTypes } from '@kedro-mlflow/datasets/local-types';
import type { MlflowHook } from '@kedro-mlflow/hooks';
import { withoutSourceMaps, type ProjectLoader } from '../loader/register.js';

/** `MLFLOW_PLUGIN_NAME` of @kedro-mlflow/hooks, which is not imported until it is needed. */
const MLFLOW_PLUGIN = '@kedro-mlflow/hooks';

export interface CliPlugins {
  /** The MLflow hook of the latest session, undefined when none was made (the project disabled the plugin). */
  mlflowHook(): MlflowHook | undefined;
}

/**
 * Registers the plugins for every later session of the process. The hooks package (zod, the MLflow
 * client) is imported only when the project's settings do not disable it: a run without tracking
 * starts without loading it.
 */
export async function registerCliPlugins(metadata: ProjectMetadata, loader: ProjectLoader): Promise<CliPlugins> {
  registerLocalDatasetTypes({ wrapImport: withoutSourceMaps });
  // `--runner TemporalRunner`: Temporal's SDK is imported only by a run that asks for it.
  registerRunner('TemporalRunner', {
    async create(options) {
      const { TemporalRunner } = await withoutSourceMaps(() => import('@kedro-mlflow/temporal'));
      return new TemporalRunner(options);
    },
  });
  let latest: MlflowHook | undefined;
  const settings = await loadSettings(metadata, loader.moduleLoader);
  if (!(settings.disableHooksForPlugins ?? []).includes(MLFLOW_PLUGIN)) {
    const { registerMlflowPlugin } = await withoutSourceMaps(() => import('@kedro-mlflow/hooks'));
    registerMlflowPlugin({}, (hook) => {
      latest = hook;
    });
  }
  return { mlflowHook: () => latest };
}
