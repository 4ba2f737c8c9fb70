/** Reading git context from `.git` directly: branches, detached heads, packed refs, worktrees, no repo. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gitContext, systemTags } from '@kedro-mlflow/mlflow-client';
import { withoutCredentials } from '../../src/fluent/git-context.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@x', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@x' };

function repo(): { dir: string; git: (...args: string[]) => string } {
  const dir = tempDir('git-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, encoding: 'utf8', env }).trim();
  git('init', '-q', '-b', 'main');
  return { dir, git };
}

describe('gitContext', () => {
  it('reads commit, branch and origin from a sub-folder of a checkout', () => {
    const { dir, git } = repo();
    git('remote', 'add', 'upstream', 'git@github.com:other/fork.git');
    git('remote', 'add', 'origin', 'https://bot:ghp_secret@github.com/org/repo.git');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 'f.txt'), 'x');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    expect(gitContext(join(dir, 'a', 'b'))).toEqual({ commit: git('rev-parse', 'HEAD'), branch: 'main', repoUrl: 'https://github.com/org/repo.git' });
  });

  it('handles packed refs, detached heads, worktrees and repos without commits', () => {
    const { dir, git } = repo();
    expect(gitContext(dir)).toEqual({}); // no commit yet
    writeFileSync(join(dir, 'f.txt'), 'x');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const first = git('rev-parse', 'HEAD');
    git('pack-refs', '--all');
    expect(gitContext(dir)).toEqual({ commit: first, branch: 'main' });
    writeFileSync(join(dir, 'f.txt'), 'y');
    git('commit', '-q', '-am', 'two');
    git('checkout', '-q', '--detach', first);
    expect(gitContext(dir)).toEqual({ commit: first });
    const worktree = join(tempDir('wt-'), 'tree');
    git('worktree', 'add', '-q', '-b', 'feature', worktree, 'main');
    expect(gitContext(worktree)).toEqual({ commit: git('rev-parse', 'main'), branch: 'feature' });
  });

  it('is empty outside a checkout, and system tags then carry no git tags', () => {
    const dir = tempDir('plain-');
    expect(gitContext(dir)).toEqual({});
    const tags = systemTags({ sourceName: join(dir, 'run.js'), env: { USER: 'someone' } });
    expect(tags).toEqual({ 'mlflow.user': 'someone', 'mlflow.source.name': join(dir, 'run.js'), 'mlflow.source.type': 'LOCAL' });
  });

  it('strips credentials from remote URLs only where there are some', () => {
    expect(withoutCredentials('https://user:tok@host/x.git')).toBe('https://host/x.git');
    expect(withoutCredentials('https://host/x.git')).toBe('https://host/x.git');
    expect(withoutCredentials('git@github.com:org/repo.git')).toBe('git@github.com:org/repo.git');
    expect(withoutCredentials('ssh://git@host:22/x.git')).toBe('ssh://host:22/x.git');
  });
});
