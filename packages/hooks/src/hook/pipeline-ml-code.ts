/**
 * Which module the logged model's inference code is bundled from. A model must run where the project
 * is not installed, so its code is bundled from a module that imports its pipelines statically. A
 * registry that discovers pipeline folders at run time (`findPipelines(import.meta.url)`) finds none
 * inside a model, so the hook prefers the pipeline's own folder module, as findPipelines loads it.
 * The choice is checked before the first node: the module is imported and must give the inference
 * pipeline of the run's PipelineML.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { defaultModuleLoader, findModuleFile, isPlainObject, pipelineRegistryFile, type Pipeline, type ProjectMetadata } from '@kedro-mlflow/core-pipeline';
import { pipelineFromSource, type CodeSource } from '@kedro-mlflow/pipeline-ml';
import { PipelineMlHookError } from '../errors/pipeline-ml-hook-error.js';

/** A call of findPipelines in the registry's code (comments stripped first). */
const DISCOVERY = /\bfindPipelines\s*\(/;

interface Candidate {
  code: CodeSource;
  /** Why it cannot be used, when known without importing it. */
  refused?: string;
}

const nodeNames = (pipeline: { nodes: ReadonlyArray<{ name: string }> }): string => pipeline.nodes.map((n) => n.name).sort().join('\n');

function givenCode(value: unknown, projectPath: string): CodeSource {
  const ok =
    isPlainObject(value) &&
    typeof value.module === 'string' &&
    value.module !== '' &&
    ['exportName', 'pipelineName'].every((k) => value[k] === undefined || typeof value[k] === 'string');
  if (!ok) {
    throw new PipelineMlHookError("The model 'code' option (logModelKwargs.code) must be { module: 'src/…/pipeline.ts', exportName?: string, pipelineName?: string }.", {
      kind: 'log-model-kwargs',
      key: 'logModelKwargs.code',
    });
  }
  const code = value as unknown as CodeSource;
  return { ...code, module: isAbsolute(code.module) ? code.module : resolve(projectPath, code.module) };
}

async function registryCandidate(metadata: ProjectMetadata, pipelineName: string): Promise<Candidate | undefined> {
  const file = pipelineRegistryFile(metadata);
  if (file === undefined) return undefined;
  const code = { module: file, exportName: 'registerPipelines', pipelineName };
  const source = (await readFile(file, 'utf8')).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
  return DISCOVERY.test(source) ? { code, refused: 'it calls findPipelines(), which discovers pipeline folders at run time and finds none inside a model' } : { code };
}

/**
 * The code source of a model whose pipeline is `inference` (registered, or the inference of the
 * PipelineML registered, as `pipelineName`): `given` (`logModelKwargs.code`, `modelify --code`)
 * when given, else `<sourceDir>/pipelines/<name>/pipeline.*` (its `createPipeline`) for each name
 * the registry holds it under, else the
 * registry. The first that imports and gives the same inference nodes wins; none: `code-source`.
 */
export async function resolveModelCode(
  metadata: ProjectMetadata,
  pipelineName: string,
  inference: Pipeline,
  given: unknown,
  /** Every registry name holding the same PipelineML (`__default__` is often another name's pipeline). */
  aliases: readonly string[] = [pipelineName],
): Promise<CodeSource> {
  const candidates: Candidate[] = [];
  if (given !== undefined) candidates.push({ code: givenCode(given, metadata.projectPath) });
  else {
    for (const name of aliases) {
      const folderModule = findModuleFile(join(metadata.sourceDir, 'pipelines', name), 'pipeline');
      if (folderModule !== undefined) candidates.push({ code: { module: folderModule, exportName: 'createPipeline' } });
    }
    const registry = await registryCandidate(metadata, pipelineName);
    if (registry !== undefined) candidates.push(registry);
  }
  const expected = nodeNames(inference);
  const tried: string[] = [];
  const shown = (file: string): string => relative(metadata.projectPath, file) || file;
  for (const { code, refused } of candidates) {
    const label = `${shown(code.module)}${code.exportName === undefined ? '' : `#${code.exportName}`}`;
    if (refused !== undefined) {
      tried.push(`${label}: ${refused}`);
      continue;
    }
    try {
      const inference = await pipelineFromSource(await defaultModuleLoader()(code.module), code);
      if (nodeNames(inference) === expected) return code;
      tried.push(`${label}: gives the nodes ${inference.nodes.map((n) => n.name).join(', ') || 'none'}, not the inference pipeline's`);
    } catch (error) {
      tried.push(`${label}: ${(error as Error)?.message ?? String(error)}`);
    }
  }
  const module = candidates[0]?.code.module;
  throw new PipelineMlHookError(
    `Cannot tell which module the model of the pipeline '${pipelineName}' is bundled from, so the model could not be logged:` +
      (tried.length === 0 ? ' the project has no pipeline registry file.' : tried.map((t) => `\n  - ${t}`).join('')) +
      `\nDefine the pipeline in ${shown(join(metadata.sourceDir, 'pipelines', pipelineName, 'pipeline.ts'))} (export createPipeline), ` +
      "or set logModelKwargs.code to { module, exportName, pipelineName } of a module that imports its pipelines statically.",
    { kind: 'code-source', pipelineName, module },
  );
}
