/**
 * `kedro-mlflow catalog describe-datasets|list-patterns|resolve-patterns` (kedro 1.x): the catalog of an
 * environment as YAML on stdout. Credentials are shown by reference, never by value.
 */
import type { Pipeline } from '@kedro-mlflow/core-pipeline';
import { setupLogging } from '../output/logging.js';
import { writeStdout, type Terminal } from '../output/terminal.js';
import { dumpYaml } from '../output/yaml.js';
import { splitString } from '../parse/options.js';
import { openProjectSession } from './project-session.js';
import { pipelineNotFound } from './registry.js';

export interface CatalogOptions {
  env: string | undefined;
  /** `-p a,b`: pipelines to look at (default: all). */
  pipeline?: string | undefined;
  verbose: boolean;
  terminal: Terminal;
}

async function openCatalog(options: CatalogOptions) {
  setupLogging(options);
  const { session } = await openProjectSession(options.env);
  try {
    const context = await session.loadContext();
    const catalog = await context.catalog();
    const registry = await context.pipelines();
    const wanted = splitString(options.pipeline);
    const pipelines: Record<string, Pipeline> = {};
    for (const name of wanted.length > 0 ? wanted : Object.keys(registry)) {
      const pipeline = Object.hasOwn(registry, name) ? registry[name] : undefined;
      if (pipeline === undefined) throw pipelineNotFound(name, Object.keys(registry));
      pipelines[name] = pipeline;
    }
    return { catalog, pipelines };
  } finally {
    session.close();
  }
}

export async function catalogDescribeDatasets(options: CatalogOptions): Promise<number> {
  const { catalog, pipelines } = await openCatalog(options);
  writeStdout(dumpYaml(catalog.describeDatasets(pipelines)));
  return 0;
}

export async function catalogListPatterns(options: CatalogOptions): Promise<number> {
  const { catalog } = await openCatalog(options);
  writeStdout(dumpYaml(catalog.listPatterns()));
  return 0;
}

export async function catalogResolvePatterns(options: CatalogOptions): Promise<number> {
  const { catalog, pipelines } = await openCatalog(options);
  writeStdout(dumpYaml(catalog.resolvePatterns(pipelines)));
  return 0;
}
