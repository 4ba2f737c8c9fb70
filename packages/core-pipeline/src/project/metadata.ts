/**
 * A project is a folder whose package.json has a "kedro" field (kedro's `[tool.kedro]` in
 * pyproject.toml): this reads and checks that field, and finds the project a command runs in.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { ProjectError } from '../errors/project-error.js';
import { getLogger } from '../logging.js';
import { closeMatches } from '../utils/close-matches.js';
import { pyList } from '../utils/py-repr.js';
import { CORE_PIPELINE_VERSION } from '../session/version.js';
import { describeGot, isRecord } from './values.js';

const log = getLogger('kedro.framework.startup');

export interface ProjectMetadata {
  /** Absolute path of the project folder. */
  projectPath: string;
  projectName: string;
  packageName: string;
  /** Absolute path of the source folder (`src` by default). */
  sourceDir: string;
  /** The version of kedro-mlflow-ts that created the project (`kedroMlflowInitVersion`). */
  initVersion?: string;
}

const REQUIRED = ['packageName', 'projectName'] as const;
const KNOWN = [...REQUIRED, 'sourceDir', 'kedroMlflowInitVersion'];

const EXAMPLE =
  '"kedro": { "packageName": "my_project", "projectName": "My Project", "sourceDir": "src", "kedroMlflowInitVersion": "' +
  CORE_PIPELINE_VERSION +
  '" }';

/** Reads and validates `<projectPath>/package.json`'s "kedro" field. */
export async function bootstrapProject(projectPath: string): Promise<ProjectMetadata> {
  const root = resolve(projectPath);
  const file = join(root, 'package.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ProjectError(
      `Could not find the project configuration file 'package.json' in '${root}'. ` +
        'Run the command inside a kedro-mlflow project (a folder whose package.json has a "kedro" field), ' +
        'or create one with `kedro-mlflow new`.',
    );
  }
  let pkg: unknown;
  try {
    pkg = JSON.parse(text);
  } catch (error) {
    throw new ProjectError(`Failed to parse '${file}': ${(error as Error).message}. Fix the JSON syntax of that file.`, { cause: error });
  }
  const kedro = isRecord(pkg) ? pkg.kedro : undefined;
  if (kedro === undefined) {
    throw new ProjectError(
      `'${file}' has no "kedro" field, so '${root}' is not a kedro-mlflow project. Add one, for example: ${EXAMPLE}`,
    );
  }
  if (!isRecord(kedro)) {
    throw new ProjectError(`The "kedro" field of '${file}' must be an object such as ${EXAMPLE}, got ${describeGot(kedro)}.`);
  }

  const missing = REQUIRED.filter((key) => kedro[key] === undefined);
  if (missing.length > 0) {
    throw new ProjectError(`Missing required keys ${pyList(missing)} in the "kedro" field of '${file}'. Add them, for example: ${EXAMPLE}`);
  }
  for (const key of KNOWN) {
    const value = kedro[key];
    if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) {
      throw new ProjectError(`"kedro.${key}" in '${file}' must be a non-empty string, got ${describeGot(value)}.`);
    }
  }
  // Unknown keys are most likely typos ("sourcedir"): they would be ignored silently otherwise.
  for (const key of Object.keys(kedro).filter((k) => !KNOWN.includes(k))) {
    const hint = closeMatches(key, KNOWN, 1)[0];
    log.warn(`Unknown key "kedro.%s" in '%s' is ignored.%s`, key, file, hint === undefined ? '' : ` Did you mean "${hint}"?`);
  }

  const initVersion = kedro.kedroMlflowInitVersion as string | undefined;
  if (initVersion !== undefined) checkInitVersion(initVersion, file);
  const sourceDir = (kedro.sourceDir as string | undefined) ?? 'src';
  return {
    projectPath: root,
    projectName: kedro.projectName as string,
    packageName: kedro.packageName as string,
    sourceDir: isAbsolute(sourceDir) ? sourceDir : join(root, sourceDir),
    ...(initVersion !== undefined ? { initVersion } : {}),
  };
}

/** As kedro does: a project made by another major version may rely on a layout we no longer read. */
function checkInitVersion(version: string, file: string): void {
  const major = /^(\d+)\.\d+\.\d+/.exec(version)?.[1];
  if (major === undefined) {
    throw new ProjectError(`"kedro.kedroMlflowInitVersion" in '${file}' must be a version such as '${CORE_PIPELINE_VERSION}', got '${version}'.`);
  }
  const ours = CORE_PIPELINE_VERSION.split('.')[0];
  if (major !== ours) {
    throw new ProjectError(
      `Your project was created with kedro-mlflow-ts ${version}, which does not match the version you are running (${CORE_PIPELINE_VERSION}). ` +
        `Update the project to the current template, then set "kedroMlflowInitVersion" in '${file}' to '${CORE_PIPELINE_VERSION}'.`,
    );
  }
}

/**
 * The first folder from `start` upwards whose package.json has a "kedro" field. A package.json that
 * is not valid JSON but mentions "kedro" counts, so that bootstrapProject can report its syntax error.
 */
export function findProjectRoot(start: string = process.cwd()): string | undefined {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      let text: string | undefined;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        text = undefined;
      }
      if (text !== undefined) {
        try {
          const pkg: unknown = JSON.parse(text);
          if (isRecord(pkg) && pkg.kedro !== undefined) return dir;
        } catch {
          if (text.includes('"kedro"')) return dir;
        }
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}
