/** The local disk as a DatasetFileSystem (atomic writes through write-file-atomic). */
import { access, readFile, readdir, rm, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { writeAtomically } from '../file/atomic-write.js';
import type { DatasetFileSystem } from './file-system.js';

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

const isAbsent = (error: unknown): boolean => errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR';

export const localFileSystem: DatasetFileSystem = {
  protocol: 'file',
  read: (path) => readFile(path),
  write: (path, data) => writeAtomically(path, data),
  async exists(path) {
    try {
      await access(path);
      return true;
    } catch (error) {
      if (isAbsent(error)) return false;
      throw error;
    }
  },
  async listFiles(folder) {
    let entries;
    try {
      entries = await readdir(folder, { recursive: true, withFileTypes: true });
    } catch (error) {
      if (isAbsent(error)) return [];
      throw error;
    }
    const files: string[] = [];
    for (const entry of entries) {
      const full = join(entry.parentPath ?? (entry as unknown as { path: string }).path, entry.name);
      // A symbolic link counts when it leads to a file (the folder's owner put it there).
      const isFile = entry.isFile() || (entry.isSymbolicLink() && (await stat(full).then((s) => s.isFile(), () => false)));
      if (isFile) files.push(relative(folder, full).split(sep).join('/'));
    }
    return files.sort();
  },
  async remove(paths) {
    for (const path of paths) await rm(path, { force: true });
  },
  join: (base, ...parts) => join(base, ...parts),
  isMissing: isAbsent,
};
