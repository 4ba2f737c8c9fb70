/**
 * The file operations of the store, with the guarantees that make several writer processes safe:
 * a reader never sees a half written file (temp file + rename), metric lines are appended whole
 * with `O_APPEND`, and "create only if absent" is atomic (hard link of a finished temp file, or
 * exclusive mkdir).
 *
 * Temp files are written in the entity folder (the one holding `meta.yaml`), never inside
 * `params/`, `tags/` or `metrics/`, where a concurrent Python reader would take them for keys.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, linkSync, mkdirSync, openSync, promises as fsp, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MlflowApiError } from '../../errors/mlflow-api-error.js';
import { dumpYaml, parseYaml, type YamlValue } from './yaml-meta.js';

export function isErrno(error: unknown, ...codes: string[]): boolean {
  // Duck-typed: errors from node's fs may come from another realm (jest's vm contexts).
  const code = typeof error === 'object' && error !== null ? (error as { code?: unknown }).code : undefined;
  return typeof code === 'string' && codes.includes(code);
}

function tempName(tempDir: string, target: string): string {
  return join(tempDir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
}

// Small entity files (params, tags, meta.yaml) are written with the synchronous API: each step is
// a syscall of microseconds, while the async API pays a thread-pool round trip per step (a param
// is 5 steps; a tracked run of 100 params spent ~60 ms waiting on them).

/** Writes `content` to `target` atomically. The temp file goes to `tempDir` (same file system). */
export async function writeAtomic(target: string, content: string, tempDir: string = dirname(target)): Promise<void> {
  const temp = tempName(tempDir, target);
  try {
    // The temp file first: it fails with ENOENT when the entity folder is gone (moved to .trash),
    // instead of re-creating a ghost folder with mkdir -p.
    writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' });
    placeFile(renameSync, temp, target, tempDir);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/**
 * Creates `target` with `content` only if it does not exist yet, atomically: the finished temp
 * file is hard-linked into place (`EEXIST` when another writer got there first). Returns whether
 * this call created it.
 */
export async function createExclusive(target: string, content: string, tempDir: string = dirname(target)): Promise<boolean> {
  const temp = tempName(tempDir, target);
  try {
    writeFileSync(temp, content, { encoding: 'utf8', flag: 'wx' });
    placeFile(linkSync, temp, target, tempDir);
    return true;
  } catch (error) {
    if (isErrno(error, 'EEXIST')) return false;
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Moves (`renameSync`) or links (`linkSync`) the temp file into place, creating the target's folder (under `tempDir`) only when it is missing. */
function placeFile(place: (from: string, to: string) => void, temp: string, target: string, tempDir: string): void {
  try {
    place(temp, target);
  } catch (error) {
    if (!isErrno(error, 'ENOENT') || dirname(target) === tempDir) throw error;
    mkdirSync(dirname(target), { recursive: true });
    place(temp, target);
  }
}

/**
 * Appends whole lines in one `write` on an `O_APPEND` descriptor: no partial or interleaved line.
 * Synchronous on purpose: a local append takes microseconds, ten times less than the thread-pool
 * round trips of the async API, and logging one metric at a time is the hot path.
 */
export async function appendLines(target: string, text: string, base: string): Promise<void> {
  let fd: number;
  try {
    fd = openSync(target, 'a');
  } catch (error) {
    // Sub-folders of `base` (keys with '/') are created; `base` itself must exist, so a run whose
    // folder moved away is not re-created as a ghost.
    if (!isErrno(error, 'ENOENT')) throw error;
    statSync(base);
    await fsp.mkdir(dirname(target), { recursive: true });
    fd = openSync(target, 'a');
  }
  try {
    const buffer = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
  } finally {
    closeSync(fd);
  }
}

/** The text of a file, or undefined when it does not exist. */
export async function readTextIfExists(path: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR', 'EISDIR')) return undefined;
    throw error;
  }
}

export async function exists(path: string): Promise<boolean> {
  try {
    await fsp.lstat(path);
    return true;
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
    throw error;
  }
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fsp.stat(path)).isDirectory();
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return false;
    throw error;
  }
}

/** Names of the sub-folders of `dir` ([] when it does not exist). */
export async function listSubdirs(dir: string): Promise<string[]> {
  try {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    return entries.filter((e) => e.isDirectory()).map((e) => e.name);
  } catch (error) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) return [];
    throw error;
  }
}

/**
 * Every file under `dir`, recursively, as `/`-joined relative paths (the keys of a `params/` or
 * `tags/` folder, where `a/b` is stored as `a/` + `b`). [] when the folder does not exist.
 */
export async function listKeyFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (abs: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await fsp.readdir(abs, { withFileTypes: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return;
      throw error;
    }
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) await walk(join(abs, entry.name), childRel);
      else if (entry.isFile()) out.push(childRel);
    }
  };
  await walk(dir, '');
  return out.sort();
}

/** Reads every key file under `dir` into a map (values exactly as stored, no newline stripping). */
export async function readKeyValues(dir: string, accept: (key: string) => boolean = () => true): Promise<Record<string, string>> {
  const keys = await listKeyFiles(dir);
  const values = await Promise.all(keys.map((key) => (accept(key) ? readTextIfExists(join(dir, ...key.split('/'))) : undefined)));
  const out: Record<string, string> = {};
  keys.forEach((key, i) => {
    const value = values[i];
    if (value !== undefined) out[key] = value;
  });
  return out;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

interface CachedMeta {
  ino: bigint;
  mtimeNs: bigint;
  size: bigint;
  value: Record<string, YamlValue>;
}

/** Parsed meta.yaml files, valid while the file's inode, mtime and size are unchanged. */
const metaCache = new Map<string, CachedMeta>();
const META_CACHE_LIMIT = 2000;

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * Reads a `meta.yaml` as a (frozen) mapping; undefined when the file does not exist. Parsed files
 * are cached and revalidated with one `stat`. Like Python's reader, an empty or unparsable file (a
 * non-atomic writer in the middle of a write) is retried twice.
 */
export async function readMeta(dir: string): Promise<Record<string, YamlValue> | undefined> {
  const path = join(dir, 'meta.yaml');
  for (let attempt = 0; ; attempt++) {
    let stat;
    try {
      stat = statSync(path, { bigint: true });
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) {
        metaCache.delete(path);
        return undefined;
      }
      throw error;
    }
    const cached = metaCache.get(path);
    if (cached !== undefined && cached.ino === stat.ino && cached.mtimeNs === stat.mtimeNs && cached.size === stat.size) return cached.value;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      if (isErrno(error, 'ENOENT', 'ENOTDIR')) return undefined;
      throw error;
    }
    let parsed: YamlValue | undefined;
    try {
      parsed = parseYaml(text);
    } catch {
      parsed = undefined;
    }
    if (parsed !== null && parsed !== undefined && typeof parsed === 'object' && !Array.isArray(parsed)) {
      if (Buffer.byteLength(text) === Number(stat.size)) {
        if (metaCache.size >= META_CACHE_LIMIT) metaCache.delete(metaCache.keys().next().value!);
        metaCache.set(path, { ino: stat.ino, mtimeNs: stat.mtimeNs, size: stat.size, value: deepFreeze(parsed) });
      }
      return parsed;
    }
    if (attempt >= 2) return undefined;
    await sleep(100 * (attempt + 1));
  }
}

/** Writes `<dir>/meta.yaml` atomically. */
export async function writeMeta(dir: string, data: { [key: string]: YamlValue }): Promise<void> {
  await writeAtomic(join(dir, 'meta.yaml'), dumpYaml(data), dir);
}

/**
 * Keys are paths: `a` and `a/b` cannot both exist (one would be a file and a folder). Such a
 * clash is reported as INVALID_PARAMETER_VALUE instead of a raw ENOTDIR/EISDIR.
 */
export async function asKey<T>(kind: string, key: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isErrno(error, 'ENOTDIR', 'EISDIR', 'EEXIST')) throw keyClash(kind, key);
    throw error;
  }
}

export function keyClash(kind: string, key: string): Error {
  return new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `Cannot log ${kind} '${key}': it clashes with an existing ${kind} key (a key cannot be both a name and a prefix of other names, like 'a' and 'a/b').` });
}

