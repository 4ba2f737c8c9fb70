/**
 * Partition ids ↔ files of a PartitionedDataset folder (a local folder or an `s3://` prefix). An id
 * is the file's path relative to the folder, POSIX separators, without `filename_suffix`. Ids given
 * to a save become paths, so one that would leave the folder (`../x`, `/etc/x`, `a/../../x`) is
 * refused, and so, in a bucket, is one with empty or `.` segments (`a//b`, `./a`).
 */
import { isAbsolute, relative, resolve } from 'node:path';
import { keyProblem } from '@kedro-mlflow/mlflow-client/s3-uri';
import type { DatasetFileSystem } from '../storage/file-system.js';

export interface ListOptions {
  suffix: string;
  /** Folders below the root that are searched (undefined: all). */
  maxdepth?: number | undefined;
}

/** Partition ids found under `root`, sorted; none when the folder does not exist. */
export async function listPartitions(storage: DatasetFileSystem, root: string, options: ListOptions): Promise<string[]> {
  const ids: string[] = [];
  for (const rel of await storage.listFiles(root)) {
    if (!rel.endsWith(options.suffix)) continue;
    if (options.maxdepth !== undefined && rel.split('/').length - 1 > options.maxdepth) continue;
    ids.push(rel.slice(0, rel.length - options.suffix.length));
  }
  return ids.filter((id) => id !== '').sort();
}

/** Why `id` cannot name a partition, or undefined when it can. */
export function partitionIdProblem(storage: DatasetFileSystem, root: string, id: string, suffix: string): string | undefined {
  if (typeof id !== 'string' || id === '') return 'a partition id must be a non-empty string';
  if (id.includes('\0')) return 'a partition id cannot contain a NUL character';
  if (isAbsolute(id) || /^[a-zA-Z]:[\\/]/.test(id)) return 'a partition id must be relative to the folder, not an absolute path';
  if (id.split(/[\\/]/).includes('..')) return "a partition id cannot contain '..' segments";
  const rel = relative(resolve(root), resolve(root, id + suffix));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return 'the partition id leads outside the folder';
  if (storage.protocol !== 'file') return keyProblem(id + suffix);
  return undefined;
}

export function partitionPath(storage: DatasetFileSystem, root: string, id: string, suffix: string): string {
  return storage.join(root, id + suffix);
}
