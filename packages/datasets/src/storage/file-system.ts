/**
 * Where a file dataset's bytes live: the local disk or an S3-compatible bucket, behind the few
 * operations the datasets need. Both keep the same contract:
 * - `write` is atomic: readers see the previous content or the new one, never a part (a local
 *   temporary file renamed over the target; an S3 object, which becomes visible only once complete);
 * - `listFiles` lists only complete files, so a save cut off half-way never shows up as a version or
 *   a partition.
 */
export interface DatasetFileSystem {
  /** `file` or `s3`. */
  readonly protocol: 'file' | 's3';
  /** The file's bytes. A missing file throws an error for which `isMissing` is true. */
  read(path: string): Promise<Buffer>;
  /** Writes the whole file atomically (creating parent folders where there are folders). */
  write(path: string, data: Uint8Array | string): Promise<void>;
  /** Whether a file exists at exactly this path. */
  exists(path: string): Promise<boolean>;
  /**
   * Every file below `folder`, recursively, as `/`-separated paths relative to it, sorted; none when
   * the folder does not exist.
   */
  listFiles(folder: string): Promise<string[]>;
  /** Removes these files; missing ones are no error. */
  remove(paths: readonly string[]): Promise<void>;
  /** `base` joined with relative `/`-separated parts, in this file system's path form. */
  join(base: string, ...parts: string[]): string;
  /** Whether an error of `read` means "no such file". */
  isMissing(error: unknown): boolean;
}
