/**
 * Where things live in an `mlruns` folder (MLflow's file-store layout), and the checks that keep every id, key and name
 * inside it: ids and keys are validated before they become path segments.
 */
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';

export const TRASH = '.trash';
export const META = 'meta.yaml';
export const DEFAULT_EXPERIMENT_ID = '0';
export const REGISTRY_FOLDER = 'models';
/** Folders of an experiment that are never runs. */
export const RESERVED_EXPERIMENT_FOLDERS = new Set(['tags', 'datasets', 'traces', 'models']);
export const EXPERIMENTS_LOCK = '.mlflow-ts-experiments.lock';

function invalid(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message });
}

/** A filesystem path or `file:` URI → absolute path (relative paths against the cwd). */
export function rootPathOf(root: string): string {
  if (/^file:/i.test(root)) {
    if (/^file:\/\//i.test(root)) return fileURLToPath(root);
    // `file:relative/path` or `file:/abs/path`
    const rest = decodeURIComponent(root.slice('file:'.length));
    return isAbsolute(rest) ? rest : resolve(rest);
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(root)) {
    throw invalid(`FileStore needs a local path or a file:// URI; got '${root}'.`);
  }
  return resolve(root);
}

/** Absolute path → `file:///abs/path` (percent-encoded like Python's `Path.as_uri()`). */
export function fileUriOf(path: string): string {
  return pathToFileURL(path).href;
}

/** `file:` artifact URI → local path; undefined for other schemes. */
export function localPathOfUri(uri: string): string | undefined {
  if (/^file:/i.test(uri)) return rootPathOf(uri);
  if (!/^[a-z][a-z0-9+.-]*:/i.test(uri)) return isAbsolute(uri) ? uri : resolve(uri);
  return undefined;
}

/** Appends `/`-joined segments to a URI path (`file:///a/b` + `c` → `file:///a/b/c`). */
export function appendToUri(uri: string, ...segments: string[]): string {
  return [uri.replace(/\/+$/, ''), ...segments].join('/');
}

/** A logged model id as MLflow makes them (`m-` + 32 hex) or any other single safe segment. */
export function validateModelId(modelId: unknown): asserts modelId is string {
  if (typeof modelId !== 'string' || !/^[A-Za-z0-9][\w-]{0,255}$/.test(modelId)) {
    throw invalid(`Invalid model ID: ${JSON.stringify(modelId)}.`);
  }
}

/** Registered model names become folder names: no separators, no `%`, not `.`/`..`. */
export function validateRegisteredModelName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name === '') {
    throw invalid('Registered model name cannot be empty.');
  }
  if (/[/\\]/.test(name) || name === '.' || name === '..' || name.includes('\0')) {
    throw invalid(`Invalid name: '${name}'. Registered model name cannot contain path separator`);
  }
  if (name.includes('%')) {
    throw invalid(`Invalid name: '${name}'. Registered model name cannot contain '%' character`);
  }
}

/** Model version numbers: positive integers (given as strings on the wire). */
export function parseVersion(version: unknown): number {
  const text = typeof version === 'number' ? String(version) : version;
  if (typeof text !== 'string' || !/^[0-9]+$/.test(text.trim()) || Number(text) < 1 || !Number.isSafeInteger(Number(text))) {
    throw invalid(`Parameter 'version' must be an integer, got '${String(version)}'.`);
  }
  return Number(text);
}

/** Joins a validated `/`-separated key below `dir`. */
export function keyPath(dir: string, key: string): string {
  return join(dir, ...key.split('/'));
}

export class Layout {
  readonly root: string;
  readonly rootUri: string;
  readonly trash: string;
  readonly registry: string;

  constructor(root: string) {
    this.root = rootPathOf(root);
    this.rootUri = fileUriOf(this.root);
    this.trash = join(this.root, TRASH);
    this.registry = join(this.root, REGISTRY_FOLDER);
  }

  activeExperimentDir(experimentId: string): string {
    return join(this.root, experimentId);
  }

  trashedExperimentDir(experimentId: string): string {
    return join(this.trash, experimentId);
  }

  registeredModelDir(name: string): string {
    return join(this.registry, name);
  }

  versionDir(name: string, version: number): string {
    return join(this.registry, name, `version-${version}`);
  }

  get experimentsLock(): string {
    return join(this.root, EXPERIMENTS_LOCK);
  }
}
