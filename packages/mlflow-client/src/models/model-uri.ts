/**
 * Model URIs, parsed without any request (Python's `_parse_model_uri` and `parse_runs_uri` rules):
 * - `runs:/<run_id>/<path>`: a path under a run (MLflow 3: or the logged model of that run named
 *   like the path's first segment);
 * - `models:/<name>/<version>`, `models:/<name>/latest` (latest version), `models:/<name>/<stage>`
 *   (latest version in a stage), `models:/<name>@<alias>` — each optionally followed by
 *   `/<path inside the model>`;
 * - `models:/<model_id>` (MLflow 3 logged model, `m-…`);
 * - artifact locations: `file:` URIs and plain local paths, `mlflow-artifacts:` and `http(s)` URLs.
 * Paths inside a model or run are normalised and may not escape it (`..`, absolute, encoded).
 */
import { normalizeArtifactPath } from '../uri/artifact-path.js';
import { uriScheme } from '../uri/tracking-uri.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { InvalidModelUriError } from './model-errors.js';

export type ParsedModelUri =
  | { kind: 'run'; uri: string; runId: string; path: string }
  | { kind: 'logged-model'; uri: string; modelId: string }
  | { kind: 'model-version'; uri: string; name: string; version: string; path: string }
  | { kind: 'model-alias'; uri: string; name: string; alias: string; path: string }
  | { kind: 'model-latest'; uri: string; name: string; stage?: string; path: string }
  | { kind: 'artifact'; uri: string; scheme: 'file' | 'mlflow-artifacts' | 'http' | 'https' };

/** Registry stages, as MLflow canonicalises them (case-insensitive in URIs). */
const STAGES: Record<string, string> = { none: 'None', staging: 'Staging', production: 'Production', archived: 'Archived' };

const MODELS_FORMS = "'models:/<name>/<version>', 'models:/<name>/latest', 'models:/<name>/<stage>', 'models:/<name>@<alias>' or 'models:/<model_id>'";

function malformed(uri: string, why: string): InvalidModelUriError {
  return new InvalidModelUriError({ uri, message: `Not a valid model URI: ${JSON.stringify(uri)}: ${why}.` });
}

function subPath(uri: string, segments: string[]): string {
  const raw = segments.join('/');
  try {
    return normalizeArtifactPath(raw);
  } catch (error) {
    throw malformed(uri, MlflowApiError.isInstance(error) ? error.message.replace(/\.$/, '') : `bad path ${JSON.stringify(raw)}`);
  }
}

function parseRunsUri(uri: string): ParsedModelUri {
  const rest = uri.slice('runs:'.length);
  if (!rest.startsWith('/') || rest.startsWith('//')) throw malformed(uri, "runs URIs look like 'runs:/<run_id>/<path>'");
  const [runId = '', ...segments] = rest.slice(1).split('/');
  if (!/^[a-zA-Z0-9][\w-]{0,255}$/.test(runId)) throw malformed(uri, `${JSON.stringify(runId)} is not a run ID ('runs:/<run_id>/<path>')`);
  return { kind: 'run', uri, runId, path: subPath(uri, segments) };
}

function parseModelsUri(uri: string): ParsedModelUri {
  const rest = uri.slice('models:'.length);
  if (!rest.startsWith('/') || rest.startsWith('//')) throw malformed(uri, `expected one of ${MODELS_FORMS}`);
  const body = rest.slice(1).replace(/\/+$/, '');
  if (body === '') throw malformed(uri, `no model named; expected one of ${MODELS_FORMS}`);
  const parts = body.split('/');
  const first = parts[0]!;
  if (first.trim() === '') throw malformed(uri, `empty model name; expected one of ${MODELS_FORMS}`);
  const at = first.lastIndexOf('@');
  if (at !== -1) {
    const name = first.slice(0, at);
    const alias = first.slice(at + 1);
    if (name.trim() === '' || alias.trim() === '') throw malformed(uri, "an alias URI is 'models:/<name>@<alias>' with both parts non-empty");
    return { kind: 'model-alias', uri, name, alias, path: subPath(uri, parts.slice(1)) };
  }
  if (parts.length === 1) return { kind: 'logged-model', uri, modelId: first };
  const name = first;
  const suffix = parts[1]!;
  const path = subPath(uri, parts.slice(2));
  if (suffix.trim() === '') throw malformed(uri, `empty version; expected one of ${MODELS_FORMS}`);
  if (/^\d+$/.test(suffix)) return { kind: 'model-version', uri, name, version: String(Number(suffix)), path };
  if (suffix.toLowerCase() === 'latest') return { kind: 'model-latest', uri, name, path };
  const stage = STAGES[suffix.toLowerCase()];
  if (stage !== undefined) return { kind: 'model-latest', uri, name, stage, path };
  throw malformed(uri, `${JSON.stringify(suffix)} is not a version number, 'latest' or a stage (None, Staging, Production, Archived)`);
}

/** Parses a model URI (see the module comment); throws `InvalidModelUriError` when malformed. */
export function parseModelUri(uri: string): ParsedModelUri {
  if (typeof uri !== 'string' || uri.trim() === '') throw malformed(String(uri), 'it is empty');
  const trimmed = uri.trim();
  const scheme = uriScheme(trimmed);
  if (scheme === 'runs') return parseRunsUri(trimmed);
  if (scheme === 'models') return parseModelsUri(trimmed);
  if (scheme === undefined || scheme === 'file') return { kind: 'artifact', uri: trimmed, scheme: 'file' };
  if (scheme === 'mlflow-artifacts' || scheme === 'http' || scheme === 'https') return { kind: 'artifact', uri: trimmed, scheme };
  throw malformed(trimmed, `unsupported scheme '${scheme}:'; use runs:/, models:/, a local path or file:, mlflow-artifacts: or http(s) URI`);
}

/** `models:/<model_id>` */
export function loggedModelUri(modelId: string): string {
  return `models:/${modelId}`;
}

/** `models:/<name>/<version>` */
export function modelVersionUri(name: string, version: string | number): string {
  return `models:/${name}/${version}`;
}

/** `models:/<name>@<alias>` */
export function modelAliasUri(name: string, alias: string): string {
  return `models:/${name}@${alias}`;
}
