/**
 * Without registering anything, a catalog finds this package's types when the project has it
 * installed: core-pipeline imports the package from the project folder (needs a built dist).
 */
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { DataCatalog, knownDatasetTypes, registeredDatasetTypes } from '@kedro-mlflow/core-pipeline';
import { tempFolders } from './helpers.js';

const temp = tempFolders();

function projectWithPackage(): string {
  const project = temp();
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'demo', private: true, type: 'module' }));
  mkdirSync(join(project, 'node_modules', '@kedro-mlflow'), { recursive: true });
  symlinkSync(join(__dirname, '..'), join(project, 'node_modules', '@kedro-mlflow', 'datasets'), 'dir');
  return project;
}

describe('type discovery from an installed @kedro-mlflow/datasets', () => {
  it('resolves bare names and kedro-datasets spellings, PickleDataset included', async () => {
    const project = projectWithPackage();
    expect(registeredDatasetTypes()).toEqual(['CachedDataset', 'MemoryDataset']);
    const catalog = await DataCatalog.fromConfig(
      {
        cars: { type: 'kedro_datasets.pandas.CSVDataset', filepath: join(project, 'data/cars.csv') },
        model: { type: 'pickle.PickleDataset', filepath: join(project, 'data/model.bin') },
        parts: { type: 'partitions.PartitionedDataset', path: join(project, 'data/parts'), dataset: { type: 'json.JSONDataset' } },
      },
      { projectPath: project },
    );
    await catalog.save('cars', aq.table({ a: [1, 2] }));
    expect(((await catalog.load('cars')) as aq.ColumnTable).array('a')).toEqual([1, 2]);
    await catalog.save('model', new Set([1]));
    expect(await catalog.load('model')).toEqual(new Set([1]));
    await catalog.save('parts', { x: { ok: true } });
    expect(await ((await catalog.load('parts')) as Record<string, () => Promise<unknown>>).x!()).toEqual({ ok: true });
    expect(catalog.getDataset('model').constructor.name).toBe('ObjectDataset');
    expect(knownDatasetTypes({ projectPath: project })).toEqual(expect.arrayContaining(['CSVDataset', 'PickleDataset', 'PartitionedDataset']));
  });

  it('imports the light entry for file datasets, and the whole package only for an MLflow name', async () => {
    const project = projectWithPackage();
    const local = await DataCatalog.fromConfig({ notes: { type: 'TextDataset', filepath: join(project, 'notes.txt') } }, { projectPath: project });
    expect(local.getDataset('notes').constructor.name).toBe('TextDataset');
    // Only the light table was read: the MLflow datasets are not known yet.
    expect(knownDatasetTypes({ projectPath: project })).toContain('TextDataset');
    expect(knownDatasetTypes({ projectPath: project })).not.toContain('MlflowMetricDataset');
    const tracked = await DataCatalog.fromConfig({ score: { type: 'kedro_mlflow.io.metrics.MlflowMetricDataset' } }, { projectPath: project });
    expect(tracked.getDataset('score').constructor.name).toBe('MlflowMetricDataset');
    expect(knownDatasetTypes({ projectPath: project })).toEqual(expect.arrayContaining(['MlflowMetricDataset', 'TextDataset']));
  });
});
