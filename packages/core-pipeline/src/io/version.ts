/**
 * Dataset versions (kedro's `Version` named tuple) and the timestamp format shared by every versioned
 * dataset of a run: `2024-01-15T10.30.00.123Z` (UTC, milliseconds), whose lexicographic order is its
 * chronological order — the latest version is simply the greatest folder name.
 */
import { DatasetError } from '../errors/dataset-error.js';

export interface Version {
  /** Version to load; `undefined` means the latest one on disk. */
  readonly load?: string | undefined;
  /** Version to save; `undefined` means a fresh timestamp at save time. */
  readonly save?: string | undefined;
}

/** Parses and formats kedro's `VERSION_FORMAT` (`%Y-%m-%dT%H.%M.%S.%fZ`, truncated to ms). */
export const VERSION_FORMAT = 'YYYY-MM-DDTHH.mm.ss.SSSZ';

/** The current UTC time as a version string: `new Date().toISOString()` with `:` replaced by `.`. */
export function generateTimestamp(date: Date = new Date()): string {
  return date.toISOString().replace(/:/g, '.');
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})\.(\d{2})\.(\d{2})\.(\d{3})Z$/;

/** The Date a version string stands for, or `undefined` if it is not a generated timestamp. */
export function parseTimestamp(version: string): Date | undefined {
  const m = TIMESTAMP.exec(version);
  if (!m) return undefined;
  const date = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}.${m[7]}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/**
 * A version becomes a folder name on disk, so it must be exactly one path component: otherwise a
 * version coming from the command line (`--load-versions cars:../../etc`) could escape the dataset
 * folder.
 */
export function isSafeVersion(version: string): boolean {
  return (
    version !== '' &&
    version !== '.' &&
    version !== '..' &&
    !version.includes('/') &&
    !version.includes('\\') &&
    !version.includes('\0')
  );
}

export function validateVersionString(version: unknown): string {
  if (typeof version !== 'string' || !isSafeVersion(version)) {
    const shown = typeof version === 'string' ? version : String(version);
    throw new DatasetError(
      `Version string '${shown}' is not allowed. ` +
        "A version must be a single folder name: not empty, without '/' or '\\', and not '.' or '..'. " +
        `Use a timestamp such as '${generateTimestamp(new Date(0))}'.`,
    );
  }
  return version;
}

/** Checks both halves of a version given to a dataset or to the catalog. */
export function validateVersion(version: Version | undefined): Version | undefined {
  if (version === undefined) return undefined;
  if (version.load !== undefined && version.load !== null) validateVersionString(version.load);
  if (version.save !== undefined && version.save !== null) validateVersionString(version.save);
  return version;
}
