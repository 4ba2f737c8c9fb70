/** The files under a local folder, recursively, as `/`-separated paths relative to it (sorted). */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

export async function walkFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const visit = async (absolute: string, relative: string): Promise<void> => {
    const entries = await readdir(absolute, { withFileTypes: true });
    for (const entry of entries) {
      const rel = relative === '' ? entry.name : `${relative}/${entry.name}`;
      const full = join(absolute, entry.name);
      const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(full)).isDirectory());
      if (isDir) await visit(full, rel);
      else out.push(rel);
    }
  };
  await visit(dir, '');
  return out.sort();
}
