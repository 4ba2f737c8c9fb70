/**
 * Data an MLflow signature can describe by columns: an arquero table (as `{columns}`) or rows of
 * plain objects. Anything else (a list of numbers, text) gives undefined: no input schema.
 */
import { isPlainObject } from '@kedro-mlflow/core-pipeline';
import { isColumnTable } from '@kedro-mlflow/datasets';
import { toInputExample, type ModelInputExample } from '@kedro-mlflow/pipeline-ml';

export function tabularInputExample(data: unknown): ReturnType<typeof toInputExample> | undefined {
  if (isColumnTable(data)) return toInputExample(data as ModelInputExample);
  if (Array.isArray(data) && data.length > 0 && data.every((row) => isPlainObject(row))) return data as Array<Record<string, unknown>>;
  return undefined;
}
