/**
 * Artifacts in a local folder: the `file://` roots of runs and logged models in an `mlruns`
 * folder (or any local artifact location). Every artifact path is checked before touching the
 * disk: `..` segments, absolute paths, percent-encoded traversals and NUL bytes are rejected, and
 * resolved paths (symlinks followed) must stay inside the root — all with INVALID_PARAMETER_VALUE.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, promises as fsp, realpathSync, renameSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep, isAbsolute } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileInfo } from '../entities/common.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { normalizeArtifactPath } from '../uri/artifact-path.js';
import type { ArtifactRepository } from './artifact-repository.js';

function invalid(message: string): MlflowApiError {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message });
}

function isErrno(error: unknown, ...codes: string[]): boolean {
  // Duck-typed: errors from node's fs may come from another realm (jest's vm contexts).
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && codes.includes(code);
}

/** `file:///abs`, `file:rel`, or a plain path → absolute local path. */
function localPath(uri: string): string {
  if (/^file:\/\//i.test(uri)) return fileURLToPath(uri);
  if (/^file:/i.test(uri)) return join(process.cwd(), decodeURIComponent(uri.slice(5)));
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(uri)) throw invalid(`LocalArtifactRepository needs a file:// URI or a local path; got '${uri}'.`);
  return isAbsolute(uri) ? uri : join(process.cwd(), uri);
}

/** The segments of a relative artifact path; throws INVALID_PARAMETER_VALUE when it could leave the root. */
export function artifactPathSegments(artifactPath: string | undefined): string[] {
  const normal = normalizeArtifactPath(artifactPath);
  return normal === '' ? [] : normal.split('/');
}

function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export class LocalArtifactRepository implements ArtifactRepository {
  readonly rootUri: string;
  /** Absolute path of the root folder. */
  readonly rootDir: string;

  constructor(rootUri: string) {
    this.rootUri = rootUri;
    this.rootDir = localPath(rootUri);
  }

  // The checks and folder calls of a write are synchronous: each async one is a thread-pool round
  // trip, and a dataset's save awaits them one after the other. Copying the bytes stays async.
  private async realRoot(): Promise<string> {
    try {
      return realpathSync(this.rootDir);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) return this.rootDir;
      throw error;
    }
  }

  /**
   * The absolute path of an artifact path. The deepest existing ancestor is resolved with
   * `realpath` and must stay inside the (resolved) root, so symlinks cannot lead out of it.
   */
  private async resolve(artifactPath: string | undefined): Promise<{ path: string; rel: string }> {
    const segments = artifactPathSegments(artifactPath);
    const path = join(this.rootDir, ...segments);
    const realRoot = await this.realRoot();
    let probe = path;
    for (;;) {
      try {
        const real = realpathSync(probe);
        if (!inside(realRoot, real)) throw invalid(`Invalid artifact path '${artifactPath}': it resolves outside the artifact root.`);
        break;
      } catch (error) {
        if (!isErrno(error, 'ENOENT', 'ENOTDIR')) throw error;
        if (probe === this.rootDir || dirname(probe) === probe) break;
        probe = dirname(probe);
      }
    }
    return { path, rel: segments.join('/') };
  }

  private async copyFileAtomic(source: string, target: string): Promise<void> {
    mkdirSync(dirname(target), { recursive: true });
    const temp = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    try {
      await fsp.copyFile(source, temp);
      renameSync(temp, target);
    } catch (error) {
      await fsp.rm(temp, { force: true });
      throw error;
    }
  }

  async logArtifact(localFile: string, artifactPath?: string): Promise<void> {
    const { path } = await this.resolve(artifactPath);
    const stat = statSync(localFile);
    if (!stat.isFile()) throw invalid(`'${localFile}' is not a file; use logArtifacts for folders.`);
    await this.copyFileAtomic(localFile, join(path, basename(localFile)));
  }

  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const { path } = await this.resolve(artifactPath);
    const stat = await fsp.stat(localDir);
    if (!stat.isDirectory()) throw invalid(`'${localDir}' is not a folder; use logArtifact for files.`);
    await fsp.mkdir(path, { recursive: true });
    const copy = async (from: string, to: string): Promise<void> => {
      await fsp.mkdir(to, { recursive: true });
      for (const entry of await fsp.readdir(from, { withFileTypes: true })) {
        const source = join(from, entry.name);
        // Like Python's copytree: symlinks in the source are followed (their content is copied).
        const info = entry.isSymbolicLink() ? await fsp.stat(source) : entry;
        if (info.isDirectory()) await copy(source, join(to, entry.name));
        else if (info.isFile()) await this.copyFileAtomic(source, join(to, entry.name));
      }
    };
    await copy(localDir, path);
  }

  async listArtifacts(path?: string): Promise<FileInfo[]> {
    const { path: abs, rel } = await this.resolve(path);
    let entries;
    try {
      entries = await fsp.readdir(abs, { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
      throw error;
    }
    const realRoot = await this.realRoot();
    const out: FileInfo[] = [];
    for (const entry of entries) {
      if (entry.name.endsWith('.tmp') && entry.name.startsWith('.')) continue;
      const childAbs = join(abs, entry.name);
      let stat;
      try {
        if (!inside(realRoot, await fsp.realpath(childAbs))) continue;
        stat = await fsp.stat(childAbs);
      } catch {
        continue;
      }
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (stat.isDirectory()) out.push({ path: childRel, isDir: true });
      else if (stat.isFile()) out.push({ path: childRel, isDir: false, fileSize: stat.size });
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  async downloadArtifacts(artifactPath: string, dstDir: string): Promise<string> {
    const { path: source, rel } = await this.resolve(artifactPath);
    const realRoot = await this.realRoot();
    const target = rel === '' ? dstDir : join(dstDir, ...rel.split('/'));
    const copy = async (from: string, to: string): Promise<void> => {
      const real = await fsp.realpath(from);
      if (!inside(realRoot, real)) throw invalid(`Artifact '${relative(this.rootDir, from)}' resolves outside the artifact root.`);
      const stat = await fsp.stat(from);
      if (stat.isDirectory()) {
        await fsp.mkdir(to, { recursive: true });
        for (const name of await fsp.readdir(from)) {
          if (name.startsWith('.') && name.endsWith('.tmp')) continue;
          await copy(join(from, name), join(to, name));
        }
      } else {
        await fsp.mkdir(dirname(to), { recursive: true });
        await fsp.copyFile(from, to);
      }
    };
    try {
      await copy(source, target);
    } catch (error) {
      if (isErrno(error, 'ENOENT')) {
        throw new MlflowApiError({ errorCode: 'RESOURCE_DOES_NOT_EXIST', message: `No artifact at '${rel}' under ${this.rootUri}.`, cause: error });
      }
      throw error;
    }
    return target;
  }

  async deleteArtifacts(artifactPath?: string): Promise<void> {
    const { path } = await this.resolve(artifactPath);
    await fsp.rm(path, { recursive: true, force: true });
  }
}
