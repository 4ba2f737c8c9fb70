/**
 * Partition ids ↔ files of a PartitionedDataset folder. An id is the file's path relative to the
 * folder, POSIX separators, without `filename_suffix`. Ids given to a save become paths, so one that
 * would leave the folder (`../x`, `/etc/x`, `a/../../x`) is refused.
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

export interface ListOptions {
  suffix: string;
  /** Folders below the root that are searched (undefined: all). */
  maxdepth?: number | undefined;
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

/** Partition ids found under `root`, sorted; none when the folder does not exist. */
export async function listPartitions(root: string, options: ListOptions): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
  const ids: string[] = [];
  for (const entry of entries) {
    const full = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
    const rel = relative(root, full).split(sep).join('/');
    if (!rel.endsWith(options.suffix)) continue;
    if (options.maxdepth !== undefined && rel.split('/').length - 1 > options.maxdepth) continue;
    // A symbolic link counts when it leads to a file (the folder's owner put it there).
    const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(full).then((s) => s.isFile(), () => false)));
    if (isFile) ids.push(rel.slice(0, rel.length - options.suffix.length));
  }
  return ids.filter((id) => id !== '').sort();
}

/** Why `id` cannot name a partition, or undefined when it can. */
export function partitionIdProblem(root: string, id: string, suffix: string): string | undefined {
  if (typeof id !== 'string' || id === '') return 'a partition id must be a non-empty string';
  if (id.includes('\0')) return 'a partition id cannot contain a NUL character';
  if (isAbsolute(id) || /^[a-zA-Z]:[\\/]/.test(id)) return 'a partition id must be relative to the folder, not an absolute path';
  if (id.split(/[\\/]/).includes('..')) return "a partition id cannot contain '..' segments";
  const rel = relative(resolve(root), resolve(root, id + suffix));
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return 'the partition id leads outside the folder';
  return undefined;
}

export function partitionPath(root: string, id: string, suffix: string): string {
  return join(root, id + suffix);
}
