/** The files under a local folder, recursively, as `/`-separated paths relative to it (sorted). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { MlflowApiError } from '../errors/mlflow-api-error.js';

/** stat() of an entry found while listing: a dangling link is bad input naming the entry, not a bare ENOENT. */
async function statEntry(full: string) {
  try {
    return await stat(full);
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `cannot read ${JSON.stringify(full)} (${code}): remove it or point the link at a file or folder before uploading the folder.` });
  }
}

export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (absolute: string, relative: string): Promise<void> => {
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = join(absolute, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await statEntry(full)).isDirectory());
      if (isDir) await visit(full, rel);
      else out.push(rel);
    }
  };
  await visit(dir, '');
  return out.sort();
}
