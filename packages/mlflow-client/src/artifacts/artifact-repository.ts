import type { FileInfo } from '../entities/common.js';

/**
 * Files under one artifact root URI (a run's or a logged model's). One implementation per URI
 * scheme: `file:` (local folder), `mlflow-artifacts:` (the tracking server's proxy), `http(s):`.
 * Every `artifactPath` is relative to the root, uses `/`, and may not escape it (`..`, absolute
 * paths and encoded traversals are rejected with `INVALID_PARAMETER_VALUE`).
 */
export interface ArtifactRepository {
  readonly rootUri: string;
  /** Uploads one local file to `<artifactPath>/<basename>` (or the root). */
  logArtifact(localFile: string, artifactPath?: string): Promise<void>;
  /** Uploads the contents of a local folder, recursively, under `artifactPath` (or the root). */
  logArtifacts(localDir: string, artifactPath?: string): Promise<void>;
  /** Direct children of `path` (root when omitted); paths are relative to the root, sorted. */
  listArtifacts(path?: string): Promise<FileInfo[]>;
  /** Downloads a file or a folder (recursively) into `dstDir`; returns the local path of `artifactPath`. */
  downloadArtifacts(artifactPath: string, dstDir: string): Promise<string>;
  /** Deletes a file or folder (optional: not every backend allows it). */
  deleteArtifacts?(artifactPath?: string): Promise<void>;
}
