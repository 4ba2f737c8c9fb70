/**
 * kedro-mlflow's URI rule, for the tracking URI, the registry URI and an experiment's artifact
 * location: relative paths are resolved against the project (not the working directory, so the
 * CLI behaves the same from a subfolder) and local paths become `file://` URIs.
 */
import { isAbsolute, resolve, win32 } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLogger } from '@kedro-mlflow/core-pipeline';

const log = getLogger('kedro-mlflow.config');

const RESERVED = new Set(['databricks', 'databricks-uc']);

function hasScheme(uri: string): boolean {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri);
  return match !== null && match[1]!.length > 1; // one letter is a Windows drive (C:\…)
}

/** `mlruns` → `file:///<project>/mlruns`; `/abs` → `file:///abs`; URIs with a scheme, and `databricks`, unchanged. */
export function resolveMlflowUri(projectPath: string, uri: string): string {
  if (RESERVED.has(uri)) return uri;
  if (isAbsolute(uri) || win32.isAbsolute(uri) && /^[a-zA-Z]:[\\/]/.test(uri)) return pathToFileURL(uri).href;
  if (hasScheme(uri)) return uri;
  const resolved = pathToFileURL(resolve(projectPath, uri)).href;
  log.info("The URI '%s' is a relative path: it is resolved against the project, as '%s'.", uri, resolved);
  return resolved;
}
