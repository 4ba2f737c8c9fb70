/**
 * Parsing of `kedro-mlflow run` option values, with kedro's rules and error messages:
 * comma lists, node names (commas inside `[...]` do not split), `key=value` parameters typed as
 * YAML, and `dataset:version` load versions.
 */
import { deepMerge, isPlainObject } from '@kedro-mlflow/core-pipeline';
import { CliError } from '../errors.js';
import { parseYamlValue } from './yaml-value.js';

/** `a, b,,c` → `['a', 'b', 'c']`: split on commas, items stripped, empty items dropped. */
export function splitString(value: string | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  return value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * Splits node names on commas, except commas inside square brackets, which appear in names such as
 * `identity([a,b]) -> [c]` (kedro's `split_node_names`).
 */
export function splitNodeNames(value: string | undefined | null): string[] {
  if (value === undefined || value === null) return [];
  const result: string[] = [];
  let argument = '';
  let depth = 0;
  for (const char of `${value},`) {
    if (char === '[') depth += 1;
    else if (char === ']') depth -= 1;
    if (char === ',' && depth === 0) {
      // kedro keeps a leading comma in the next name and whitespace-only names; we drop both.
      const trimmed = argument.trim();
      if (trimmed !== '') result.push(trimmed);
      argument = '';
    } else {
      argument += char;
    }
  }
  return result;
}

/** OmegaConf.update(cfg, 'a.b.c', value, merge=True): nested keys, objects merged, the rest replaced. */
function setDotted(target: Record<string, unknown>, key: string, value: unknown): void {
  const parts = key.split('.');
  let cursor = target;
  for (const part of parts.slice(0, -1)) {
    const next = cursor[part];
    if (!isPlainObject(next)) cursor[part] = {};
    cursor = cursor[part] as Record<string, unknown>;
  }
  const last = parts[parts.length - 1]!;
  const existing = cursor[last];
  cursor[last] = isPlainObject(existing) && isPlainObject(value) ? deepMerge(existing, value) : value;
}

/**
 * kedro's `--params` parser: `"a=1, b.c=x=y, d="` → `{a: 1, b: {c: 'x=y'}, d: null}`.
 * Items are split on commas; each must contain `=` and splits at the first one; keys are stripped and
 * must not be empty; dotted keys build nested objects; values are typed as YAML; later items win.
 * `option` names the option in error messages (`params`, `runner_params`).
 */
export function parseParams(value: string | undefined | null, option = 'params'): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const item of splitString(value)) {
    const equals = item.indexOf('=');
    if (equals === -1) {
      throw new CliError(`Invalid format of \`${option}\` option: Item \`${item}\` must contain a key and a value separated by \`=\`.`);
    }
    const key = item.slice(0, equals).trim();
    if (key === '') {
      throw new CliError(`Invalid format of \`${option}\` option: Parameter key cannot be an empty string.`);
    }
    if (key.split('.').some((part) => part === '')) {
      throw new CliError(`Invalid format of \`${option}\` option: Key \`${key}\` has an empty part between dots.`);
    }
    const raw = item.slice(equals + 1);
    let parsed: unknown;
    try {
      parsed = parseYamlValue(raw);
    } catch (error) {
      throw new CliError(
        `Invalid format of \`${option}\` option: the value of \`${key}\` (\`${raw.trim()}\`) is not valid YAML: ${(error as Error).message}. ` +
          'Quote it, e.g. `' + key + '="' + raw.trim().replace(/"/g, '\\"') + '"`.',
      );
    }
    setDotted(result, key, parsed);
  }
  return result;
}

/** A version must be one folder name: no separators, not `.`/`..`, not empty (kedro's `_is_unsafe_version`). */
export function isUnsafeVersion(version: string): boolean {
  return version === '' || version === '.' || version === '..' || version.includes('/') || version.includes('\\') || version.includes('\0');
}

/** `--load-versions "cars:2024-01-15T10.30.00.123Z,boats:…"` → `{cars: '2024-…', boats: '…'}`. */
export function parseLoadVersions(value: string | undefined | null): Record<string, string> {
  const result: Record<string, string> = {};
  if (value === undefined || value === null || value === '') return result;
  for (const rawItem of value.split(',')) {
    const item = rawItem.trim();
    if (item === '') continue;
    const colon = item.indexOf(':');
    if (colon === -1) {
      throw new CliError(
        `Expected the form of 'load_versions' to be 'dataset_name:YYYY-MM-DDThh.mm.ss.sssZ',found ${item} instead`,
      );
    }
    const version = item.slice(colon + 1);
    if (isUnsafeVersion(version)) {
      throw new CliError(
        `Version string '${version}' is not allowed. Version strings must be a single non-empty path component with no ` +
          "path separators ('/' or '\\') and must not be '.' or '..'.",
      );
    }
    result[item.slice(0, colon)] = version;
  }
  return result;
}

/** `max_workers` → `maxWorkers`: runner options are camelCase in TypeScript; kedro's snake_case is accepted. */
export function camelCaseKeys(options: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    out[key.replace(/_([a-z0-9])/g, (_m, c: string) => c.toUpperCase())] = value;
  }
  return out;
}
