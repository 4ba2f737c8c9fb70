/**
 * What a session records about itself (kedro's session store): ids, the project, the environment,
 * runtime parameters, who ran it and the git state of the project. Best effort: outside git, without
 * git installed, or without a user name, those entries are simply left out.
 */
import { execFile } from 'node:child_process';
import { userInfo } from 'node:os';

export interface GitInfo {
  commit: string;
  dirty: boolean;
}

/**
 * The store is returned at once. Its `git` entry costs two `git` processes, so it is only computed
 * when someone asks (`settle()`, behind `session.storeReady()`): a CLI run never pays for it.
 */
export function buildSessionStore(base: {
  sessionId: string;
  projectPath: string;
  env: string;
  runtimeParams: Record<string, unknown>;
}): { store: Record<string, unknown>; settle: () => Promise<void> } {
  const store: Record<string, unknown> = { ...base };
  const username = currentUser();
  if (username !== undefined) store.username = username;
  let settled: Promise<void> | undefined;
  const settle = (): Promise<void> => {
    settled ??= describeGit(base.projectPath).then((git) => {
      if (git !== undefined) store.git = git;
    });
    return settled;
  };
  return { store, settle };
}

function currentUser(): string | undefined {
  try {
    return userInfo().username;
  } catch {
    // No passwd entry (some containers): fall back to the environment.
    return process.env.USER ?? process.env.USERNAME ?? undefined;
  }
}

/** Commit and dirtiness of the repository holding `cwd`, or undefined. */
export async function describeGit(cwd: string): Promise<GitInfo | undefined> {
  const [commit, status] = await Promise.all([git(['rev-parse', '--short', 'HEAD'], cwd), git(['status', '--short'], cwd)]);
  if (commit === undefined || status === undefined) return undefined;
  return { commit: commit.trim(), dirty: status.trim() !== '' };
}

function git(args: string[], cwd: string): Promise<string | undefined> {
  return new Promise((done) => {
    try {
      execFile('git', args, { cwd, timeout: 5000, windowsHide: true }, (error, stdout) => done(error ? undefined : stdout));
    } catch {
      done(undefined);
    }
  });
}
