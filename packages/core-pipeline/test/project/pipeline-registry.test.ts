import { bootstrapProject, loadPipelineRegistry, nativeModuleLoader, Pipeline, pipelineRegistryFile, ProjectError, type ModuleLoader } from '@kedro-mlflow/core-pipeline';
import { makeProject, pipelineModule, REGISTRY_MJS, removeProjects } from './project-fixture.js';

afterAll(removeProjects);

const ok = (name: string) => pipelineModule(`    node((x) => x, 'in_${name}', 'out_${name}', { name: '${name}' }),`);

async function registryOf(files: Record<string, string>, loader?: ModuleLoader) {
  return loadPipelineRegistry(await bootstrapProject(makeProject(files)), loader);
}

async function registryError(registry: string): Promise<string> {
  const error = await registryOf({ 'src/pipeline_registry.mjs': registry }).catch((e: unknown) => e);
  expect(ProjectError.isInstance(error)).toBe(true);
  return (error as Error).message;
}

describe('loadPipelineRegistry', () => {
  it('calls registerPipelines() of the template registry', async () => {
    const pipelines = await registryOf({
      'src/pipeline_registry.mjs': REGISTRY_MJS,
      'src/pipelines/a/pipeline.mjs': ok('a'),
      'src/pipelines/b/pipeline.mjs': ok('b'),
    });
    expect(Object.keys(pipelines).sort()).toEqual(['__default__', 'a', 'b']);
    expect(pipelines.__default__!.nodes.map((n) => n.name)).toEqual(['a', 'b']);
  });

  it('accepts a synchronous registerPipelines', async () => {
    const pipelines = await registryOf({
      'src/pipeline_registry.mjs': "import { Pipeline } from '@kedro-mlflow/core-pipeline';\nexport function registerPipelines() { return { __default__: new Pipeline([]) }; }",
    });
    expect(Object.keys(pipelines)).toEqual(['__default__']);
  });

  it('says where the registry is expected when there is none', async () => {
    const error = await registryOf({}).catch((e: unknown) => e);
    expect(ProjectError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('No pipeline registry found: expected src/pipeline_registry.ts (or .mts, .js, .mjs) exporting `async function registerPipelines()`');
  });

  it('refuses a registry without registerPipelines, listing its exports', async () => {
    expect(await registryError('export const pipelines = {};')).toBe(
      "src/pipeline_registry.mjs must export a function 'registerPipelines' returning a record of pipelines; it exports ['pipelines'].",
    );
  });

  it('refuses a result that is not a record of pipelines, naming the bad entries', async () => {
    expect(await registryError('export const registerPipelines = () => [1];')).toBe(
      'registerPipelines() in src/pipeline_registry.mjs must return a record {name: Pipeline}, got an array.',
    );
    const message = await registryError(
      "import { Pipeline } from '@kedro-mlflow/core-pipeline';\nexport const registerPipelines = () => ({ __default__: new Pipeline([]), broken: () => 1, other: 'x' });",
    );
    expect(message).toContain("must return only Pipeline values: 'broken' is the function 'broken', 'other' is 'x'.");
  });

  it('wraps import errors of the registry with its name', async () => {
    const message = await registryError("import './nowhere.mjs';\nexport const registerPipelines = () => ({});");
    expect(message).toMatch(/^Failed to import the pipeline registry src\/pipeline_registry\.mjs: .*nowhere/s);
  });

  it('lets errors from registerPipelines itself through unchanged', async () => {
    const error = await registryOf({ 'src/pipeline_registry.mjs': "export function registerPipelines() { throw new RangeError('broken registry'); }" }).catch(
      (e: unknown) => e,
    );
    expect((error as Error).name).toBe('RangeError');
    expect((error as Error).message).toBe('broken registry');
  });

  it('imports the pipelines the registry discovers with the same loader', async () => {
    const seen: string[] = [];
    const loader: ModuleLoader = async (file) => {
      seen.push(file.replace(/\\/g, '/').split('/src/')[1]!);
      return nativeModuleLoader(file);
    };
    const root = makeProject({ 'src/pipeline_registry.mjs': REGISTRY_MJS, 'src/pipelines/a/pipeline.mjs': ok('a') });
    const metadata = await bootstrapProject(root);
    expect(pipelineRegistryFile(metadata)).toMatch(/src[/\\]pipeline_registry\.mjs$/);
    const pipelines = await loadPipelineRegistry(metadata, loader);
    expect(Pipeline.isInstance(pipelines.a)).toBe(true);
    expect(seen).toEqual(['pipeline_registry.mjs', 'pipelines/a/pipeline.mjs']);
  });
});
