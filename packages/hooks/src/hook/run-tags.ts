/**
 * The tags of a pipeline's MLflow run: every run parameter with a value (kedro-mlflow's rule:
 * empty lists, empty objects, false and '' are left out) under kedro's snake_case names, so that
 * searches written for kedro-mlflow (`tags.pipeline_names`, `tags.env`) work; lists and objects are
 * JSON. Plus `kedro_command`, the command that repeats the run.
 */
import type { RunParams } from '@kedro-mlflow/core-pipeline';
import { paramValueString } from './node-params.js';
import { generateKedroCommand } from './kedro-command.js';

function hasValue(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === '' || value === 0) return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

export function runTags(runParams: RunParams): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const [key, value] of Object.entries(runParams)) {
    if (hasValue(value)) tags[snakeCase(key)] = paramValueString(value);
  }
  tags.kedro_command = generateKedroCommand(runParams);
  return tags;
}
