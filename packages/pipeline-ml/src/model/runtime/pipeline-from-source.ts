/**
 * The inference pipeline out of the module it is bundled from, by core-pipeline's pipeline-module
 * convention (ParallelRunner workers use the same one): the export `exportName` (default `default`,
 * then `registerPipelines`, then `createPipeline`) is a Pipeline, a record of pipelines, or a
 * (possibly async) function returning either; a record is indexed by `pipelineName` (default
 * `__default__`, or its only entry). A PipelineML gives its `inference` pipeline.
 */
import type { Pipeline } from '@kedro-mlflow/core-pipeline';
import { KedroPipelineModelError } from '../errors/kedro-pipeline-model-error.js';

export const DEFAULT_EXPORTS = ['default', 'registerPipelines', 'createPipeline'] as const;

export interface CodeSource {
  /** The module that defines (or gathers) the pipeline: a path, absolute or relative to the working directory. */
  module: string;
  /** Its export (default: `default`, `registerPipelines`, `createPipeline`, the first that exists). */
  exportName?: string | undefined;
  /** The key in a record of pipelines (default `__default__`, or the record's only key). */
  pipelineName?: string | undefined;
}

const isPipeline = (value: unknown): value is Pipeline =>
  value !== null && typeof value === 'object' && Array.isArray((value as { nodes?: unknown }).nodes) && typeof (value as { inputs?: unknown }).inputs === 'function';

function sourceError(source: CodeSource, why: string): KedroPipelineModelError {
  return new KedroPipelineModelError(`The model code module '${source.module}' ${why}`, { kind: 'code-source', module: source.module });
}

/** The inference pipeline that `exports` (the module's namespace) gives for `source`. */
export async function pipelineFromSource(exports: Record<string, unknown>, source: CodeSource): Promise<Pipeline> {
  const names = source.exportName !== undefined ? [source.exportName] : [...DEFAULT_EXPORTS];
  const exportName = names.find((n) => exports[n] !== undefined);
  if (exportName === undefined) {
    const has = Object.keys(exports).filter((k) => k !== '__esModule');
    throw sourceError(source, `exports none of ${names.join(', ')} (it exports ${has.length === 0 ? 'nothing' : has.join(', ')}). Set 'code.exportName'.`);
  }
  let value = exports[exportName];
  if (typeof value === 'function') value = await (value as () => unknown)();
  if (!isPipeline(value)) {
    if (value === null || typeof value !== 'object') throw sourceError(source, `export '${exportName}' gives neither a pipeline nor a record of pipelines.`);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    const key = source.pipelineName ?? (keys.includes('__default__') || keys.length !== 1 ? '__default__' : keys[0]!);
    if (!isPipeline(record[key])) {
      throw sourceError(source, `export '${exportName}' has no pipeline '${key}' (it has ${keys.join(', ') || 'none'}). Set 'code.pipelineName'.`);
    }
    value = record[key];
  }
  const inference = (value as { inference?: unknown }).inference;
  return isPipeline(inference) ? inference : (value as Pipeline);
}
