/**
 * Private copies of artifacts the server could not take, kept beside the journal until a replay
 * uploads them: `<journal>.artifacts/<copy id>/` holds the file (under its own name) or the
 * folder's contents. A copy is made under `<copy id>.partial` and renamed into place only when
 * complete, and the rename happens under the journal lock together with the journal entry (see
 * `Journal.keepArtifact`) — so a crash mid-copy leaves at most a `.partial` folder and never an
 * entry without its file. Later changes to (or deletion of) the user's file change nothing.
 * Copy ids, file names and artifact paths read back from the journal are checked: nothing read
 * from the journal can point outside this folder or outside the run's artifact root.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, rmSync, statSync } from 'node:fs';
import { copyFile, cp, mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { normalizeArtifactPath } from '../uri/artifact-path.js';

const COPY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const PARTIAL = '.partial';
/** A `.partial` folder this old belongs to a process that died while copying. */
const STALE_PARTIAL_MS = 60 * 60 * 1000;

/** A copy made but not yet in place (`commit` moves it there). */
export interface StagedCopy {
  copyId: string;
  /** The file's name; undefined for a folder. */
  fileName: string | undefined;
  partialPath: string;
}

/** Whether `name` is one plain file name (no separators, not `.`/`..`, no NUL). */
export function isPlainFileName(name: string): boolean {
  return name !== '' && name !== '.' && name !== '..' && !/[/\\\0]/.test(name);
}

export const isCopyId = (id: string): boolean => COPY_ID.test(id);

/** Checks what a journal line says about an artifact; undefined when it could escape its folder. */
export function checkedArtifactFields(copyId: unknown, artifactPath: unknown, fileName: unknown): { copyId: string; artifactPath: string; fileName?: string } | undefined {
  if (typeof copyId !== 'string' || !isCopyId(copyId)) return undefined;
  if (fileName !== undefined && (typeof fileName !== 'string' || !isPlainFileName(fileName))) return undefined;
  let path: string;
  try {
    path = normalizeArtifactPath(typeof artifactPath === 'string' ? artifactPath : '');
  } catch {
    return undefined;
  }
  return { copyId, artifactPath: path, ...(fileName === undefined ? {} : { fileName }) };
}

export class ArtifactCopies {
  constructor(
    /** `<journal>.artifacts`. */
    readonly dir: string,
  ) {}

  /** The local path to upload: the copied file, or the folder holding the copied contents. */
  localPath(copyId: string, fileName: string | undefined): string {
    if (!isCopyId(copyId) || (fileName !== undefined && !isPlainFileName(fileName))) throw new Error(`invalid artifact copy ${JSON.stringify(copyId)}`);
    return fileName === undefined ? join(this.dir, copyId) : join(this.dir, copyId, fileName);
  }

  /** Copies a file or folder (symlinks followed, as an upload would) into a new `.partial` folder. */
  async stage(localPath: string): Promise<StagedCopy> {
    const info = await stat(localPath);
    const copyId = randomUUID();
    const partialPath = join(this.dir, `${copyId}${PARTIAL}`);
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    try {
      if (info.isDirectory()) {
        await cp(localPath, partialPath, { recursive: true, dereference: true, errorOnExist: true, force: false });
        return { copyId, fileName: undefined, partialPath };
      }
      await mkdir(partialPath, { mode: 0o700 });
      await copyFile(localPath, join(partialPath, basename(localPath)));
      return { copyId, fileName: basename(localPath), partialPath };
    } catch (error) {
      await rm(partialPath, { recursive: true, force: true });
      throw error;
    }
  }

  /** The same, synchronously, for a process `exit` handler. */
  stageSync(localPath: string): StagedCopy {
    const info = statSync(localPath);
    const copyId = randomUUID();
    const partialPath = join(this.dir, `${copyId}${PARTIAL}`);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    try {
      if (info.isDirectory()) {
        cpSync(localPath, partialPath, { recursive: true, dereference: true, errorOnExist: true, force: false });
        return { copyId, fileName: undefined, partialPath };
      }
      mkdirSync(partialPath, { mode: 0o700 });
      copyFileSync(localPath, join(partialPath, basename(localPath)));
      return { copyId, fileName: basename(localPath), partialPath };
    } catch (error) {
      rmSync(partialPath, { recursive: true, force: true });
      throw error;
    }
  }

  /** Moves a staged copy into place (the caller holds the journal lock and writes the entry next). */
  commit(staged: StagedCopy): Promise<void> {
    return rename(staged.partialPath, join(this.dir, staged.copyId));
  }

  /** A staged copy that will not be used. */
  discard(staged: StagedCopy): Promise<void> {
    return rm(staged.partialPath, { recursive: true, force: true });
  }

  async remove(copyId: string): Promise<void> {
    if (isCopyId(copyId)) await rm(join(this.dir, copyId), { recursive: true, force: true });
  }

  /** Moves a copy the server refused to `intoDir` (kept for the user); returns where it went. */
  async keepAside(copyId: string, intoDir: string): Promise<string | undefined> {
    if (!isCopyId(copyId)) return undefined;
    await mkdir(intoDir, { recursive: true, mode: 0o700 });
    const target = join(intoDir, copyId);
    try {
      await rename(join(this.dir, copyId), target);
      return target;
    } catch {
      return undefined;
    }
  }

  /**
   * Removes copies no pending entry refers to (uploaded, or left by a crash between copy and
   * entry) and `.partial` folders of processes that died while copying. Call under the journal lock.
   */
  async sweep(referenced: ReadonlySet<string>): Promise<void> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch {
      return;
    }
    const now = Date.now();
    for (const name of names) {
      const full = join(this.dir, name);
      if (name.endsWith(PARTIAL)) {
        const { mtimeMs } = await stat(full).catch(() => ({ mtimeMs: now }));
        if (now - mtimeMs > STALE_PARTIAL_MS) await rm(full, { recursive: true, force: true });
      } else if (!referenced.has(name)) {
        await rm(full, { recursive: true, force: true });
      }
    }
    if (referenced.size === 0) await rmdir(this.dir).catch(() => undefined); // only when empty
  }
}
