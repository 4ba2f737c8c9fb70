/**
 * What, besides a file's own text, decides what its compiled copy looks like: our version and
 * esbuild's, the project's tsconfig.json (paths, JSX, decorators), the copy of `@kedro-mlflow/*` the
 * CLI falls back to, and what is installed in the node_modules folders the project resolves packages
 * from (each package manager rewrites a marker file on every install). Any change gives every file a
 * new key, so compiled imports never point at a package that an install replaced.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readText, sha1 } from './cache-files.js';

/** Bumped when what is cached changes meaning. */
export const CACHE_FORMAT = '2';

/** Rewritten by npm, pnpm, yarn (classic and berry) and bun on every install. */
const INSTALL_MARKERS = ['.package-lock.json', '.modules.yaml', '.yarn-integrity', '.yarn-state.yml', '.bun-tag'];

function versionIn(manifest: string | undefined): string {
  try {
    return (JSON.parse(manifest ?? '{}') as { version?: string }).version ?? '?';
  } catch {
    return '?';
  }
}

function esbuildVersion(fallbackDir: string): string {
  try {
    return versionIn(readText(createRequire(join(fallbackDir, 'package.json')).resolve('esbuild/package.json')));
  } catch {
    return 'missing';
  }
}

function mtime(file: string): string {
  try {
    return String(statSync(file).mtimeMs);
  } catch {
    return '-';
  }
}

/** The installs visible from `projectRoot`: node_modules of it and of every folder above it. */
function installedPackages(projectRoot: string): string[] {
  const parts: string[] = [];
  for (let dir = projectRoot; ; dir = dirname(dir)) {
    const modules = join(dir, 'node_modules');
    if (existsSync(modules)) {
      parts.push(modules, ...INSTALL_MARKERS.map((marker) => mtime(join(modules, marker))));
      // A copy linked or copied by hand has no marker: list the scope itself.
      const scope = join(modules, '@kedro-mlflow');
      if (existsSync(scope)) {
        for (const name of readdirSync(scope).sort()) {
          const path = join(scope, name);
          parts.push(name, realpathSync(path), mtime(join(path, 'package.json')));
        }
      }
    }
    if (dirname(dir) === dir) return parts;
  }
}

/** The salt of every cache key for a project at `projectRoot`, compiled with fallbacks from `fallbackDir`. */
export function resolutionSalt(projectRoot: string, fallbackDir: string): string {
  return sha1(
    CACHE_FORMAT,
    versionIn(readText(join(fallbackDir, 'package.json'))),
    esbuildVersion(fallbackDir),
    fallbackDir,
    projectRoot,
    readText(join(projectRoot, 'tsconfig.json')) ?? '',
    ...installedPackages(projectRoot),
  );
}
