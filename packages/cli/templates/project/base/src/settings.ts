/**
 * Project settings (kedro's settings.py); every field is optional:
 * - hooks: objects with hook methods (beforePipelineRun, afterNodeRun, ...), e.g. [new TimingHooks()]
 * - disableHooksForPlugins: plugins not to load, e.g. ['@kedro-mlflow/hooks'] turns MLflow tracking off
 *   (then the Mlflow* datasets of catalog.yml have no run: a metric's save fails; to keep them and log
 *   nothing, list the pipeline under tracking.disable_tracking.pipelines of mlflow.yml instead)
 * - confSource: the configuration folder (default 'conf')
 * - configLoaderArgs: {baseEnv, defaultRunEnv, configPatterns, customResolvers, mergeStrategy}
 */
import { defineSettings } from '@kedro-mlflow/core-pipeline';

export default defineSettings({
  hooks: [],
});
