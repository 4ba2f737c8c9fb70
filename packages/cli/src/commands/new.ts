/** `kedro-mlflow new`: a project that runs at once, offline, with no install step. */
import { CliError } from '../errors.js';
import { styles, writeStdout, type Terminal } from '../output/terminal.js';
import { projectNames } from '../project/naming.js';
import { scaffoldProject, shownPath } from '../project/scaffold.js';

export interface NewOptions {
  name: string | undefined;
  dir: string | undefined;
  example: boolean;
  terminal: Terminal;
}

export const DEFAULT_PROJECT_NAME = 'New Kedro Project';

export function newCommand(options: NewOptions): number {
  const s = styles(options.terminal.colors);
  const names = projectNames(options.name ?? DEFAULT_PROJECT_NAME);
  if (options.dir !== undefined && options.dir.trim() === '') throw new CliError("Invalid value for '--dir': the folder must not be empty.");
  const { projectPath } = scaffoldProject({ names, parentDir: options.dir ?? process.cwd(), example: options.example });
  const where = shownPath(projectPath);
  const lines = [
    `${s.green(options.terminal.colors ? '✔ ' : '')}Created the project '${names.projectName}' in ${where}`,
    '',
    'Next steps:',
    `  cd ${where}`,
    options.example
      ? '  kedro-mlflow run                # runs the example pipeline, no install needed'
      : '  # add a pipeline: src/pipelines/<name>/pipeline.ts exporting createPipeline(), then',
    ...(options.example ? [] : ['  kedro-mlflow run']),
    '  kedro-mlflow registry list      # the pipelines of the project',
    '',
  ];
  options.terminal.write(lines.join('\n'));
  // The path alone on stdout, for scripts: cd "$(kedro-mlflow new --name x)"
  writeStdout(`${projectPath}\n`);
  return 0;
}
