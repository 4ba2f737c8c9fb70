/** Merging and key checks of configuration dictionaries (kedro's OmegaConfigLoader rules). */
import { ConfigError } from '../errors/config-error.js';
import { isPlainObject } from '../utils/is-plain-object.js';

export type ConfigDict = Record<string, unknown>;
export type MergeStrategy = 'soft' | 'destructive';
export const MERGE_STRATEGIES: readonly MergeStrategy[] = ['soft', 'destructive'];

/** Recursive merge, `top` wins on conflicts; neither input is modified. */
export function deepMerge(base: ConfigDict, top: ConfigDict): ConfigDict {
  const out: ConfigDict = { ...base };
  for (const [key, value] of Object.entries(top)) {
    const current = out[key];
    out[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return out;
}

export function mergeEnvironments(base: ConfigDict, env: ConfigDict, strategy: string): ConfigDict {
  if (strategy === 'soft') return deepMerge(base, env);
  if (strategy === 'destructive') return { ...base, ...env };
  throw new ConfigError(`Merging strategy ${strategy} not supported. The accepted merging strategies are ['soft', 'destructive'].`);
}

/** Dotted paths of every leaf (`a.b.c`), used to compare parameters files. */
export function leafPaths(config: ConfigDict, prefix = ''): string[] {
  const paths: string[] = [];
  for (const [key, value] of Object.entries(config)) {
    const path = prefix === '' ? key : `${prefix}.${key}`;
    if (isPlainObject(value) && Object.keys(value).length > 0) paths.push(...leafPaths(value, path));
    else paths.push(path);
  }
  return paths;
}

/**
 * Two files of one environment may not define the same key: top-level keys (or, for parameters,
 * full leaf paths so that files may share a top-level key with different sub-keys). Keys starting
 * with `_` are interpolation helpers and never clash.
 */
export function checkDuplicateKeys(files: Array<{ file: string; data: ConfigDict }>, byLeaf: boolean): void {
  const seen = new Map<string, string>();
  const clashes = new Map<string, string[]>();
  for (const { file, data } of files) {
    const keys = (byLeaf ? leafPaths(data) : Object.keys(data)).filter((k) => !k.split('.').some((part) => part.startsWith('_')));
    for (const key of keys) {
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, file);
        continue;
      }
      const pair = `${first}\u0000${file}`;
      clashes.set(pair, [...(clashes.get(pair) ?? []), key]);
    }
  }
  if (clashes.size === 0) return;
  const lines = [...clashes].map(([pair, keys]) => {
    const [a, b] = pair.split('\u0000');
    let list = keys.join(', ');
    if (list.length > 100) list = `${list.slice(0, 100)}...`;
    return `Duplicate keys found in ${a} and ${b}: ${list}`;
  });
  const [a] = [...clashes.keys()][0]!.split('\u0000');
  throw new ConfigError(`${lines.join('\n')}\nEach key may be defined in one file per environment; rename or remove one of them.`, { file: a });
}

/** Drops top-level keys starting with `_` (templates kept only for interpolation). */
export function withoutUnderscoreKeys(config: ConfigDict): ConfigDict {
  return Object.fromEntries(Object.entries(config).filter(([k]) => !k.startsWith('_')));
}
