/**
 * In a project, catalog paths are relative to the project folder, not to wherever the command was
 * started: relative `filepath` / `filename` / `path` values, at any depth, are made absolute (POSIX
 * form). URLs (`s3://…`, `file://…`) and absolute paths are left alone.
 */
import { isAbsolute, resolve, sep } from 'node:path';
import { isPlainObject } from '../utils/is-plain-object.js';

const PATH_KEYS = new Set(['filepath', 'filename', 'path']);
const URL = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\//;
const WINDOWS_DRIVE = /^[a-zA-Z]:[\\/]/;

/** A copy of `config` with relative path values made absolute against `projectPath`. */
export function absolutiseCatalogPaths(config: Record<string, unknown>, projectPath: string): Record<string, unknown> {
  const walk = (value: Record<string, unknown>): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (typeof child === 'string' && PATH_KEYS.has(key)) out[key] = absolutePath(child, projectPath);
      else if (isPlainObject(child)) out[key] = walk(child);
      else out[key] = child;
    }
    return out;
  };
  return walk(config);
}

function absolutePath(value: string, projectPath: string): string {
  if (value === '' || URL.test(value)) return value;
  if (WINDOWS_DRIVE.test(value)) return value.replace(/\\/g, '/');
  if (isAbsolute(value)) return value;
  const absolute = resolve(projectPath, value);
  return sep === '\\' ? absolute.replace(/\\/g, '/') : absolute;
}
