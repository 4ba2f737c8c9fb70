/**
 * Artifacts behind an MLflow server's artifact proxy (`/api/2.0/mlflow-artifacts/artifacts/<path>`):
 * files are PUT as raw bytes streamed from disk, downloaded by streaming GETs into a temporary file
 * renamed into place, listed with `?path=`, deleted with DELETE. Used for `mlflow-artifacts:` URIs
 * (resolved against the tracking URI) and `http(s)://` artifact roots.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FileInfo } from '../entities/common.js';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { getLogger } from '../logger.js';
import { errorFromResponse } from '../store/rest/response-errors.js';
import { toQueryString } from '../store/rest/query-string.js';
import type { HttpMethod, HttpTransport, TransportResponse } from '../store/rest/http-transport.js';
import { encodeArtifactPath, joinArtifactPath, normalizeArtifactPath } from '../uri/artifact-path.js';
import { redactUrl } from '../store/rest/auth.js';
import type { ArtifactRepository } from './artifact-repository.js';
import { localTarget } from './local-target.js';
import { mapLimit } from './map-limit.js';
import { walkFiles } from './walk-files.js';

const log = getLogger('mlflow-client.artifacts');
const LIST_MARKER = '/mlflow-artifacts/artifacts';

export interface HttpArtifactRepositoryOptions {
  /** Headers for every request (e.g. credentials embedded in the tracking URI). */
  headers?: Record<string, string>;
}

export class HttpArtifactRepository implements ArtifactRepository {
  /** The http(s) URL of the root, no trailing slash. */
  readonly rootUri: string;
  private readonly transport: HttpTransport;
  private readonly headers: Record<string, string>;

  constructor(rootUrl: string, transport: HttpTransport, options: HttpArtifactRepositoryOptions = {}) {
    this.rootUri = rootUrl.replace(/\/+$/, '');
    this.transport = transport;
    this.headers = { ...options.headers };
  }

  async logArtifact(localFile: string, artifactPath?: string): Promise<void> {
    const target = joinArtifactPath(artifactPath, basename(localFile));
    await this.putFile(localFile, target);
  }

  async logArtifacts(localDir: string, artifactPath?: string): Promise<void> {
    const base = normalizeArtifactPath(artifactPath);
    const files = await walkFiles(localDir);
    const started = Date.now();
    await mapLimit(files, this.transport.options.artifactConcurrency, (rel) => this.putFile(join(localDir, ...rel.split('/')), joinArtifactPath(base, rel)));
    log.debug(`uploaded ${files.length} files from ${localDir} in ${Date.now() - started} ms`);
  }

  async listArtifacts(path?: string): Promise<FileInfo[]> {
    const rel = normalizeArtifactPath(path);
    const markerAt = this.rootUri.indexOf(LIST_MARKER);
    if (markerAt === -1) {
      throw new MlflowApiError({
        errorCode: 'NOT_IMPLEMENTED',
        message: `Cannot list ${redactUrl(this.rootUri)}: listing needs an MLflow artifact proxy URL (…${LIST_MARKER}/…). Use an mlflow-artifacts: URI or the server's proxy URL.`,
      });
    }
    const endpointUrl = this.rootUri.slice(0, markerAt + LIST_MARKER.length);
    const rootTail = this.rootUri.slice(markerAt + LIST_MARKER.length).replace(/^\/+/, '');
    const listed = [rootTail, rel].filter((p) => p !== '').join('/');
    const url = `${endpointUrl}${toQueryString({ path: listed === '' ? undefined : listed })}`;
    const body = await this.request('GET', url, async (res) => JSON.parse((await res.body.text()) || '{}') as { files?: Array<{ path?: string; is_dir?: boolean; file_size?: number | string }> });
    const files: FileInfo[] = [];
    for (const f of body.files ?? []) {
      const name = String(f.path ?? '');
      // A listing names direct children; anything else (a server bug, or a hostile one) is ignored.
      if (name === '' || name.includes('/') || name === '.' || name === '..') continue;
      const info: FileInfo = { path: rel === '' ? name : `${rel}/${name}`, isDir: f.is_dir === true };
      if (!info.isDir && f.file_size !== undefined) info.fileSize = Number(f.file_size);
      files.push(info);
    }
    files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    // Listing a file gives the file itself: that is "no children".
    if (files.length === 1 && !files[0]!.isDir && files[0]!.path === rel) return [];
    return files;
  }

  async downloadArtifacts(artifactPath: string, dstDir: string): Promise<string> {
    const rel = normalizeArtifactPath(artifactPath);
    const root = resolve(dstDir);
    const children = await this.listArtifacts(rel);
    if (rel !== '' && children.length === 0) {
      const local = localTarget(root, rel);
      await this.getFile(rel, local);
      return local;
    }
    const files: string[] = [];
    const visit = async (entries: FileInfo[]): Promise<void> => {
      for (const entry of entries) {
        if (entry.isDir) await visit(await this.listArtifacts(entry.path));
        else files.push(entry.path);
      }
    };
    await visit(children);
    const local = rel === '' ? root : localTarget(root, rel);
    await mkdir(local, { recursive: true });
    await mapLimit(files, this.transport.options.artifactConcurrency, (file) => this.getFile(file, localTarget(root, file)));
    return local;
  }

  async deleteArtifacts(artifactPath?: string): Promise<void> {
    const rel = normalizeArtifactPath(artifactPath);
    await this.request('DELETE', this.fileUrl(rel), async (res) => void (await res.body.dump()));
  }

  private fileUrl(rel: string): string {
    return rel === '' ? this.rootUri : `${this.rootUri}/${encodeArtifactPath(rel)}`;
  }

  private async putFile(localFile: string, rel: string): Promise<void> {
    const size = (await stat(localFile)).size;
    await this.request(
      'PUT',
      this.fileUrl(rel),
      async (res) => void (await res.body.dump()),
      { 'content-type': 'application/octet-stream', 'content-length': String(size) },
      () => createReadStream(localFile),
    );
  }

  private async getFile(rel: string, local: string): Promise<void> {
    await mkdir(dirname(local), { recursive: true });
    const partial = `${local}.part-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      await this.request('GET', this.fileUrl(rel), async (res) => {
        await pipeline(res.body, createWriteStream(partial));
      });
      await rename(partial, local);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  private request<T>(
    method: HttpMethod,
    url: string,
    onSuccess: (res: TransportResponse) => Promise<T>,
    headers: Record<string, string> = {},
    body?: () => Readable,
  ): Promise<T> {
    const endpoint = `${method} ${new URL(url).pathname}`;
    return this.transport.send(
      { method, url, headers: { ...this.headers, ...headers }, timeoutMs: this.transport.options.artifactTimeoutMs, ...(body === undefined ? {} : { body }) },
      async (res) => {
        if (res.status < 200 || res.status >= 300) {
          throw errorFromResponse({ status: res.status, bodyText: await res.body.text(), endpoint, attempts: res.attempts });
        }
        return onSuccess(res);
      },
    );
  }
}
