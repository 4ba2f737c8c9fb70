/**
 * The project's pipeline registry: `src/pipeline_registry.ts` exports `registerPipelines()`, returning
 * `{name: Pipeline}` (`__default__` is what `run` runs when no pipeline is named).
 */
import { relative } from 'node:path';
import { ProjectError } from '../errors/project-error.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { byCodePoint, pyList } from '../utils/py-repr.js';
import type { ProjectMetadata } from './metadata.js';
import { defaultModuleLoader, findModuleFile, importFailure, withDefaultModuleLoader, type ModuleLoader } from './module-loader.js';
import { describeGot, isRecord } from './values.js';

/** The export ParallelRunner workers call to find the nodes of a project run. */
export const REGISTRY_EXPORT = 'registerPipelines';

/** `<sourceDir>/pipeline_registry.{ts,mts,js,mjs}`, or undefined. */
export function pipelineRegistryFile(metadata: ProjectMetadata): string | undefined {
  return findModuleFile(metadata.sourceDir, 'pipeline_registry');
}

/** Imports the registry, calls registerPipelines() and checks it returned a record of pipelines. */
export async function loadPipelineRegistry(metadata: ProjectMetadata, loader?: ModuleLoader): Promise<Record<string, Pipeline>> {
  return withDefaultModuleLoader(loader, () => load(metadata, loader ?? defaultModuleLoader()));
}

async function load(metadata: ProjectMetadata, loader: ModuleLoader): Promise<Record<string, Pipeline>> {
  const file = pipelineRegistryFile(metadata);
  if (file === undefined) {
    const expected = relative(metadata.projectPath, `${metadata.sourceDir}/pipeline_registry.ts`);
    throw new ProjectError(
      `No pipeline registry found: expected ${expected} (or .mts, .js, .mjs) exporting \`async function registerPipelines()\` ` +
        'that returns a record of pipelines, e.g. `return { __default__: createPipeline() }`.',
    );
  }
  const shown = relative(metadata.projectPath, file) || file;
  let module: Record<string, unknown>;
  try {
    module = await loader(file);
  } catch (error) {
    throw new ProjectError(`Failed to import the pipeline registry ${shown}: ${importFailure(file, error)}`, { cause: error });
  }
  const register = module[REGISTRY_EXPORT];
  if (typeof register !== 'function') {
    const names = Object.keys(module).filter((k) => k !== '__esModule').sort(byCodePoint);
    throw new ProjectError(
      `${shown} must export a function 'registerPipelines' returning a record of pipelines; ` +
        (names.length === 0 ? 'it exports nothing.' : `it exports ${pyList(names)}.`),
    );
  }
  // Errors thrown inside registerPipelines (a bad node, a failing createPipeline) reach the user as they are.
  const result: unknown = await (register as () => unknown)();
  if (!isRecord(result)) {
    throw new ProjectError(`registerPipelines() in ${shown} must return a record {name: Pipeline}, got ${describeGot(result)}.`);
  }
  const bad = Object.entries(result).filter(([, value]) => !Pipeline.isInstance(value));
  if (bad.length > 0) {
    const details = bad.map(([name, value]) => `'${name}' is ${describeGot(value)}`).join(', ');
    throw new ProjectError(
      `registerPipelines() in ${shown} must return only Pipeline values: ${details}. ` +
        'Return `pipeline([...])` / `new Pipeline([...])` objects (did you forget to call createPipeline()?).',
    );
  }
  return { ...(result as Record<string, Pipeline>) };
}
