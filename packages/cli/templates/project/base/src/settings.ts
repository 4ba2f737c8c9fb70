/**
 * Project settings (kedro's settings.py); every field is optional:
 * - hooks: objects with hook methods (beforePipelineRun, afterNodeRun, ...), e.g. [new TimingHooks()]
 * - disableHooksForPlugins: plugins not to load, e.g. ['@kedro-mlflow/hooks'] turns MLflow tracking off
 * - confSource: the configuration folder (default 'conf')
 * - configLoaderArgs: {baseEnv, defaultRunEnv, configPatterns, customResolvers, mergeStrategy}
 */
import { defineSettings } from '@kedro-mlflow/core-pipeline';

export default defineSettings({
  hooks: [],
});
