/**
 * kedro-mlflow's `get_mlflow_config`: the project's `mlflow.yml` (base overlaid by the run
 * environment, with every `${…}` of the config loader), validated, with the defaults the hook fills
 * in: the experiment is named after the package, and URIs follow the project-relative rule. No side
 * effects: nothing is created, no variable is exported (see `setupMlflow`).
 */
import { ConfigError, getLogger, MissingConfigError, type KedroContext } from '@kedro-mlflow/core-pipeline';
import { classifyStoreUri, UnsupportedUriError } from '@kedro-mlflow/mlflow-client';
import { configFilesOf, fileOfKey, MLFLOW_CONFIG_KEY, MLFLOW_CONFIG_PATTERNS } from './config-files.js';
import type { MlflowConfig } from './schema.js';
import { resolveMlflowUri } from './uri.js';
import { validateMlflowConfig } from './validate-config.js';

const log = getLogger('kedro-mlflow.config');

/** The configuration of a project, ready for use: the experiment name is always set. */
export type ResolvedMlflowConfig = MlflowConfig & {
  tracking: MlflowConfig['tracking'] & { experiment: MlflowConfig['tracking']['experiment'] & { name: string } };
  server: MlflowConfig['server'] & { mlflow_tracking_uri: string };
};

export interface GetMlflowConfigOptions {
  /** Where `MLFLOW_TRACKING_URI` is read (default `process.env`). */
  env?: Record<string, string | undefined>;
}

/** The raw mlflow configuration of a context (`{}`, with one warning, when there is no file). */
export async function readMlflowConfig(context: KedroContext): Promise<Record<string, unknown>> {
  const loader = context.configLoader;
  if (loader.configPatterns[MLFLOW_CONFIG_KEY] === undefined) loader.addPatterns(MLFLOW_CONFIG_KEY, MLFLOW_CONFIG_PATTERNS);
  try {
    return await loader.get(MLFLOW_CONFIG_KEY);
  } catch (error) {
    if (!MissingConfigError.isInstance(error)) throw error;
    log.warn(
      "No 'mlflow.yml' config file found in environment '%s'. The default configuration is used (tracking into %s). Add conf/base/mlflow.yml to customise it.",
      context.env,
      resolveMlflowUri(context.projectPath, 'mlruns'),
    );
    return {};
  }
}

export async function getMlflowConfig(context: KedroContext, options: GetMlflowConfigOptions = {}): Promise<ResolvedMlflowConfig> {
  const raw = await readMlflowConfig(context);
  const files = configFilesOf(context.configLoader);
  const fileOf = (path: readonly string[]): string | undefined => fileOfKey(files, path);
  const config = validateMlflowConfig(raw, fileOf);
  return resolveDefaults(config, context, options.env ?? process.env, fileOf);
}

function resolveDefaults(
  config: MlflowConfig,
  context: KedroContext,
  env: Record<string, string | undefined>,
  fileOf: (path: readonly string[]) => string | undefined,
): ResolvedMlflowConfig {
  const projectPath = context.projectPath;
  const checked = (keyPath: string, uri: string, what: 'tracking' | 'registry', origin: string): string => {
    try {
      classifyStoreUri(uri, what);
    } catch (error) {
      if (!UnsupportedUriError.isInstance(error)) throw error;
      const file = origin === 'file' ? fileOf(keyPath.split('.')) : undefined;
      throw new ConfigError(
        `Invalid MLflow configuration${file === undefined ? '' : ` in ${file}`}: '${keyPath}'${origin === 'file' ? '' : ` (from ${origin})`}: ${error.message}`,
        { keyPath, ...(file === undefined ? {} : { file }) },
        { cause: error },
      );
    }
    return uri;
  };
  const server = config.server;
  const fromEnv = env.MLFLOW_TRACKING_URI?.trim() || undefined;
  const trackingOrigin = server.mlflow_tracking_uri !== null ? 'file' : fromEnv !== undefined ? 'MLFLOW_TRACKING_URI' : 'the default';
  const trackingUri = checked(
    'server.mlflow_tracking_uri',
    resolveMlflowUri(projectPath, server.mlflow_tracking_uri ?? fromEnv ?? 'mlruns'),
    'tracking',
    trackingOrigin,
  );
  const registryUri =
    server.mlflow_registry_uri === null ? null : checked('server.mlflow_registry_uri', resolveMlflowUri(projectPath, server.mlflow_registry_uri), 'registry', 'file');
  const experiment = config.tracking.experiment;
  const kwargs = experiment.create_experiment_kwargs;
  return {
    ...config,
    server: { ...server, mlflow_tracking_uri: trackingUri, mlflow_registry_uri: registryUri },
    tracking: {
      ...config.tracking,
      experiment: {
        ...experiment,
        name: experiment.name ?? context.metadata.packageName,
        create_experiment_kwargs: {
          ...kwargs,
          artifact_location: kwargs.artifact_location === null ? null : resolveMlflowUri(projectPath, kwargs.artifact_location),
        },
      },
    },
  };
}
