/**
 * Registering a logged model in the model registry, as Python MLflow 3.17 does after `log_model`
 * (`mlflow.register_model("models:/m-…", name)`): create the registered model unless it exists
 * (a concurrent creator is fine), then a version whose `source` is `models:/<model_id>` (verified
 * against 3.17.2) with `model_id` set, waiting until it is READY. The server (and the file store)
 * then records the registration on the logged model (`mlflow.modelVersions` tag) and derives the
 * version's `run_id` from the model's source run.
 */
import type { MlflowClient } from '../client/mlflow-client.js';
import type { LoggableValue } from '../client/prepare-inputs.js';
import type { ModelVersion } from '../entities/registry.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { validateAlias } from '../validation.js';
import { loggedModelUri } from './model-uri.js';

export type RegisterModelClient = Pick<MlflowClient, 'createRegisteredModel' | 'createModelVersion' | 'setRegisteredModelAlias' | 'getModelVersion'>;

export interface RegisterModelOptions {
  /** Tags of the new version (Python gives the `log_model` tags). */
  tags?: Record<string, LoggableValue>;
  /** Aliases to point at the new version (`champion`). */
  aliases?: string[];
  /** How long to wait for PENDING_REGISTRATION to end (default 300 s). */
  awaitRegistrationForMs?: number;
  description?: string;
}

/** Creates the registered model if needed, tolerating a concurrent creation. */
export async function ensureRegisteredModel(client: Pick<MlflowClient, 'createRegisteredModel'>, name: string): Promise<void> {
  try {
    await client.createRegisteredModel(name);
  } catch (error) {
    if (MlflowApiError.isInstance(error) && (error.errorCode === 'RESOURCE_ALREADY_EXISTS' || error.errorCode === 'ALREADY_EXISTS')) return;
    throw error;
  }
}

/** Registers logged model `modelId` as a new version of `name`; returns that version (READY). */
export async function registerLoggedModel(client: RegisterModelClient, modelId: string, name: string, options: RegisterModelOptions = {}): Promise<ModelVersion> {
  options.aliases?.forEach((alias) => validateAlias(alias));
  await ensureRegisteredModel(client, name);
  let version = await client.createModelVersion(name, loggedModelUri(modelId), {
    modelId,
    ...(options.tags === undefined ? {} : { tags: options.tags }),
    ...(options.description === undefined ? {} : { description: options.description }),
    awaitCreationForMs: options.awaitRegistrationForMs ?? 300_000,
  });
  if (version.status !== 'READY') {
    const why = version.status === 'PENDING_REGISTRATION' ? 'is still pending registration after waiting' : `failed registration${version.statusMessage ? `: ${version.statusMessage}` : ''}`;
    throw new MlflowApiError({ errorCode: 'INVALID_STATE', message: `Version ${version.version} of registered model '${name}' ${why}.` });
  }
  if (options.aliases !== undefined && options.aliases.length > 0) {
    for (const alias of options.aliases) await client.setRegisteredModelAlias(name, alias, version.version);
    version = await client.getModelVersion(name, version.version);
  }
  return version;
}
