/** `kedro-mlflow registry list|describe`: the project's pipelines, as YAML on stdout. */
import { loadPipelineRegistry } from '@kedro-mlflow/core-pipeline';
import { CliError } from '../errors.js';
import { setupLogging } from '../output/logging.js';
import { writeStdout, type Terminal } from '../output/terminal.js';
import { dumpYaml } from '../output/yaml.js';
import { openProject } from './project-context.js';

export interface RegistryOptions {
  verbose: boolean;
  terminal: Terminal;
}

export function pipelineNotFound(name: string, existing: Iterable<string>): CliError {
  return new CliError(`'${name}' pipeline not found. Existing pipelines: [${[...existing].sort().join(', ')}]`);
}

export async function registryList(options: RegistryOptions): Promise<number> {
  setupLogging(options);
  const { metadata, loader } = await openProject();
  const pipelines = await loadPipelineRegistry(metadata, loader.moduleLoader);
  writeStdout(dumpYaml(Object.keys(pipelines).sort()));
  return 0;
}

export async function registryDescribe(name: string, options: RegistryOptions): Promise<number> {
  setupLogging(options);
  const { metadata, loader } = await openProject();
  const pipelines = await loadPipelineRegistry(metadata, loader.moduleLoader);
  const pipeline = Object.hasOwn(pipelines, name) ? pipelines[name] : undefined;
  if (pipeline === undefined) throw pipelineNotFound(name, Object.keys(pipelines));
  writeStdout(dumpYaml({ Nodes: pipeline.nodes.map((node) => `${node.name} (${node.funcName})`) }));
  return 0;
}
