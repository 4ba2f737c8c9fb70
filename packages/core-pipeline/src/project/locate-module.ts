/**
 * Where a `<module>` of a `<module>#<Export>` option (a custom flavor, a header provider, ...) is:
 * a path relative to the project (`./src/x.ts`, the extension may be left out) or a package
 * resolved from the project's package.json. Import the result with `defaultModuleLoader()`, so that
 * TypeScript sources load the way the session loads the project's other modules.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MODULE_EXTENSIONS } from './module-loader.js';

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/** The file `module` names from `projectPath`, or undefined when there is none. */
export function locateProjectModule(module: string, projectPath: string): string | undefined {
  if (module.startsWith('.') || module.startsWith('file:') || isAbsolute(module)) {
    const base = module.startsWith('file:') ? fileURLToPath(module) : resolve(projectPath, module);
    return [base, ...MODULE_EXTENSIONS.map((ext) => base + ext)].find(isFile);
  }
  try {
    return createRequire(join(projectPath, 'package.json')).resolve(module);
  } catch {
    return undefined;
  }
}

/** `'./src/x.ts#Name'` → `{module, exportName}`; undefined unless both parts are non-empty. */
export function parseModuleExport(spec: string): { module: string; exportName: string } | undefined {
  const hash = spec.lastIndexOf('#');
  if (hash <= 0 || hash === spec.length - 1) return undefined;
  const module = spec.slice(0, hash).trim();
  const exportName = spec.slice(hash + 1).trim();
  return module === '' || exportName === '' ? undefined : { module, exportName };
}
