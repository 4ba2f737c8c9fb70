import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureLogs, findPipelines, nativeModuleLoader, Pipeline, ProjectError, setDefaultModuleLoader, type ModuleLoader } from '@kedro-mlflow/core-pipeline';
import { makeProject, pipelineModule, removeProjects } from './project-fixture.js';

afterAll(removeProjects);

const ok = (name: string) => pipelineModule(`    node((x) => x, 'in_${name}', 'out_${name}', { name: '${name}' }),`);

/** A project whose src holds the given pipeline folders; returns the registry path (not created). */
function project(files: Record<string, string>): string {
  const prefixed = Object.fromEntries(Object.entries(files).map(([path, text]) => [join('src', path), text]));
  return join(makeProject(prefixed), 'src', 'pipeline_registry.mjs');
}

async function withWarnings<T>(fn: () => Promise<T>): Promise<{ result: T; warnings: string[] }> {
  const logs = captureLogs('warn');
  try {
    const result = await fn();
    return { result, warnings: logs.messages('warn') };
  } finally {
    logs.restore();
  }
}

describe('findPipelines', () => {
  it('creates one pipeline per folder, sorted, with an empty __default__', async () => {
    const registry = project({ 'pipelines/zeta/pipeline.mjs': ok('z'), 'pipelines/alpha/pipeline.mjs': ok('a') });
    const { result, warnings } = await withWarnings(() => findPipelines(pathToFileURL(registry).href));
    expect(Object.keys(result)).toEqual(['__default__', 'alpha', 'zeta']);
    expect(result.alpha!.nodes.map((n) => n.name)).toEqual(['a']);
    expect(Pipeline.isInstance(result.__default__)).toBe(true);
    expect(result.__default__!.nodes).toEqual([]);
    expect(warnings).toEqual([]);
  });

  it('accepts a URL object, the registry path, or its folder', async () => {
    const registry = project({ 'pipelines/one/pipeline.mjs': ok('one') });
    for (const from of [pathToFileURL(registry), registry, join(registry, '..')]) {
      expect(Object.keys(await findPipelines(from))).toEqual(['__default__', 'one']);
    }
  });

  it('skips hidden and private folders, loose files and folders without a pipeline module (with a warning)', async () => {
    const registry = project({
      'pipelines/.hidden/pipeline.mjs': "throw new Error('must not be imported');",
      'pipelines/_shared/pipeline.mjs': "throw new Error('must not be imported');",
      'pipelines/pipeline.mjs': ok('loose'),
      'pipelines/empty/nodes.mjs': 'export const x = 1;',
      'pipelines/good/pipeline.mjs': ok('good'),
    });
    const { result, warnings } = await withWarnings(() => findPipelines(registry));
    expect(Object.keys(result)).toEqual(['__default__', 'good']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("has no pipeline.ts (or .mts, .js, .mjs) exporting createPipeline(), so no pipeline named 'empty'");
  });

  it('uses a pipeline module next to the registry as __default__', async () => {
    const registry = project({ 'pipeline.mjs': ok('single'), 'pipelines/other/pipeline.mjs': ok('other') });
    const result = await findPipelines(registry);
    expect(result.__default__!.nodes.map((n) => n.name)).toEqual(['single']);
    expect(Object.keys(result)).toEqual(['__default__', 'other']);
  });

  const broken = {
    'pipelines/good/pipeline.mjs': ok('good'),
    'pipelines/import_error/pipeline.mjs': "import './does-not-exist.mjs';\nexport const createPipeline = () => null;",
    'pipelines/no_create/pipeline.mjs': 'export const somethingElse = 1;',
    'pipelines/not_pipeline/pipeline.mjs': 'export function createPipeline() { return [1, 2]; }',
  };

  it('warns about and skips modules that fail to import, lack createPipeline or return something else', async () => {
    const { result, warnings } = await withWarnings(() => findPipelines(project(broken)));
    expect(Object.keys(result)).toEqual(['__default__', 'good']);
    expect(warnings).toHaveLength(3);
    expect(warnings[0]).toMatch(/^An error occurred while importing the module .*import_error[/\\]pipeline\.mjs: .*does-not-exist/s);
    expect(warnings[0]).toContain("Nothing defined therein will be returned by 'findPipelines'.");
    expect(warnings[1]).toMatch(/no_create[/\\]pipeline\.mjs does not export a 'createPipeline' function/);
    expect(warnings[2]).toMatch(/Expected the 'createPipeline' function in .*not_pipeline[/\\]pipeline\.mjs to return a Pipeline, got an array instead/);
  });

  it.each([
    ['import_error', /An error occurred while importing the module/],
    ['no_create', /does not export a 'createPipeline' function/],
    ['not_pipeline', /to return a Pipeline, got an array instead/],
  ])('throws a ProjectError for %s with raiseErrors', async (name, message) => {
    const registry = project({ 'pipelines/good/pipeline.mjs': ok('good'), [`pipelines/${name}/pipeline.mjs`]: broken[`pipelines/${name}/pipeline.mjs` as keyof typeof broken] });
    const error = await findPipelines(registry, { raiseErrors: true }).catch((e: unknown) => e);
    expect(ProjectError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(message);
  });

  it('lets errors thrown by createPipeline itself through (a bad node is not silently skipped)', async () => {
    const registry = project({ 'pipelines/bad/pipeline.mjs': pipelineModule("    node((x) => x, 'a', 'a', { name: 'loop' }),") });
    await expect(findPipelines(registry)).rejects.toThrow(/loop/);
  });

  it('imports only the requested folders, and reports requested names that do not exist', async () => {
    const registry = project({ 'pipelines/wanted/pipeline.mjs': ok('w'), 'pipelines/other/pipeline.mjs': "throw new Error('must not be imported');" });
    const { result, warnings } = await withWarnings(() => findPipelines(registry, { pipelinesToFind: ['wanted', '__default__', 'ghost'] }));
    expect(Object.keys(result)).toEqual(['__default__', 'wanted']);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Pipeline\(s\) \['ghost'\] requested but not found: there is no folder \['.*ghost'\]\. The pipeline folders are \['other', 'wanted'\]\./);
    await expect(findPipelines(registry, { pipelinesToFind: ['ghost'], raiseErrors: true })).rejects.toThrow("Pipeline(s) ['ghost'] requested but not found");
  });

  it('returns only __default__ when there is no pipelines folder', async () => {
    const result = await findPipelines(project({}));
    expect(Object.keys(result)).toEqual(['__default__']);
  });

  it('imports with the loader option, else the default loader set by a session', async () => {
    const registry = project({ 'pipelines/a/pipeline.ts': 'not really typescript', 'pipelines/b/pipeline.mjs': ok('b') });
    const seen: string[] = [];
    const loader: ModuleLoader = async (file) => {
      seen.push(file.replace(/\\/g, '/').split('/pipelines/')[1]!);
      return file.endsWith('.ts') ? { createPipeline: () => new Pipeline([]) } : nativeModuleLoader(file);
    };
    expect(Object.keys(await findPipelines(registry, { loader }))).toEqual(['__default__', 'a', 'b']);
    expect(seen).toEqual(['a/pipeline.ts', 'b/pipeline.mjs']);

    const previous = setDefaultModuleLoader(loader);
    try {
      expect(Object.keys(await findPipelines(registry))).toEqual(['__default__', 'a', 'b']);
    } finally {
      setDefaultModuleLoader(previous);
    }
    expect(seen).toHaveLength(4);
  });
});
