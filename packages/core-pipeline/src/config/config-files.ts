/** Finding and parsing the configuration files of one environment folder. */
import { readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { glob } from 'tinyglobby';
import { parseDocument } from 'yaml';
import { ConfigError } from '../errors/config-error.js';
import { MissingConfigError } from '../errors/missing-config-error.js';
import { isPlainObject, type ConfigDict } from './merge.js';

const CONFIG_EXTENSIONS = ['.yml', '.yaml', '.json'];

export interface LoadedFile {
  file: string;
  data: ConfigDict;
}

export async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The YAML/JSON files of `dir` matching `patterns` (globs relative to `dir`), sorted, parsed. With
 * `ignoreHidden`, any path component (relative to `confSource`) starting with `.` is skipped.
 */
export async function loadConfigFiles(dir: string, patterns: readonly string[], confSource: string, ignoreHidden: boolean): Promise<LoadedFile[]> {
  if (!(await isDirectory(dir))) {
    throw new MissingConfigError(`Given configuration path either does not exist or is not a valid directory: ${dir}`, { file: dir });
  }
  const matches = await glob([...patterns], { cwd: dir, dot: true, onlyFiles: true, absolute: true, followSymbolicLinks: true });
  const files = [...new Set(matches)]
    .filter((f) => CONFIG_EXTENSIONS.some((ext) => f.toLowerCase().endsWith(ext)))
    .filter((f) => !ignoreHidden || !relative(confSource, f).split(sep).some((part) => part.startsWith('.')))
    .sort();
  return Promise.all(files.map(async (file) => ({ file, data: await parseConfigFile(file) })));
}

/** Parses one file; empty files are `{}`. Errors name the file, the line and the column. */
export async function parseConfigFile(file: string): Promise<ConfigDict> {
  const text = await readFile(file, 'utf8');
  const doc = parseDocument(text, { prettyErrors: true, uniqueKeys: true });
  const error = doc.errors[0];
  if (error !== undefined) {
    const line = error.linePos?.[0].line;
    const column = error.linePos?.[0].col;
    const where = line !== undefined ? `, unable to read line ${line}, position ${column ?? 0}` : '';
    throw new ConfigError(`Invalid YAML or JSON file ${file}${where}.\n${error.message}`, {
      file,
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
    });
  }
  const data: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (data === null || data === undefined) return {};
  if (!isPlainObject(data)) {
    throw new ConfigError(`Configuration file ${file} must contain a mapping (key: value pairs) at the top level, not ${Array.isArray(data) ? 'a list' : typeof data}.`, { file });
  }
  return data;
}

export function joinEnv(confSource: string, env: string): string {
  return env === '' ? confSource : join(confSource, env);
}
