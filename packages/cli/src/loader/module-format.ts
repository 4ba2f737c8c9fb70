/** Whether Node reads a file as an ES module or as CommonJS, decided as Node (and tsx) decide it. */
import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

const packageTypes = new Map<string, string>();

/** "module" or "commonjs": the `type` of the nearest package.json. */
export function packageType(dir: string): string {
  const known = packageTypes.get(dir);
  if (known !== undefined) return known;
  let type: string;
  const manifest = join(dir, 'package.json');
  if (isFile(manifest)) {
    try {
      type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else {
    const parent = dirname(dir);
    type = parent === dir ? 'commonjs' : packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}

/** "module" or "commonjs" for a file by its extension, then by its package's `type`. */
export function moduleFormat(path: string): string {
  if (/\.m[jt]s$/.test(path)) return 'module';
  if (/\.c[jt]s$/.test(path)) return 'commonjs';
  return packageType(dirname(path));
}
