/**
 * Makes a project's sources importable. The fast path (module-graph.ts) compiles each project file
 * once into the compile cache, with its imports rewritten to absolute URLs, and imports the compiled
 * copy natively: no loader hooks, no compiler on a run that changed nothing. A file it cannot
 * compile is imported through the loader hooks (register-hooks.cts: tsx and our resolve hook), which
 * are registered only then, and say so in a debug log.
 *
 * ParallelRunner's worker threads import the same compiled copies: they import the compiled
 * registry by URL and preload worker-preload.cjs, which gives them this loader (or, when the registry
 * itself is not compiled, the hooks).
 */
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { getLogger, type ModuleLoader, type WorkerImport } from '@kedro-mlflow/core-pipeline';
import { cliPackageRoot } from '../package-root.js';
import { wantedCacheDir } from './cache-files.js';
import { isProjectSource, TYPESCRIPT_FILE } from './compile-module.js';
import { ModuleGraph } from './module-graph.js';
import { resolutionSalt } from './resolution-inputs.js';

export type { ModuleLoader };

export interface ProjectLoader {
  /** Imports a project module (TypeScript or JavaScript) by absolute path. */
  moduleLoader: ModuleLoader;
  /** Node flags for worker threads that import project sources by their own URL (through the hooks). */
  workerExecArgv: string[];
}

/** The CLI package: where `@kedro-mlflow/*` is resolved from when the project has none. */
const CLI_ROOT = cliPackageRoot();
// tsc's output, also when this module runs from the bundled command line (dist/chunks/).
const registerFile = join(CLI_ROOT, 'dist', 'loader', 'register-hooks.cjs');
const workerPreloadFile = join(CLI_ROOT, 'dist', 'loader', 'worker-preload.cjs');

/** Registers the hooks on this thread (once; later calls do nothing). */
export function registerLoaderHooks(): void {
  createRequire(import.meta.url)(registerFile);
}

let graph: ModuleGraph | undefined;

/** The graph of the project in the working directory (the CLI moves there first). */
function projectGraph(): ModuleGraph {
  const projectRoot = process.cwd();
  graph ??= new ModuleGraph({ cacheDir: wantedCacheDir(), salt: resolutionSalt(projectRoot, CLI_ROOT), fallbackDir: CLI_ROOT, projectRoot });
  return graph;
}

/** The URL to import `file` by: its compiled copy, else the file itself with the hooks registered. */
async function importUrl(given: string): Promise<{ url: string; compiled: boolean }> {
  // The working directory is a real path (the project's, after the CLI moved there): compare alike.
  const file = existsSync(given) ? realpathSync(given) : given;
  if (isProjectSource(file, process.cwd())) {
    const module = await projectGraph().moduleFor(file);
    if (module.compiled) return module;
    getLogger('kedro_mlflow.loader').debug(`Importing ${file} through the loader hooks (tsx): ${module.reason}.`);
  }
  // JavaScript of an installed package needs no hooks; TypeScript anywhere else does.
  if (!isProjectSource(file, process.cwd()) && !TYPESCRIPT_FILE.test(file)) return { url: pathToFileURL(file).href, compiled: false };
  registerLoaderHooks();
  return { url: pathToFileURL(file).href, compiled: false };
}

export const moduleLoader: ModuleLoader = async (file) => (await import((await importUrl(file)).url)) as Record<string, unknown>;

moduleLoader.forWorkers = async (file: string): Promise<WorkerImport> => {
  const { url, compiled } = await importUrl(file);
  return { url, execArgv: ['--require', compiled ? workerPreloadFile : registerFile] };
};

/**
 * Imports one of our own packages after registerProjectLoader() without reading its source map:
 * Node reads and parses the map of every module imported while source maps are on, and a bundle's
 * map runs to megabytes. Their stack traces stay unmapped, like those of the packages imported
 * before the loader (a run's project files keep theirs).
 */
export async function withoutSourceMaps<T>(load: () => Promise<T>): Promise<T> {
  process.setSourceMapsEnabled(false);
  try {
    return await load();
  } finally {
    process.setSourceMapsEnabled(true);
  }
}

/** Sets this thread up to import the project's modules and returns what a session needs to load the project. */
export function registerProjectLoader(): ProjectLoader {
  // Stack traces point into the project's .ts files (compiled copies carry source maps).
  process.setSourceMapsEnabled(true);
  return { moduleLoader, workerExecArgv: ['--require', registerFile] };
}
