/**
 * What every project command does first: find the project (from the working directory upwards),
 * move there, and make its TypeScript sources importable.
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { bootstrapProject, findProjectRoot, getLogger, setDefaultModuleLoader, type ProjectMetadata } from '@kedro-mlflow/core-pipeline';
import { CliError } from '../errors.js';
import { registerProjectLoader, type ProjectLoader } from '../loader/register.js';

export interface OpenedProject {
  metadata: ProjectMetadata;
  loader: ProjectLoader;
  /** `--conf-source`, resolved against the directory the command was started in. */
  confSource: string | undefined;
}

function isUrl(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(value) && !value.startsWith('file://');
}

const ENGINE = '@kedro-mlflow/core-pipeline';

function locate(from: string): { path: string; version: string } | undefined {
  try {
    const entry = realpathSync(createRequire(from).resolve(ENGINE));
    let dir = dirname(entry);
    while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
    const version = (JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { version?: string }).version ?? '?';
    return { path: dir, version };
  } catch {
    return undefined;
  }
}

/**
 * A project that installs its own core-pipeline uses it; when that is not the copy the CLI runs on,
 * the engine's classes exist twice (a hook's `instanceof DataCatalog` is then false): say so.
 */
function warnIfTwoEngines(projectPath: string): void {
  const project = locate(join(projectPath, 'package.json'));
  if (project === undefined) return;
  const own = locate(import.meta.url);
  if (own === undefined || own.path === project.path) return;
  getLogger('kedro.framework.cli').warn(
    `This project has its own ${ENGINE} ${project.version} (${project.path}) while kedro-mlflow runs on ${ENGINE} ${own.version} ` +
      `(${own.path}): the project's code and the run use two copies of the engine. Run the kedro-mlflow installed in the project ` +
      '(npx kedro-mlflow) so that they are the same.',
  );
}

/** Finds and bootstraps the project, `chdir`s into it and registers the TypeScript loader. */
export async function openProject(options: { confSource?: string | undefined } = {}): Promise<OpenedProject> {
  const cwd = process.cwd();
  const root = findProjectRoot(cwd);
  if (root === undefined) {
    throw new CliError(
      `No kedro-mlflow project found in '${cwd}' or any folder above it (a project is a folder whose package.json has a "kedro" field). ` +
        'Run the command inside a project, or create one with `kedro-mlflow new`.',
    );
  }
  let confSource: string | undefined;
  if (options.confSource !== undefined) {
    if (isUrl(options.confSource)) {
      confSource = options.confSource;
    } else {
      const path = options.confSource.startsWith('file://') ? new URL(options.confSource).pathname : options.confSource;
      confSource = resolve(cwd, path);
      if (!existsSync(confSource)) throw new CliError(`Invalid value for '--conf-source': Path '${options.confSource}' does not exist.`);
    }
  }
  const metadata = await bootstrapProject(root);
  warnIfTwoEngines(metadata.projectPath);
  // Relative paths of the project (catalog file paths, custom code) mean the same from anywhere.
  process.chdir(metadata.projectPath);
  const loader = registerProjectLoader();
  setDefaultModuleLoader(loader.moduleLoader);
  return { metadata, loader, confSource };
}
