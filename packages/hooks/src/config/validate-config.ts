/**
 * Raw `mlflow.yml` content → `MlflowConfig`, or a `ConfigError` naming the file, the key path, what
 * was wrong and what is allowed there.
 */
import { ConfigError } from '@kedro-mlflow/core-pipeline';
import type { z } from 'zod';
import { mlflowConfigSchema, type MlflowConfig } from './schema.js';

const DEFAULTS = mlflowConfigSchema.parse({});

function valueAt(tree: unknown, path: readonly string[]): unknown {
  let node = tree;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

const quoted = (values: readonly unknown[]): string => values.map((v) => `'${String(v)}'`).join(', ');

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): { keyPath: string; text: string } {
  const path = issue.path.map(String);
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys;
    const keyPath = [...path, keys[0]!].join('.');
    const allowed = valueAt(DEFAULTS, path);
    const known = allowed !== null && typeof allowed === 'object' ? Object.keys(allowed) : [];
    const where = path.length === 0 ? 'at the top level' : `in '${path.join('.')}'`;
    return { keyPath, text: `unknown key${keys.length > 1 ? 's' : ''} ${quoted(keys)} ${where}. The keys allowed there are ${quoted(known)}.` };
  }
  const keyPath = path.join('.');
  const got = valueAt(raw, path);
  const shown = got === undefined ? 'nothing' : JSON.stringify(got);
  if (issue.code === 'invalid_value') return { keyPath, text: `got ${shown}; allowed values: ${quoted(issue.values)}.` };
  return { keyPath, text: `${issue.message} (got ${shown}).` };
}

/**
 * Validates `raw` (the merged mlflow configuration). `fileOf(path)` says which file a key path
 * came from, for the message.
 */
export function validateMlflowConfig(raw: unknown, fileOf: (path: readonly string[]) => string | undefined = () => undefined): MlflowConfig {
  const parsed = mlflowConfigSchema.safeParse(raw ?? {});
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => describeIssue(issue, raw));
  const first = issues[0]!;
  const file = fileOf(first.keyPath.split('.'));
  const lines = issues.map((i) => `  - '${i.keyPath}': ${i.text}`);
  throw new ConfigError(`Invalid MLflow configuration${file === undefined ? '' : ` in ${file}`}:\n${lines.join('\n')}`, {
    keyPath: first.keyPath,
    ...(file === undefined ? {} : { file }),
  });
}
