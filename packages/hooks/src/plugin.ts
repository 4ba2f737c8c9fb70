/**
 * What the CLI registers: `registerPluginHooks('@kedro-mlflow/hooks', mlflowHooksFactory())` gives
 * every session a fresh `MlflowHook` (projects opt out with `disableHooksForPlugins`).
 */
import { registerPluginHooks } from '@kedro-mlflow/core-pipeline';
import { MlflowHook, type MlflowHookOptions } from './hook/mlflow-hook.js';
import { RANDOM_NAME_RESOLVER, randomRunName } from './config/random-name.js';

export const MLFLOW_PLUGIN_NAME = '@kedro-mlflow/hooks';

/** A factory making one MlflowHook per session. */
export function mlflowHooksFactory(options: MlflowHookOptions = {}, onCreate?: (hook: MlflowHook) => void): () => MlflowHook {
  return () => {
    const hook = new MlflowHook(options);
    onCreate?.(hook);
    return hook;
  };
}

/**
 * Registers the hook as the plugin `@kedro-mlflow/hooks` for every later session of the process;
 * `onCreate` sees each hook made (a CLI uses it to print the run, or to end it on a signal).
 */
export function registerMlflowPlugin(options: MlflowHookOptions = {}, onCreate?: (hook: MlflowHook) => void): void {
  registerPluginHooks(MLFLOW_PLUGIN_NAME, mlflowHooksFactory(options, onCreate));
}

/** The resolvers of this plugin, for `configLoaderArgs.customResolvers` of a project that does not use the hook. */
export const mlflowConfigResolvers = { [RANDOM_NAME_RESOLVER]: () => randomRunName() };
