/**
 * The tags MLflow's fluent API puts on every new run (`mlflow/utils/mlflow_tags.py` in
 * https://github.com/mlflow/mlflow): who (`mlflow.user`), what ran (`mlflow.source.name`,
 * `mlflow.source.type`) and from which commit (`mlflow.source.git.*`, only inside a git checkout).
 */
import { userInfo } from 'node:os';
import { dirname } from 'node:path';
import { gitContext } from './git-context.js';

export const TAG_USER = 'mlflow.user';
export const TAG_SOURCE_NAME = 'mlflow.source.name';
export const TAG_SOURCE_TYPE = 'mlflow.source.type';
export const TAG_RUN_NAME = 'mlflow.runName';
export const TAG_PARENT_RUN_ID = 'mlflow.parentRunId';
export const TAG_NOTE = 'mlflow.note.content';
export const TAG_GIT_COMMIT = 'mlflow.source.git.commit';
export const TAG_GIT_BRANCH = 'mlflow.source.git.branch';
export const TAG_GIT_REPO_URL = 'mlflow.source.git.repoURL';

type Env = Record<string, string | undefined>;

/** Python's `getpass.getuser()`: LOGNAME, USER, LNAME, USERNAME, then the account database. */
export function currentUser(env: Env = process.env): string {
  for (const name of ['LOGNAME', 'USER', 'LNAME', 'USERNAME']) {
    const value = env[name]?.trim();
    if (value) return value;
  }
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}

/** The entry script (`process.argv[1]`), or `<console>` for a REPL or `node -e`. */
export function entryScript(): string {
  const script = process.argv[1];
  return script === undefined || script === '' ? '<console>' : script;
}

/** The system tags of a new run. `sourceName` defaults to the entry script. */
export function systemTags(options: { sourceName?: string; env?: Env } = {}): Record<string, string> {
  const source = options.sourceName ?? entryScript();
  const tags: Record<string, string> = {
    [TAG_USER]: currentUser(options.env),
    [TAG_SOURCE_NAME]: source,
    [TAG_SOURCE_TYPE]: 'LOCAL',
  };
  const git = gitContext(source === '<console>' ? process.cwd() : dirname(source));
  if (git.commit !== undefined) tags[TAG_GIT_COMMIT] = git.commit;
  if (git.branch !== undefined) tags[TAG_GIT_BRANCH] = git.branch;
  if (git.repoUrl !== undefined) tags[TAG_GIT_REPO_URL] = git.repoUrl;
  return tags;
}
