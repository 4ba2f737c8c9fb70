/**
 * kedro's `find_pipelines()`: discovers `pipelines/<name>/pipeline.{ts,mts,js,mjs}` next to the
 * pipeline registry and calls each module's `createPipeline()`. A broken pipeline module is skipped
 * with a warning (so one bad folder does not stop the others), or is an error with `raiseErrors`.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ProjectError } from '../errors/project-error.js';
import { getLogger } from '../logging.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { byCodePoint, pyList } from '../utils/py-repr.js';
import { defaultModuleLoader, findModuleFile, importFailure, type ModuleLoader } from './module-loader.js';
import { describeGot } from './values.js';

const log = getLogger('kedro.framework.project');

export interface FindPipelinesOptions {
  /** Throw instead of warning and skipping a pipeline that cannot be loaded. */
  raiseErrors?: boolean;
  /** Import only these pipeline folders (`__default__` is always returned). */
  pipelinesToFind?: string[];
  /** Default: the session's loader (setDefaultModuleLoader), else native import(). */
  loader?: ModuleLoader;
}

/**
 * `from` is the registry's `import.meta.url` (or a path to it, or to its folder). Returns
 * `{__default__, <name>: pipeline, …}`: `__default__` is the `createPipeline()` of a `pipeline.ts`
 * next to the registry (kedro's simplified layout) or an empty pipeline; registries usually replace
 * it with the sum of the others.
 */
export async function findPipelines(from: string | URL, options: FindPipelinesOptions = {}): Promise<Record<string, Pipeline>> {
  const dir = registryDir(from);
  const loader = options.loader ?? defaultModuleLoader();
  const problem = (message: string, cause?: unknown): void => {
    if (options.raiseErrors === true) throw new ProjectError(message, cause === undefined ? undefined : { cause });
    log.warn(message);
  };

  const pipelines: Record<string, Pipeline> = {};
  const single = findModuleFile(dir, 'pipeline');
  const fromSingle = single === undefined ? undefined : await createFrom(single, loader, problem);
  pipelines.__default__ = fromSingle ?? new Pipeline([]);

  const root = join(dir, 'pipelines');
  let names = subfolders(root);
  if (options.pipelinesToFind !== undefined) {
    const wanted = new Set(options.pipelinesToFind);
    const missing = [...wanted].filter((name) => name !== '__default__' && !names.includes(name));
    if (missing.length > 0) {
      problem(
        `Pipeline(s) ${pyList(missing)} requested but not found: there is no folder ${pyList(missing.map((m) => join(root, m)))}. ` +
          `The pipeline folders are ${pyList(names)}.`,
      );
    }
    names = names.filter((name) => wanted.has(name));
  }
  for (const name of names) {
    const file = findModuleFile(join(root, name), 'pipeline');
    if (file === undefined) {
      problem(
        `The pipeline folder '${join(root, name)}' has no pipeline.ts (or .mts, .js, .mjs) exporting createPipeline(), ` +
          `so no pipeline named '${name}' will be returned by 'findPipelines'.`,
      );
      continue;
    }
    const pipeline = await createFrom(file, loader, problem);
    if (pipeline !== undefined) pipelines[name] = pipeline;
  }
  return pipelines;
}

/** Imports a pipeline module and calls its createPipeline(); undefined when skipped. */
async function createFrom(file: string, loader: ModuleLoader, problem: (message: string, cause?: unknown) => void): Promise<Pipeline | undefined> {
  let module: Record<string, unknown>;
  try {
    module = await loader(file);
  } catch (error) {
    problem(
      `An error occurred while importing the module ${file}: ${importFailure(file, error)}\nNothing defined therein will be returned by 'findPipelines'.`,
      error,
    );
    return undefined;
  }
  const create = module.createPipeline;
  if (typeof create !== 'function') {
    problem(`The module ${file} does not export a 'createPipeline' function, so no pipelines defined therein will be returned by 'findPipelines'.`);
    return undefined;
  }
  // Errors thrown by createPipeline itself (a bad node definition) are the user's to see: not skipped.
  const result: unknown = await (create as () => unknown)();
  if (!Pipeline.isInstance(result)) {
    problem(
      `Expected the 'createPipeline' function in ${file} to return a Pipeline, got ${describeGot(result)} instead. ` +
        "Nothing defined therein will be returned by 'findPipelines'.",
    );
    return undefined;
  }
  return result;
}

function registryDir(from: string | URL): string {
  const path = typeof from === 'string' && !from.startsWith('file:') ? from : fileURLToPath(from);
  return isDirectory(path) ? path : dirname(path);
}

/** Pipeline folder names, sorted; hidden and `_private` folders (and node_modules) skipped. */
function subfolders(root: string): string[] {
  if (!isDirectory(root)) return [];
  return readdirSync(root)
    .filter((name) => !name.startsWith('.') && !name.startsWith('_') && name !== 'node_modules' && isDirectory(join(root, name)))
    .sort(byCodePoint);
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

