/**
 * Names of a new project, with kedro's rules: from the project name ("My Project"), the folder and
 * npm package name is lower-cased with spaces and underscores turned into hyphens (`my-project`), and
 * the package name lower-cased with spaces and hyphens turned into underscores (`my_project`).
 *
 * kedro accepts any `^[\w -]{2,}$` name and rejects Python keywords and standard library modules. We
 * keep the spirit for npm: ASCII only (npm names are URL-safe), a letter first, and no name of a Node.js
 * built-in module.
 */
import { builtinModules } from 'node:module';
import { CliError } from '../errors.js';

export interface ProjectNames {
  projectName: string;
  /** Folder and npm package name. */
  repoName: string;
  /** kedro's python_package: the `packageName` of the "kedro" field (logger names, …). */
  packageName: string;
}

export const NAME_RULE =
  'It must start with a letter, contain only letters, digits, spaces, underscores and hyphens, and be at least 2 characters long.';

const VALID = /^[A-Za-z][A-Za-z0-9_ -]+$/;
const RESERVED = new Set(['node_modules', 'favicon.ico']);

export function projectNames(rawName: string): ProjectNames {
  const projectName = rawName.trim();
  if (!VALID.test(projectName)) {
    throw new CliError(`'${rawName}' is an invalid value for project name. ${NAME_RULE}`);
  }
  const repoName = projectName.replace(/[ _]/g, '-').toLowerCase();
  const packageName = projectName.replace(/[ -]/g, '_').toLowerCase();
  if (repoName.length > 214) {
    throw new CliError(`'${rawName}' is too long for a project name: npm package names have at most 214 characters.`);
  }
  const builtins = new Set(builtinModules.map((m) => m.replace(/^node:/, '')));
  for (const name of [repoName, packageName]) {
    if (builtins.has(name) || RESERVED.has(name)) {
      throw new CliError(
        `'${rawName}' is an invalid value for project name: '${name}' is the name of a Node.js built-in module, ` +
          'so the project could not be told apart from it. Choose another name.',
      );
    }
  }
  return { projectName, repoName, packageName };
}
