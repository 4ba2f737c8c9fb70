/**
 * How project modules (settings, pipeline registry, pipelines, custom runners) are imported. Node
 * cannot import TypeScript by itself, so the CLI passes a loader (tsx); plain `import()` is the default.
 */
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** How a worker thread imports a module the way a loader does. */
export interface WorkerImport {
  /** What the worker passes to `import()` (a file URL or path). */
  url: string;
  /** Node flags the worker thread needs to import it. */
  execArgv: string[];
}

export interface ModuleLoader {
  (file: string): Promise<Record<string, unknown>>;
  /**
   * Optional: how ParallelRunner's worker threads import `file` (a loader may serve a compiled copy
   * under another URL). Without it, workers import the file itself with the session's workerExecArgv.
   */
  forWorkers?: (file: string) => Promise<WorkerImport>;
}

/** Extensions tried, in order, for `settings`, `pipeline_registry` and `pipelines/<name>/pipeline`. */
export const MODULE_EXTENSIONS: readonly string[] = ['.ts', '.mts', '.js', '.mjs'];

/** Native `import()` of a file. */
export const nativeModuleLoader: ModuleLoader = async (file) => {
  // Compiled to CommonJS (jest, bundles) import() becomes require(), which wants a path; native ESM
  // wants a file URL (required on Windows).
  const specifier = typeof require === 'function' ? file : pathToFileURL(file).href;
  return (await import(specifier)) as Record<string, unknown>;
};

// Process-wide (and shared by every copy of this package): a registry written as
// `findPipelines(import.meta.url)` imports its pipelines with the loader the session was given,
// even when its own copy of findPipelines is not the one that created the session.
const AMBIENT_KEY = Symbol.for('@kedro-mlflow/core-pipeline.moduleLoader');
type Holder = { [AMBIENT_KEY]?: ModuleLoader | undefined };

/** Sets the loader used when none is passed (undefined: back to native import). Returns the previous one. */
export function setDefaultModuleLoader(loader: ModuleLoader | undefined): ModuleLoader | undefined {
  const holder = globalThis as Holder;
  const previous = holder[AMBIENT_KEY];
  holder[AMBIENT_KEY] = loader;
  return previous;
}

/** The loader set with setDefaultModuleLoader, else native import. */
export function defaultModuleLoader(): ModuleLoader {
  return (globalThis as Holder)[AMBIENT_KEY] ?? nativeModuleLoader;
}

/** `<dir>/<basename>.{ts,mts,js,mjs}`: the first that exists. */
export function findModuleFile(dir: string, basename: string): string | undefined {
  for (const ext of MODULE_EXTENSIONS) {
    const file = join(dir, basename + ext);
    if (existsSync(file) && statSync(file).isFile()) return file;
  }
  return undefined;
}

/** The text of an import failure, with what to do when Node met a TypeScript file unaided. */
export function importFailure(file: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'ERR_UNKNOWN_FILE_EXTENSION' && /\.m?ts$/.test(file)) {
    return (
      `${message}. Node cannot import TypeScript files by itself: run the project through the kedro-mlflow CLI, ` +
      "start node with `--import tsx`, or pass a `moduleLoader` that can import TypeScript."
    );
  }
  return message;
}

/**
 * Runs `fn` with `loader` as the default loader, then restores the previous one: pipeline modules
 * that the registry discovers with `findPipelines(import.meta.url)` are then imported the same way
 * as the registry itself.
 */
export async function withDefaultModuleLoader<T>(loader: ModuleLoader | undefined, fn: () => Promise<T>): Promise<T> {
  if (loader === undefined) return fn();
  const previous = setDefaultModuleLoader(loader);
  try {
    return await fn();
  } finally {
    setDefaultModuleLoader(previous);
  }
}
