/**
 * The git checkout a script runs from — commit, branch and origin URL — read straight from the
 * `.git` folder (a few small files; no `git` binary, no child process). Worktrees and submodules
 * (`.git` files pointing elsewhere), packed refs and detached heads are handled. Outside a
 * checkout, or on anything unexpected, the answer is empty: this never fails a run.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface GitContext {
  commit?: string;
  branch?: string;
  /** The `origin` remote (else the first one), without credentials. */
  repoUrl?: string;
}

const SHA = /^[0-9a-f]{40}([0-9a-f]{24})?$/;

function findGitDir(start: string): string | undefined {
  let dir = resolve(start);
  for (let depth = 0; depth < 100; depth += 1) {
    const candidate = join(dir, '.git');
    if (existsSync(candidate)) {
      if (statSync(candidate).isDirectory()) return candidate;
      const pointer = /^gitdir:\s*(.+)$/m.exec(readFileSync(candidate, 'utf8'));
      return pointer === null ? undefined : resolve(dir, pointer[1]!.trim());
    }
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
  return undefined;
}

function readRef(gitDir: string, commonDir: string, ref: string): string | undefined {
  for (const base of [gitDir, commonDir]) {
    const file = join(base, ref);
    if (existsSync(file)) {
      const text = readFileSync(file, 'utf8').trim();
      if (text.startsWith('ref: ')) return readRef(gitDir, commonDir, text.slice(5).trim());
      return SHA.test(text) ? text : undefined;
    }
  }
  const packed = join(commonDir, 'packed-refs');
  if (!existsSync(packed)) return undefined;
  for (const line of readFileSync(packed, 'utf8').split('\n')) {
    const [sha, name] = line.trim().split(' ');
    if (name === ref && sha !== undefined && SHA.test(sha)) return sha;
  }
  return undefined;
}

/** Removes `user:password@` from http(s) URLs; scp-like `git@host:org/repo` stays as it is. */
export function withoutCredentials(url: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(url)) return url;
  try {
    const parsed = new URL(url);
    if (parsed.username === '' && parsed.password === '') return url;
    parsed.username = '';
    parsed.password = '';
    return parsed.toString();
  } catch {
    return url.replace(/\/\/[^/@]*@/, '//');
  }
}

function remoteUrl(commonDir: string): string | undefined {
  const config = join(commonDir, 'config');
  if (!existsSync(config)) return undefined;
  const urls = new Map<string, string>();
  let remote: string | undefined;
  for (const raw of readFileSync(config, 'utf8').split('\n')) {
    const line = raw.trim();
    const section = /^\[\s*remote\s+"([^"]+)"\s*\]$/.exec(line);
    if (section !== null) remote = section[1];
    else if (line.startsWith('[')) remote = undefined;
    else if (remote !== undefined && !urls.has(remote)) {
      const url = /^url\s*=\s*(.+)$/.exec(line);
      if (url !== null) urls.set(remote, url[1]!.trim());
    }
  }
  const url = urls.get('origin') ?? urls.values().next().value;
  return url === undefined ? undefined : withoutCredentials(url);
}

export function gitContext(startDir: string): GitContext {
  try {
    const gitDir = findGitDir(startDir);
    if (gitDir === undefined || !existsSync(join(gitDir, 'HEAD'))) return {};
    const commonFile = join(gitDir, 'commondir');
    const commonDir = existsSync(commonFile) ? resolve(gitDir, readFileSync(commonFile, 'utf8').trim()) : gitDir;
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim();
    const out: GitContext = {};
    if (head.startsWith('ref: ')) {
      const ref = head.slice(5).trim();
      const commit = readRef(gitDir, commonDir, ref);
      if (commit === undefined) return {}; // no commit yet
      out.commit = commit;
      if (ref.startsWith('refs/heads/')) out.branch = ref.slice('refs/heads/'.length);
    } else if (SHA.test(head)) {
      out.commit = head;
    } else {
      return {};
    }
    const url = remoteUrl(commonDir);
    if (url !== undefined) out.repoUrl = url;
    return out;
  } catch {
    return {};
  }
}
