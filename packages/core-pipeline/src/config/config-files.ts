/** Finding and parsing the configuration files of one environment folder. */
import { readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { globSync } from 'tinyglobby';
// js-yaml, not `yaml`: it imports ~3x faster, and config parsing is on every run's critical path.
import { load, YAMLException } from 'js-yaml';
import { ConfigError } from '../errors/config-error.js';
import { MissingConfigError } from '../errors/missing-config-error.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import type { ConfigDict } from './merge.js';

const CONFIG_EXTENSIONS = ['.yml', '.yaml', '.json'];

export interface LoadedFile {
  file: string;
  data: ConfigDict;
}

// Synchronous file access: a run reads a dozen small files here before anything else can happen,
// and each asynchronous call would wait for a trip through the thread pool.
export async function isDirectory(path: string): Promise<boolean> {
  try {
    return statSync(path).isDirectory();
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
  const matches = globSync([...patterns], { cwd: dir, dot: true, onlyFiles: true, absolute: true, followSymbolicLinks: true });
  const files = [...new Set(matches)]
    .filter((f) => CONFIG_EXTENSIONS.some((ext) => f.toLowerCase().endsWith(ext)))
    .filter((f) => !ignoreHidden || !relative(confSource, f).split(sep).some((part) => part.startsWith('.')))
    .sort();
  return Promise.all(files.map(async (file) => ({ file, data: await parseConfigFile(file) })));
}

/** Parses one file; empty files are `{}`. Errors name the file, the line and the column. */
export async function parseConfigFile(file: string): Promise<ConfigDict> {
  const text = readFileSync(file, 'utf8');
  let data: unknown;
  try {
    // YAML 1.2 core schema (`yes` stays a string); duplicate keys are errors.
    data = load(text, { filename: file });
  } catch (error) {
    if (!(error instanceof YAMLException)) throw error;
    const line = error.mark === undefined ? undefined : error.mark.line + 1;
    const column = error.mark === undefined ? undefined : error.mark.column + 1;
    const where = line !== undefined ? `, unable to read line ${line}, position ${column ?? 0}` : '';
    throw new ConfigError(`Invalid YAML or JSON file ${file}${where}.\n${error.reason}\n${error.mark?.snippet ?? ''}`.trimEnd(), {
      file,
      ...(line !== undefined ? { line } : {}),
      ...(column !== undefined ? { column } : {}),
    });
  }
  if (data === null || data === undefined) return {};
  if (!isPlainObject(data)) {
    throw new ConfigError(`Configuration file ${file} must contain a mapping (key: value pairs) at the top level, not ${Array.isArray(data) ? 'a list' : typeof data}.`, { file });
  }
  return data;
}

export function joinEnv(confSource: string, env: string): string {
  return env === '' ? confSource : join(confSource, env);
}
