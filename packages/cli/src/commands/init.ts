/**
 * `kedro-mlflow init`: writes `<conf>/<env>/mlflow.yml` from the template of `@kedro-mlflow/hooks`,
 * with the experiment named after the project's package. An existing file is kept unless `--force`.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { loadSettings } from '@kedro-mlflow/core-pipeline';
import { CliError } from '../errors.js';
import { setupLogging } from '../output/logging.js';
import { styles, writeStdout, type Terminal } from '../output/terminal.js';
import { render } from '../project/scaffold.js';
import { openProject } from './project-context.js';

export interface InitOptions {
  env: string;
  force: boolean;
  silent: boolean;
  verbose: boolean;
  terminal: Terminal;
}

export const DEFAULT_INIT_ENV = 'local';

/** The mlflow.yml template shipped in `@kedro-mlflow/hooks` (`templates/mlflow.yml`). */
export function mlflowTemplatePath(): string {
  const manifest = createRequire(import.meta.url).resolve('@kedro-mlflow/hooks/package.json');
  return join(dirname(manifest), 'templates', 'mlflow.yml');
}

/** The template with `{{ package_name }}` filled in. */
export function renderMlflowTemplate(packageName: string): string {
  return render(readFileSync(mlflowTemplatePath(), 'utf8'), { package_name: packageName }, {});
}

/** Writes a rendered template: never over an existing file unless `overwrite` (then atomically, by rename). */
export function writeTemplate(target: string, text: string, overwrite: boolean): void {
  if (!overwrite) {
    writeFileSync(target, text, { flag: 'wx' });
    return;
  }
  const staging = join(dirname(target), `.${process.pid}.${Date.now()}.mlflow.yml.tmp`);
  writeFileSync(staging, text, { flag: 'wx' });
  renameSync(staging, target);
}

function environments(confRoot: string): string[] {
  return readdirSync(confRoot)
    .filter((name) => !name.startsWith('.') && statSync(join(confRoot, name)).isDirectory())
    .sort();
}

export async function initCommand(options: InitOptions): Promise<number> {
  const { env, terminal } = options;
  const s = styles(terminal.colors);
  setupLogging(options);
  // A folder name, never a path: the file must stay inside the configuration folder.
  if (!/^[\w.-]+$/.test(env) || env === '.' || env === '..') {
    throw new CliError(`Invalid value for '--env': '${env}' is not an environment name (a folder of the configuration, such as 'local' or 'base').`);
  }
  const { metadata, loader } = await openProject();
  const settings = await loadSettings(metadata, loader.moduleLoader);
  const confRoot = resolve(metadata.projectPath, settings.confSource ?? 'conf');
  const confShown = relative(metadata.projectPath, confRoot) || '.';
  if (!existsSync(confRoot) || !statSync(confRoot).isDirectory()) {
    throw new CliError(`The configuration folder '${confShown}' does not exist in the project '${metadata.projectPath}'. Create it, or fix confSource in src/settings.ts.`);
  }
  const envDir = join(confRoot, env);
  if (!existsSync(envDir) || !statSync(envDir).isDirectory()) {
    const existing = environments(confRoot);
    throw new CliError(
      `No env '${env}' found. Please check this folder exists inside '${confShown}' folder ` +
        `(environments: ${existing.length > 0 ? existing.join(', ') : 'none'}); init does not create it.`,
    );
  }
  const target = join(envDir, 'mlflow.yml');
  const shown = `${confShown}/${env}/mlflow.yml`;
  if (existsSync(target) && !options.force) {
    throw new CliError(`A 'mlflow.yml' already exists at '${shown}' and was left unchanged. Use --force to overwrite it.`);
  }
  writeTemplate(target, renderMlflowTemplate(metadata.packageName), options.force);
  if (!options.silent) terminal.write(`${s.green(terminal.colors ? '✔ ' : '')}'${shown}' successfully updated.\n`);
  writeStdout(`${target}\n`);
  return 0;
}
