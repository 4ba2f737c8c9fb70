/**
 * Where a wrapped dataset keeps its data on local disk, found the way kedro-mlflow does (§3.1): a
 * versioned dataset's versioned path, else `filepath`, else `path` (folder datasets such as
 * PartitionedDataset). Any dataset with one of them can be wrapped, including custom ones that are
 * not LocalPathDatasets; one without (MemoryDataset) cannot.
 */
import { fileURLToPath } from 'node:url';
import type { AbstractDataset } from '@kedro-mlflow/core-pipeline';
import { isLocalPathDataset } from '../file/local-path-dataset.js';

interface VersionedLike {
  filepath: string;
  resolveSaveVersion(): string | undefined;
  getVersionedPath(version: string): string;
  getLoadPath(): Promise<string>;
}

function isVersionedLike(dataset: object): dataset is VersionedLike {
  const d = dataset as Partial<Record<keyof VersionedLike, unknown>>;
  return typeof d.filepath === 'string' && typeof d.resolveSaveVersion === 'function' && typeof d.getVersionedPath === 'function' && typeof d.getLoadPath === 'function';
}

function plainPath(dataset: object): string | undefined {
  const { filepath, path } = dataset as { filepath?: unknown; path?: unknown };
  const found = typeof filepath === 'string' && filepath !== '' ? filepath : typeof path === 'string' && path !== '' ? path : undefined;
  return found?.startsWith('file:') === true ? fileURLToPath(found) : found;
}

/** The dataset's path when it is a URL of a remote store (`s3://…`), else undefined. */
export function remotePath(dataset: AbstractDataset): string | undefined {
  const path = plainPath(dataset);
  return path !== undefined && /^[a-z][a-z0-9+.-]*:\/\//i.test(path) ? path : undefined;
}

/** True when `dataset` has a local file or folder an artifact dataset can log. */
export function hasLocalTarget(dataset: AbstractDataset): boolean {
  return remotePath(dataset) === undefined && (isLocalPathDataset(dataset) || isVersionedLike(dataset) || plainPath(dataset) !== undefined);
}

/** The local file or folder the last save wrote (the current save version's file when versioned). */
export function savedPath(dataset: AbstractDataset): string {
  if (isVersionedLike(dataset)) {
    const version = dataset.resolveSaveVersion();
    return version === undefined ? plainPath(dataset)! : dataset.getVersionedPath(version);
  }
  return plainPath(dataset) ?? '';
}

/** The local file or folder the next load reads (the resolved load version when versioned). */
export async function loadPath(dataset: AbstractDataset): Promise<string> {
  if (isLocalPathDataset(dataset)) return dataset.getLocalPath('load');
  if (isVersionedLike(dataset)) return dataset.getLoadPath();
  return plainPath(dataset)!;
}
