/**
 * Makes a project's TypeScript sources importable: tsx compiles `.ts` files on import, and our resolve
 * hook (resolve-hooks.ts) falls back to the CLI's own `@kedro-mlflow/*` packages when the project has
 * none. Worker threads (ParallelRunner) do not inherit module hooks on Node 20: they get
 * `workerExecArgv`, which preloads the same registration.
 */
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

export type ModuleLoader = (file: string) => Promise<Record<string, unknown>>;

export interface ProjectLoader {
  /** Imports a project module (TypeScript or JavaScript) by absolute path. */
  moduleLoader: ModuleLoader;
  /** Node flags for worker threads, so that they load project modules the same way. */
  workerExecArgv: string[];
}

const registerFile = fileURLToPath(new URL('./register-hooks.cjs', import.meta.url));

/** Registers the hooks on this thread (once; later calls do nothing). */
export function registerLoaderHooks(): void {
  createRequire(import.meta.url)(registerFile);
}

export const moduleLoader: ModuleLoader = async (file) => (await import(pathToFileURL(file).href)) as Record<string, unknown>;

/** Registers the hooks on this thread and returns what a session needs to load the project. */
export function registerProjectLoader(): ProjectLoader {
  registerLoaderHooks();
  return { moduleLoader, workerExecArgv: ['--require', registerFile] };
}
