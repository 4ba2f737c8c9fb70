/**
 * Relative artifact paths: `/`-separated, inside their root. Anything that could escape the root
 * (`..` — also percent-encoded, any number of times —, absolute paths, drive letters, backslashes,
 * NUL) is refused with `INVALID_PARAMETER_VALUE` before any file or request is touched.
 */
import { MlflowApiError } from '../errors/mlflow-api-error.js';

function invalid(path: string, why: string): MlflowApiError {
  return new MlflowApiError({
    errorCode: 'INVALID_PARAMETER_VALUE',
    message: `Invalid artifact path ${JSON.stringify(path)}: ${why}. Artifact paths are relative, use '/' and must stay inside the artifact root.`,
  });
}

/** Decodes `%xx` repeatedly (a path may be encoded several times to smuggle `..`). */
function fullyDecoded(path: string): string {
  let current = path;
  for (let i = 0; i < 10; i += 1) {
    let next: string;
    try {
      next = decodeURIComponent(current);
    } catch {
      return current;
    }
    if (next === current) return current;
    current = next;
  }
  return current;
}

/**
 * The normalised form of `path` (`''` for the root): no leading `./`, no empty or `.` segments, no
 * trailing `/`. Throws for paths that would escape the root.
 */
export function normalizeArtifactPath(path: string | undefined): string {
  if (path === undefined || path === '' || path === '.' || path === '/') return '';
  if (typeof path !== 'string') throw invalid(String(path), 'not a string');
  const decoded = fullyDecoded(path);
  for (const candidate of [path, decoded]) {
    if (candidate.includes('\0')) throw invalid(path, 'it contains a NUL character');
    if (candidate.includes('\\')) throw invalid(path, "it contains a backslash (use '/')");
    if (candidate.startsWith('/')) throw invalid(path, 'it is absolute');
    if (/^[a-zA-Z]:/.test(candidate)) throw invalid(path, 'it starts with a drive letter');
    if (/^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//.test(candidate)) throw invalid(path, 'it is a URI, not a relative path');
    if (candidate.split('/').includes('..')) throw invalid(path, "it contains '..'");
  }
  return path
    .split('/')
    .filter((segment) => segment !== '' && segment !== '.')
    .join('/');
}

/** Joins relative artifact paths (each checked), ignoring empty parts. */
export function joinArtifactPath(...parts: Array<string | undefined>): string {
  return parts
    .map((p) => normalizeArtifactPath(p))
    .filter((p) => p !== '')
    .join('/');
}

/** Each segment percent-encoded, for use in a URL path. */
export function encodeArtifactPath(path: string): string {
  return path
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}
