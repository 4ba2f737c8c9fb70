/** Shared by the python_function tests: the linear models saved once per file, Python snippets. */
import { join } from 'node:path';
import type { ColumnTable } from 'arquero';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import { KedroPipelineModel, saveModel } from '@kedro-mlflow/pipeline-ml';
import { tempDir } from '../model/model-helpers.js';

export const LINEAR_MODULE = join(__dirname, 'fixtures', 'linear-pipelines.ts');
export const ROWS = [
  { x: 1.5, n: 2, label: 'a' },
  { x: -0.25, n: 10, label: 'b' },
  { x: 0.1, n: -3, label: 'c' },
];
export const SPLIT = { columns: ['x', 'n', 'label'], data: ROWS.map((r) => [r.x, r.n, r.label]) };

/** A catalog with the artifact `model` ({factor: 2}) and the inference params scale and shout. */
export async function linearCatalog(): Promise<DataCatalog> {
  const dir = tempDir('kpm-pyfunc-catalog-');
  const catalog = new DataCatalog({ datasets: { model: new JSONDataset({ filepath: join(dir, 'model.json') }), 'params:scale': 1, 'params:shout': false } });
  await catalog.save('model', { factor: 2 });
  return catalog;
}

/** Saves the `rows` or `table` linear model into a fresh folder. */
export async function saveLinearModel(pipelineName: 'rows' | 'table'): Promise<string> {
  const { registerPipelines } = await import('./fixtures/linear-pipelines.js');
  const dir = join(tempDir('kpm-pyfunc-'), pipelineName);
  const kpm = new KedroPipelineModel({
    pipeline: registerPipelines()[pipelineName]!,
    catalog: await linearCatalog(),
    inputName: 'data',
    code: { module: LINEAR_MODULE, exportName: 'registerPipelines', pipelineName },
  });
  await saveModel(kpm, dir, { inputExample: ROWS });
  return dir;
}

/** Our predictions as the JSON the scoring server writes (tables as row objects). */
export function asRows(predictions: unknown): unknown {
  const table = predictions as Partial<ColumnTable>;
  return typeof table.objects === 'function' ? table.objects() : predictions;
}

/** Python that prints a pandas frame or a list as JSON rows (`jsonable(value)`). */
export const PY_JSONABLE = [
  'import json',
  'import pandas as pd',
  'def jsonable(value):',
  '    return {"frame": True, "rows": value.to_dict(orient="records")} if isinstance(value, pd.DataFrame) else {"frame": False, "rows": value}',
].join('\n');
