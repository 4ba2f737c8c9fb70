/**
 * Project settings (kedro's settings.py). Nothing to add for MLflow: `kedro-mlflow run` loads the
 * MLflow hook of @kedro-mlflow/hooks as a plugin, which reads conf/<env>/mlflow.yml, tracks every
 * run and, for the PipelineML of ml_app, logs and registers the inference pipeline as a model.
 */
import { defineSettings } from '@kedro-mlflow/core-pipeline';

export default defineSettings({
  hooks: [],
});
