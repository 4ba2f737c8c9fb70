/**
 * `server.credentials: <name>`: the entries of that credentials.yml key become environment
 * variables (MLFLOW_TRACKING_USERNAME, AWS_ACCESS_KEY_ID, …) before any client is made. Values are
 * never logged; only the variable names are, at debug level.
 */
import { ConfigError, getLogger, MissingConfigError, type KedroContext } from '@kedro-mlflow/core-pipeline';

const log = getLogger('kedro-mlflow.config');

/** Exports the credentials named `name` into `env`; returns the variable names set. */
export async function exportCredentials(
  context: KedroContext,
  name: string | null,
  env: Record<string, string | undefined> = process.env,
): Promise<string[]> {
  if (name === null) return [];
  let credentials: Record<string, unknown>;
  try {
    credentials = await context.configLoader.get('credentials');
  } catch (error) {
    if (!MissingConfigError.isInstance(error)) throw error;
    credentials = {};
  }
  const entry = credentials[name];
  if (entry === undefined || entry === null) {
    log.debug("No credentials named '%s': nothing exported.", name);
    return [];
  }
  if (typeof entry !== 'object' || Array.isArray(entry)) {
    throw new ConfigError(`The credentials '${name}' named by 'server.credentials' in mlflow.yml must be a mapping of variable names to values.`, {
      keyPath: 'server.credentials',
    });
  }
  const names: string[] = [];
  for (const [key, value] of Object.entries(entry)) {
    if (value === null || value === undefined || typeof value === 'object') continue;
    env[key] = String(value);
    names.push(key);
  }
  log.debug("Exported the credentials '%s' as environment variables %s.", name, names.join(', '));
  return names;
}
