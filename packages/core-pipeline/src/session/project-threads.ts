/**
 * Where worker threads find a project's nodes: its pipeline registry, imported the way the project's
 * module loader imports it (a loader may serve a compiled copy). ParallelRunner runs of a session get
 * these defaults; a long-lived process (a Temporal worker) starts its threads from them once.
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { defaultModuleLoader, type ModuleLoader } from '../project/module-loader.js';
import { pipelineRegistryFile, REGISTRY_EXPORT } from '../project/pipeline-registry.js';
import type { ProjectMetadata } from '../project/metadata.js';
import { NodeThreadPool } from '../runner/node-thread-pool.js';

export interface ThreadModuleContext {
  /** The pipeline registry file; undefined when the project has none. */
  registryFile: string | undefined;
  workerExecArgv: string[] | undefined;
  loader: ModuleLoader;
}

export interface ThreadModule {
  pipelineModule: string | undefined;
  pipelineExport: string;
  execArgv?: string[];
}

export async function projectThreadModule(ctx: ThreadModuleContext): Promise<ThreadModule> {
  const viaLoader = ctx.registryFile !== undefined && ctx.loader.forWorkers !== undefined ? await ctx.loader.forWorkers(ctx.registryFile) : undefined;
  const execArgv = viaLoader?.execArgv ?? ctx.workerExecArgv;
  return {
    pipelineModule: viaLoader?.url ?? ctx.registryFile,
    pipelineExport: REGISTRY_EXPORT,
    ...(execArgv !== undefined ? { execArgv } : {}),
  };
}

export interface ProjectThreadsOptions {
  size: number;
  perThread?: number | undefined;
  /** What the DatasetError about data that cannot cross threads says to do. */
  remedy?: string | undefined;
  moduleLoader?: ModuleLoader | undefined;
  workerExecArgv?: string[] | undefined;
}

/** Threads that run the nodes of this project's pipelines; the caller closes them. */
export async function startProjectThreads(metadata: ProjectMetadata, options: ProjectThreadsOptions): Promise<NodeThreadPool> {
  const registryFile = pipelineRegistryFile(metadata);
  const module = await projectThreadModule({ registryFile, workerExecArgv: options.workerExecArgv, loader: options.moduleLoader ?? defaultModuleLoader() });
  if (module.pipelineModule === undefined) {
    throw new PipelineError(`The project '${metadata.packageName}' has no pipeline registry (${metadata.sourceDir}/pipeline_registry.ts) for worker threads to import its nodes from.`);
  }
  return NodeThreadPool.start({ pipelineModule: module.pipelineModule, pipelineExport: module.pipelineExport, size: options.size, perThread: options.perThread, remedy: options.remedy, execArgv: module.execArgv });
}
