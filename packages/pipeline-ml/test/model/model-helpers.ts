/** Shared by the model tests: fixture pipelines, catalogs with file artifacts, temp folders. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataCatalog, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import { KedroPipelineModel, type KedroPipelineModelOptions } from '@kedro-mlflow/pipeline-ml';
import { registerPipelines } from './fixtures/pipelines.js';

export const PIPELINES_MODULE = join(__dirname, 'fixtures', 'pipelines.ts');
export type FixtureName = keyof ReturnType<typeof registerPipelines>;

const made: string[] = [];
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temporary folder, outside the repository, removed after the file's tests. */
export function tempDir(prefix = 'kpm-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

export const fixturePipeline = (name: FixtureName): Pipeline => registerPipelines()[name]!;

/** A catalog whose artifacts are JSON files holding `values` (saved now); other entries as given. */
export async function artifactCatalog(values: Record<string, unknown>, extra: Record<string, unknown> = {}): Promise<DataCatalog> {
  const dir = tempDir('kpm-catalog-');
  const datasets: Record<string, unknown> = { ...extra };
  for (const name of Object.keys(values)) datasets[name] = new JSONDataset({ filepath: join(dir, `${name}.json`) });
  const catalog = new DataCatalog({ datasets });
  for (const [name, value] of Object.entries(values)) await catalog.save(name, value);
  return catalog;
}

/** The model of a fixture pipeline, bundled from the fixture module. */
export function fixtureModel(name: FixtureName, catalog: DataCatalog, options: Partial<KedroPipelineModelOptions> = {}): KedroPipelineModel {
  return new KedroPipelineModel({
    pipeline: fixturePipeline(name),
    catalog,
    inputName: 'data',
    code: { module: PIPELINES_MODULE, exportName: 'registerPipelines', pipelineName: name },
    ...options,
  });
}
