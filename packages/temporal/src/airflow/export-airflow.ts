/**
 * `kedro-mlflow export airflow`: a project's pipeline as an Airflow DAG file. Everything is checked
 * before the file is written; an existing file is replaced only with `force`, and atomically.
 */
import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, extname, join, resolve } from 'node:path';
import type { DataCatalog, Pipeline } from '@kedro-mlflow/core-pipeline';
import { dagPlanOf } from '../workflow/dag-plan.js';
import { AirflowExportError, optionError } from './airflow-export-error.js';
import * as parse from './export-options.js';
import type { AirflowDagSettings, AirflowExportFlags } from './export-options.js';
import { inMemoryBetweenNodes } from './in-memory-datasets.js';
import { renderAirflowDag, type AirflowTask } from './render-dag.js';
import { taskIdsFor } from './task-ids.js';

export interface AirflowExportProject {
  /** The project's package name (package.json `kedro.packageName`): the default DAG id and file name. */
  packageName: string;
  projectPath: string;
  /** The registered pipelines. */
  pipelines: Record<string, Pipeline>;
  /** The catalog of `env`, to find the datasets that live in memory. */
  catalog: DataCatalog;
  /** The configuration environment the tasks run in (the session's). */
  env: string;
}

export interface AirflowDag {
  settings: AirflowDagSettings;
  tasks: AirflowTask[];
  source: string;
}

export interface AirflowExportResult extends AirflowDag {
  /** The absolute path of the file written. */
  file: string;
}

function selectPipeline(project: AirflowExportProject, name: string, nodeTags: string[]): Pipeline {
  const registered = Object.hasOwn(project.pipelines, name) ? project.pipelines[name] : undefined;
  if (registered === undefined) {
    throw optionError('--pipeline', `no pipeline '${name}' is registered. Registered pipelines: ${Object.keys(project.pipelines).sort().join(', ')}.`);
  }
  const pipeline = nodeTags.length > 0 ? registered.onlyNodesWithTags(...nodeTags) : registered;
  if (pipeline.nodes.length === 0) {
    const which = nodeTags.length > 0 ? `No node of pipeline '${name}' has any of the tags ${nodeTags.join(', ')}` : `Pipeline '${name}' has no nodes`;
    throw new AirflowExportError({ kind: 'empty-pipeline', message: `${which}: there is nothing to export.` });
  }
  return pipeline;
}

/** The DAG of a project's pipeline (no file written): every check of the export, then the source. */
export function buildAirflowDag(project: AirflowExportProject, flags: AirflowExportFlags = {}): AirflowDag {
  const settings: AirflowDagSettings = {
    pipelineName: parse.parsePipelineName(flags.pipeline),
    env: project.env,
    dagId: parse.parseDagId(flags.dagId, project.packageName),
    projectPath: parse.parseProjectPath(flags.projectPath, project.projectPath),
    command: parse.parseCommand(flags.command),
    schedule: parse.parseSchedule(flags.schedule),
    startDate: parse.parseStartDate(flags.startDate),
    dagTags: parse.parseDagTags(flags.dagTags, project.packageName),
    owner: parse.parseOwner(flags.owner),
    retries: parse.parseRetries(flags.retries),
    retryDelaySeconds: parse.parseRetryDelay(flags.retryDelay),
  };
  const pipeline = selectPipeline(project, settings.pipelineName, parse.parseNodeTags(flags.tags));
  const plan = dagPlanOf(pipeline);
  const inMemory = inMemoryBetweenNodes(pipeline, project.catalog);
  if (inMemory.length > 0) {
    throw new AirflowExportError({
      kind: 'in-memory',
      datasets: inMemory,
      message:
        `Datasets passed between nodes live in memory, and each Airflow task is its own process: ${inMemory.join(', ')}. ` +
        `Persist them in the catalog (conf/base/catalog.yml of env '${project.env}'), e.g. '${inMemory[0]}: {type: ObjectDataset, filepath: data/02_intermediate/${inMemory[0]}.v8}'.`,
    });
  }
  const ids = taskIdsFor(plan.names);
  const tasks = plan.names.map((nodeName, index) => ({ taskId: ids[index]!, nodeName, upstream: plan.deps[index]! }));
  return { settings, tasks, source: renderAirflowDag(tasks, settings) };
}

/** The file the DAG goes to: `--output` against `cwd`, else `airflow_dags/<package>_dag.py` in the project. */
export function dagFilePath(project: Pick<AirflowExportProject, 'packageName' | 'projectPath'>, output: string | undefined, cwd: string): string {
  if (output === undefined) return join(project.projectPath, 'airflow_dags', `${project.packageName}_dag.py`);
  if (extname(output) !== '.py') throw optionError('--output', `'${output}' must be a .py file: Airflow reads DAGs only from Python files.`);
  return resolve(cwd, output);
}

/** Builds the DAG and writes it (`flags.output`, relative to `cwd`). */
export async function exportAirflowDag(project: AirflowExportProject, flags: AirflowExportFlags = {}, cwd = process.cwd()): Promise<AirflowExportResult> {
  const file = dagFilePath(project, flags.output, cwd);
  const dag = buildAirflowDag(project, flags);
  if (flags.force !== true && existsSync(file)) {
    throw new AirflowExportError({ kind: 'output-exists', file, message: `'${file}' exists already: pass --force to replace it, or --output to write elsewhere.` });
  }
  await mkdir(dirname(file), { recursive: true });
  // A DAG folder is read by a running scheduler: it must never see half a file.
  const partial = `${file}.${process.pid}.partial`;
  try {
    await writeFile(partial, dag.source, 'utf8');
    await rename(partial, file);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
  return { ...dag, file };
}
