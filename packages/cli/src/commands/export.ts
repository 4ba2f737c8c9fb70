/**
 * `kedro-mlflow export airflow`: writes an Airflow DAG with one task per node of a pipeline (each
 * task runs this CLI for its node in the project folder). The generator lives in
 * @kedro-mlflow/temporal/airflow, imported here only when the command runs.
 */
import { relative } from 'node:path';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import type { AirflowExportFlags } from '@kedro-mlflow/temporal/airflow';
import { setupLogging } from '../output/logging.js';
import { writeStdout, type Terminal } from '../output/terminal.js';
import { openProjectSession } from './project-session.js';

export interface ExportAirflowOptions {
  flags: AirflowExportFlags;
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
