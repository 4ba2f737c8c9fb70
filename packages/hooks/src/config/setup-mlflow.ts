/**
 * kedro-mlflow's `setup(context)`: export the credentials, build the header provider and the
 * client (in that order, so that both see the exported variables), then get the experiment ready
 * (created with its artifact location and tags when missing, restored when deleted).
 */
import { getLogger, type KedroContext } from '@kedro-mlflow/core-pipeline';
import { MlflowApiError, MlflowClient, type Experiment } from '@kedro-mlflow/mlflow-client';
import { MlflowHookError } from '../errors/mlflow-hook-error.js';
import { configFilesOf, fileOfKey } from './config-files.js';
import { exportCredentials } from './credentials.js';
import { loadHeaderProvider, type RequestHeaderProvider } from './header-provider.js';
import type { ResolvedMlflowConfig } from './load-config.js';

const log = getLogger('kedro-mlflow.config');

export interface MlflowSetup {
  client: MlflowClient;
  experiment: Experiment;
  /** The configured header provider instance, if any. */
  headerProvider: RequestHeaderProvider | undefined;
}

export async function setupMlflow(
  context: KedroContext,
  config: ResolvedMlflowConfig,
  env: Record<string, string | undefined> = process.env,
): Promise<MlflowSetup> {
  await exportCredentials(context, config.server.credentials, env);
  const file = fileOfKey(configFilesOf(context.configLoader), ['server', 'request_header_provider', 'type']);
  const provider = await loadHeaderProvider(config.server.request_header_provider, context, file);
  const client = new MlflowClient({
    trackingUri: config.server.mlflow_tracking_uri,
    ...(config.server.mlflow_registry_uri === null ? {} : { registryUri: config.server.mlflow_registry_uri }),
    ...(provider === undefined ? {} : { headerProvider: provider.headerProvider }),
    env,
  });
  try {
    const experiment = await prepareExperiment(client, config.tracking.experiment);
    return { client, experiment, headerProvider: provider?.instance };
  } catch (error) {
    await client.close();
    throw error;
  }
}

async function prepareExperiment(client: MlflowClient, settings: ResolvedMlflowConfig['tracking']['experiment']): Promise<Experiment> {
  const { name, restore_if_deleted: restore, create_experiment_kwargs: kwargs } = settings;
  const existing = await client.getExperimentByName(name);
  if (existing === undefined) {
    try {
      const id = await client.createExperiment(name, {
        ...(kwargs.artifact_location === null ? {} : { artifactLocation: kwargs.artifact_location }),
        ...(kwargs.tags === null ? {} : { tags: kwargs.tags }),
      });
      log.info("Created the MLflow experiment '%s' (id %s).", name, id);
      return await client.getExperiment(id);
    } catch (error) {
      // Another session created it between our lookup and our create: use theirs.
      if (!MlflowApiError.isInstance(error) || error.errorCode !== 'RESOURCE_ALREADY_EXISTS') throw error;
      const winner = await client.getExperimentByName(name);
      if (winner === undefined) throw error;
      return winner;
    }
  }
  if (existing.lifecycleStage === 'deleted') {
    if (!restore) {
      throw new MlflowHookError(
        `The MLflow experiment '${name}' (id ${existing.experimentId}) is deleted. Restore it, use another 'tracking.experiment.name', ` +
          "or set 'tracking.experiment.restore_if_deleted: true' in mlflow.yml.",
      );
    }
    await client.restoreExperiment(existing.experimentId);
    log.info("Restored the deleted MLflow experiment '%s' (id %s).", name, existing.experimentId);
    return client.getExperiment(existing.experimentId);
  }
  return existing;
}
