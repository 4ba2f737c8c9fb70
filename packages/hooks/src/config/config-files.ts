/**
 * Which `mlflow.yml` a key comes from, so that errors name the file: the config loader merges
 * `conf/base` and `conf/<env>` and does not say where each value was read.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfigLoader } from '@kedro-mlflow/core-pipeline';
import yaml from 'js-yaml';
import { globSync } from 'tinyglobby';

export const MLFLOW_CONFIG_KEY = 'mlflow';
export const MLFLOW_CONFIG_PATTERNS: readonly string[] = ['mlflow*', 'mlflow*/**', '**/mlflow*'];

/** The files of `key`, the run environment's first (they win over base). */
export function configFilesOf(loader: ConfigLoader, key = MLFLOW_CONFIG_KEY): string[] {
  const patterns = [...(loader.configPatterns[key] ?? MLFLOW_CONFIG_PATTERNS)];
  const envs = loader.env === loader.baseEnv ? [loader.env] : [loader.env, loader.baseEnv];
  return envs.flatMap((env) =>
    globSync(patterns, { cwd: join(loader.confSource, env), absolute: true, onlyFiles: true })
      .filter((file) => /\.(ya?ml|json)$/i.test(file))
      .sort(),
  );
}

function depthIn(document: unknown, path: readonly string[]): number {
  let node = document;
  let depth = 0;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || !Object.hasOwn(node, key)) break;
    node = (node as Record<string, unknown>)[key];
    depth += 1;
  }
  return depth;
}

/** The file holding most of `path` (the first one, i.e. the environment's, on a tie). */
export function fileOfKey(files: readonly string[], path: readonly string[]): string | undefined {
  let best: { file: string; depth: number } | undefined;
  for (const file of files) {
    let document: unknown;
    try {
      document = yaml.load(readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const depth = depthIn(document, path);
    if (depth > 0 && (best === undefined || depth > best.depth)) best = { file, depth };
  }
  return best?.file ?? files[0];
}
