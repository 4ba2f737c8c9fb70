/**
 * `kedro-mlflow export airflow`: writes an Airflow DAG with one task per node of a pipeline (each
 * task runs this CLI for its node in the project folder). The generator lives in
 * @kedro-mlflow/temporal/airflow, imported here only when the command runs.
 */
import { relative } from 'node:path';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { setupLogging } from '../output/logging.js';
import { writeStdout, type Terminal } from '../output/terminal.js';
import { openProjectSession } from './project-session.js';

export interface ExportAirflowFlags {
  pipeline?: string | undefined;
  env?: string | undefined;
  dagId?: string | undefined;
  output?: string | undefined;
  force?: boolean | undefined;
  schedule?: string | undefined;
  startDate?: string | undefined;
  command?: string | undefined;
  tags?: string | undefined;
  dagTags?: string | undefined;
  owner?: string | undefined;
  retries?: string | undefined;
  retryDelay?: string | undefined;
  projectPath?: string | undefined;
}

export interface ExportAirflowOptions {
  flags: ExportAirflowFlags;
  verbose: boolean;
  terminal: Terminal;
}

export async function exportAirflowCommand(options: ExportAirflowOptions): Promise<number> {
  setupLogging({ verbose: options.verbose, terminal: options.terminal });
  // `--output` is relative to where the command was started; opening the project moves into it.
  const cwd = process.cwd();
  const { exportAirflowDag } = await import('@kedro-mlflow/temporal/airflow');
  const { metadata, session } = await openProjectSession(options.flags.env);
  try {
    const context = await session.loadContext();
    const project = {
      packageName: metadata.packageName,
      projectPath: metadata.projectPath,
      pipelines: await context.pipelines(),
      catalog: await context.catalog(),
      env: session.env,
    };
    const result = await exportAirflowDag(project, options.flags, cwd);
    const renamed = result.tasks.filter((task) => task.taskId !== task.nodeName);
    getLogger('kedro.framework.cli').info(
      "Wrote DAG '%s' (%d tasks, pipeline '%s', env '%s') to %s%s",
      result.settings.dagId,
      result.tasks.length,
      result.settings.pipelineName,
      result.settings.env,
      relative(cwd, result.file) || result.file,
      renamed.length > 0 ? `; task ids of renamed nodes: ${renamed.map((t) => `${t.taskId} = ${JSON.stringify(t.nodeName)}`).join(', ')}` : '',
    );
    writeStdout(`${result.file}\n`);
    return 0;
  } finally {
    session.close();
  }
}
