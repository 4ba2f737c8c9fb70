/**
 * The folder of the CLI package, found from wherever this module was loaded: tsc's output
 * (dist/<folder>/), the bundled command line (dist/ and dist/chunks/) or the TypeScript sources.
 * Files shipped with the package (package.json, templates/, the loader's .cjs files) are joined to
 * it: a path relative to `import.meta.url` would differ between these layouts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

export function cliPackageRoot(): string {
  if (root !== undefined) return root;
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No package.json above ${fileURLToPath(import.meta.url)}: the @kedro-mlflow/cli installation is incomplete.`);
    dir = parent;
  }
  root = dir;
  return root;
}
