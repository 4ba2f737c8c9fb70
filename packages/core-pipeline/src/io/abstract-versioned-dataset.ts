/**
 * Base class for datasets stored in a LOCAL file, with optional versioning. A versioned dataset never
 * overwrites: each save goes to `<filepath>/<version>/<basename(filepath)>`, e.g.
 * `data/06_models/model.json/2024-01-15T10.30.00.123Z/model.json`, and loads read the pinned version
 * or the latest one.
 *
 * Subclasses implement `_load` / `_save` / `_describe` with `await this.getLoadPath()` and
 * `await this.getSavePath()`, which give the right file whether versioning is on or off (the save
 * path's folder is created for you). `exists()` works out of the box.
 */
import { access, mkdir, readdir } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from '../errors/dataset-error.js';
import { VersionNotFoundError } from '../errors/version-not-found-error.js';
import { getLogger } from '../logging.js';
import { byCodePoint } from '../utils/py-repr.js';
import { AbstractDataset, errorMessage } from './abstract-dataset.js';
import { VERSIONED_DATASET_MARKER, hasVersionedMarker } from './dataset-marker.js';
import { generateTimestamp, isSafeVersion, validateVersion, validateVersionString, type Version } from './version.js';

const log = getLogger('kedro.io.core');

export interface VersionedDatasetOptions {
  /** Local path (relative paths resolve against the working directory) or `file://` URL. */
  filepath: string;
  /** Injected by the catalog for `versioned: true`; absent means unversioned. */
  version?: Version | undefined;
  metadata?: Record<string, unknown> | undefined;
}

function errorCode(error: unknown): unknown {
  const direct = (error as { code?: unknown } | null)?.code;
  if (direct !== undefined) return direct;
  return ((error as { cause?: { code?: unknown } } | null)?.cause as { code?: unknown } | undefined)?.code;
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch (error) {
    const code = errorCode(error);
    if (code === 'ENOENT' || code === 'ENOTDIR') return false;
    throw error;
  }
}

function localFilepath(filepath: unknown, versioned: boolean, className: string, versionedSchemes: readonly string[]): string {
  if (typeof filepath !== 'string' || filepath === '') {
    throw new DatasetError(`'${className}' needs a 'filepath' option: the local path of its file.`);
  }
  if (filepath.startsWith('file://')) return fileURLToPath(filepath);
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(filepath)?.[1]?.toLowerCase();
  if (scheme !== undefined && versioned && !versionedSchemes.includes(scheme)) {
    if (scheme === 'http' || scheme === 'https') {
      throw new DatasetError(
        "Versioning is not supported for HTTP protocols. Please remove the 'versioned' flag from the dataset configuration.",
      );
    }
    throw new DatasetError(
      `Versioning is only supported for local file paths, not '${scheme}://' ('${filepath}'). ` +
        "Remove the 'versioned' flag from the dataset configuration.",
    );
  }
  return filepath;
}

export abstract class AbstractVersionedDataset<TLoad = unknown, TSave = TLoad> extends AbstractDataset<TLoad, TSave> {
  static readonly [VERSIONED_DATASET_MARKER] = true;
  /** URL schemes (`s3`) whose versions a subclass stores itself; other URLs cannot be versioned. */
  static readonly VERSIONED_SCHEMES: readonly string[] = [];
  private readonly [VERSIONED_DATASET_MARKER] = true;

  /** The path as configured (versions live below it when versioning is on). */
  readonly filepath: string;
  // Plain properties (no #private) so that `withVersion()` can copy the instance.
  private currentVersion: Version | undefined;
  /** Resolved versions, kept until the next save or release (kedro's `_version_cache`). */
  private versionCache: { load?: string; save?: string } = {};

  constructor(options: VersionedDatasetOptions) {
    super(options);
    this.filepath = localFilepath(options?.filepath, options?.version !== undefined, new.target.name, (new.target as { VERSIONED_SCHEMES?: readonly string[] }).VERSIONED_SCHEMES ?? []);
    this.currentVersion = validateVersion(options?.version);
  }

  /** `{load, save}` when versioning is on, else `undefined`. */
  get version(): Version | undefined {
    return this.currentVersion;
  }

  /** `<filepath>/<version>/<basename(filepath)>`; the version must be a single folder name. */
  getVersionedPath(version: string): string {
    validateVersionString(version);
    return join(this.filepath, version, basename(this.filepath));
  }

  /** Versions that hold a file, newest first (names, or full paths with `{fullPath: true}`). */
  async listVersions(options: { fullPath?: boolean } = {}): Promise<string[]> {
    let entries: string[];
    try {
      entries = await readdir(this.filepath);
    } catch (error) {
      const code = errorCode(error);
      if (code === 'ENOENT' || code === 'ENOTDIR') return [];
      throw error;
    }
    const name = basename(this.filepath);
    const candidates = entries.filter((e) => !e.startsWith('.') && isSafeVersion(e)).sort((a, b) => byCodePoint(b, a));
    const found: string[] = [];
    for (const version of candidates) {
      if (await pathExists(join(this.filepath, version, name))) found.push(version);
    }
    return options.fullPath === true ? found.map((v) => this.getVersionedPath(v)) : found;
  }

  /** The version a load reads: the pinned one, else the newest on disk (cached until save/release). */
  async resolveLoadVersion(): Promise<string | undefined> {
    if (this.currentVersion === undefined) return undefined;
    if (this.currentVersion.load) return this.currentVersion.load;
    if (this.versionCache.load !== undefined) return this.versionCache.load;
    let versions: string[];
    try {
      versions = await this.listVersions();
    } catch (error) {
      throw new VersionNotFoundError(
        `Did not find any versions for ${this.toString()}. This could be due to insufficient permission. Exception: ${errorMessage(error)}`,
        { cause: error },
      );
    }
    const latest = versions[0];
    if (latest === undefined) throw new VersionNotFoundError(`Did not find any versions for ${this.toString()}`);
    this.versionCache.load = latest;
    return latest;
  }

  /** The version a save writes: the pinned one, else a timestamp fixed until the next save/release. */
  resolveSaveVersion(): string | undefined {
    if (this.currentVersion === undefined) return undefined;
    if (this.currentVersion.save) return this.currentVersion.save;
    this.versionCache.save ??= generateTimestamp();
    return this.versionCache.save;
  }

  /** The file to read. Throws `VersionNotFoundError` when versioned and nothing was saved yet. */
  async getLoadPath(): Promise<string> {
    const version = await this.resolveLoadVersion();
    return version === undefined ? this.filepath : this.getVersionedPath(version);
  }

  /** The file to write, with its folder created. A versioned save path must not exist yet. */
  async getSavePath(): Promise<string> {
    const version = this.resolveSaveVersion();
    const path = version === undefined ? this.filepath : this.getVersionedPath(version);
    if (version !== undefined && (await pathExists(path))) {
      throw new DatasetError(`Save path '${path}' for ${this.toString()} must not exist if versioning is enabled.`);
    }
    try {
      await mkdir(dirname(path), { recursive: true });
    } catch (error) {
      const code = errorCode(error);
      if (version !== undefined && (code === 'ENOTDIR' || code === 'EEXIST')) throw this.fileInTheWayError(error);
      throw error;
    }
    return path;
  }

  /** A copy of this dataset reading/writing the given version; this instance is untouched. */
  withVersion(version: Version): this {
    const copy = Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
    copy.currentVersion = validateVersion({ ...version });
    copy.versionCache = {};
    return copy;
  }

  override async save(data: TSave): Promise<void> {
    this.versionCache = {};
    const saveVersion = this.resolveSaveVersion();
    try {
      await super.save(data);
    } catch (error) {
      if (saveVersion !== undefined && errorCode(error) === 'ENOTDIR') throw this.fileInTheWayError(error);
      throw error;
    }
    if (saveVersion === undefined) return;
    let loadVersion: string | undefined;
    try {
      loadVersion = await this.resolveLoadVersion();
    } catch {
      loadVersion = undefined;
    }
    if (loadVersion !== saveVersion) {
      log.warn(
        "Save version '%s' did not match load version '%s' for %s. This is strongly discouraged due to inconsistencies " +
          "it may cause between 'save' and 'load' operations. Please refrain from setting exact load version for " +
          'intermediate datasets where possible to avoid this warning.',
        saveVersion,
        loadVersion,
        this.toString(),
      );
      this.versionCache = {};
    }
  }

  override async release(): Promise<void> {
    await super.release();
    this.versionCache = {};
  }

  protected override async _exists(): Promise<boolean> {
    return pathExists(await this.getLoadPath());
  }

  private fileInTheWayError(cause: unknown): DatasetError {
    const name = basename(this.filepath);
    return new DatasetError(
      `Cannot save versioned dataset '${name}' to '${dirname(this.filepath)}' because a file with the same name ` +
        'already exists in the directory. This is likely because versioning was enabled on a dataset already saved ' +
        `previously. Either remove '${name}' from the directory or manually convert it into a versioned dataset by ` +
        `placing it in a versioned directory (e.g. with default versioning format '${this.filepath}/` +
        `YYYY-MM-DDThh.mm.ss.sssZ/${name}').`,
      { cause },
    );
  }
}

/** True for a versioned-capable dataset (extends AbstractVersionedDataset, any package copy). */
export function isVersionedDataset(value: unknown): value is AbstractVersionedDataset {
  return typeof value === 'object' && hasVersionedMarker(value);
}
