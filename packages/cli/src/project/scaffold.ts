/**
 * `kedro-mlflow new`: copies templates/project/base (and templates/project/example with the example
 * pipeline) into a new folder, filling in the names. Files are written to a temporary sibling folder
 * and renamed into place at the end, so a failure leaves nothing behind and an existing folder is never
 * touched.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { CliError } from '../errors.js';
import { cliPackageRoot } from '../package-root.js';
import type { ProjectNames } from './naming.js';

/** The template folder shipped with the package (`templates/project`). */
export const TEMPLATE_DIR = join(cliPackageRoot(), 'templates', 'project');

export const DATA_LAYERS = [
  '01_raw',
  '02_intermediate',
  '03_primary',
  '04_feature',
  '05_model_input',
  '06_models',
  '07_model_output',
  '08_reporting',
] as const;

/** Template files whose name npm would drop or rename when publishing. */
const RENAMED: Record<string, string> = { gitignore: '.gitignore' };

export interface ScaffoldOptions {
  names: ProjectNames;
  /** Folder in which `<repoName>/` is created. */
  parentDir: string;
  example: boolean;
}

export interface ScaffoldResult {
  projectPath: string;
  files: string[];
}

/** The version of core-pipeline projects are made for (checked by bootstrapProject). */
export function coreVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('@kedro-mlflow/core-pipeline/package.json') as { version: string }).version;
}

function listFiles(dir: string, prefix = ''): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    const rel = prefix === '' ? entry : `${prefix}/${entry}`;
    if (statSync(path).isDirectory()) out.push(...listFiles(path, rel));
    else out.push(rel);
  }
  return out;
}

/** `{{ key }}` placeholders and `{{#flag}}…{{/flag}}` blocks. */
export function render(text: string, values: Record<string, string>, flags: Record<string, boolean>): string {
  const blocks = text.replace(/\{\{#(\w+)\}\}\n?([\s\S]*?)\{\{\/\1\}\}\n?/g, (_m, flag: string, body: string) => (flags[flag] === true ? body : ''));
  return blocks.replace(/\{\{\s*(\w+)\s*\}\}/g, (match, key: string) => values[key] ?? match);
}

export function scaffoldProject(options: ScaffoldOptions): ScaffoldResult {
  const { names } = options;
  const parentDir = resolve(options.parentDir);
  const projectPath = join(parentDir, names.repoName);
  if (existsSync(projectPath)) {
    throw new CliError(
      `Cannot create the project: '${projectPath}' already exists, and kedro-mlflow new never overwrites anything. ` +
        'Choose another --name or --dir, or remove that folder first.',
    );
  }
  if (existsSync(parentDir) && !statSync(parentDir).isDirectory()) {
    throw new CliError(`Cannot create the project in '${parentDir}': it is a file, not a folder (check --dir).`);
  }
  mkdirSync(parentDir, { recursive: true });

  const values: Record<string, string> = {
    project_name: names.projectName,
    repo_name: names.repoName,
    package_name: names.packageName,
    init_version: coreVersion(),
  };
  const flags = { example: options.example };
  const sources = new Map<string, string>();
  for (const rel of listFiles(join(TEMPLATE_DIR, 'base'))) sources.set(rel, join(TEMPLATE_DIR, 'base', rel));
  if (options.example) {
    for (const rel of listFiles(join(TEMPLATE_DIR, 'example'))) sources.set(rel, join(TEMPLATE_DIR, 'example', rel));
  }
  if (sources.size === 0) throw new CliError(`The project template is missing: no files in '${TEMPLATE_DIR}'. Reinstall @kedro-mlflow/cli.`);

  const staging = mkdtempSync(join(parentDir, `.${names.repoName}-`));
  try {
    const written: string[] = [];
    for (const [rel, source] of sources) {
      const parts = rel.split('/');
      const base = parts.pop()!;
      const target = [...parts, RENAMED[base] ?? base].join('/');
      const file = join(staging, target);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, render(readFileSync(source, 'utf8'), values, flags), { flag: 'wx' });
      written.push(target);
    }
    for (const layer of DATA_LAYERS) {
      const dir = join(staging, 'data', layer);
      mkdirSync(dir, { recursive: true });
      if (readdirSync(dir).length === 0) {
        writeFileSync(join(dir, '.gitkeep'), '', { flag: 'wx' });
        written.push(`data/${layer}/.gitkeep`);
      }
    }
    try {
      renameSync(staging, projectPath);
    } catch (error) {
      if (existsSync(projectPath)) {
        throw new CliError(`Cannot create the project: '${projectPath}' appeared while it was being created; nothing was changed there.`);
      }
      throw error;
    }
    return { projectPath, files: written.sort() };
  } finally {
    if (existsSync(staging)) rmSync(staging, { recursive: true, force: true });
  }
}

/** Path shown to the user: relative to the working directory when that is shorter. */
export function shownPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== '' && !rel.startsWith('..') && rel.length < path.length ? rel : path;
}
