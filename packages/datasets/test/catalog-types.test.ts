/** catalog.yml entries written for Python kedro work here once the package's types are registered. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { parse } from 'yaml';
import { DataCatalog, DatasetError, getRegisteredDatasetType, knownDatasetTypes } from '@kedro-mlflow/core-pipeline';
import { ObjectDataset, datasetTypes, registerDatasetTypes } from '../src/index.js';
import { filesIn, rejection, tempFolders } from './helpers.js';

const temp = tempFolders();

beforeAll(() => registerDatasetTypes());

function catalogYaml(dir: string): Record<string, unknown> {
  return parse(`
cars:
  type: pandas.CSVDataset
  filepath: ${dir}/01_raw/cars.csv
  load_args: {sep: ","}
  save_args: {index: false}
cars_short:
  type: CSVDataset
  filepath: ${dir}/01_raw/cars.csv
features:
  type: kedro_datasets.pandas.ParquetDataset
  filepath: ${dir}/04_feature/features.parquet
  versioned: true
params:
  type: json.JSONDataset
  filepath: ${dir}/08_reporting/params.json
  metadata: {kedro-viz: {layer: reporting}}
conf:
  type: kedro_datasets.yaml.YAMLDataset
  filepath: ${dir}/08_reporting/conf.yml
  credentials: local_creds
notes:
  type: text.TextDataset
  filepath: ${dir}/08_reporting/notes.txt
model:
  type: pickle.PickleDataset
  filepath: ${dir}/06_models/model.pkl
  versioned: true
model_full:
  type: kedro_datasets.pickle.PickleDataset
  filepath: ${dir}/06_models/model2.pkl
reports:
  type: partitions.PartitionedDataset
  path: ${dir}/08_reporting/reports
  dataset: {type: pandas.CSVDataset, save_args: {index: false}}
  filename_suffix: .csv
reports_full:
  type: kedro_datasets.partitions.PartitionedDataset
  path: ${dir}/08_reporting/reports
  dataset: text.TextDataset
  filename_suffix: .csv
`) as Record<string, unknown>;
}

describe('catalog type names', () => {
  it('registers bare names and the kedro-datasets spellings', () => {
    for (const name of ['CSVDataset', 'pandas.CSVDataset', 'kedro_datasets.pandas.CSVDataset', 'PickleDataset', 'pickle.PickleDataset', 'partitions.PartitionedDataset']) {
      expect(getRegisteredDatasetType(name)).toBe(datasetTypes[name]);
    }
    expect(datasetTypes['kedro_datasets.pickle.PickleDataset']).toBe(ObjectDataset);
    expect(knownDatasetTypes()).toEqual(expect.arrayContaining(['ObjectDataset', 'ParquetDataset', 'YAMLDataset', 'text.TextDataset']));
  });

  it('a ported catalog.yml saves and loads through every alias', async () => {
    const dir = temp();
    const catalog = await DataCatalog.fromConfig(catalogYaml(dir), { credentials: { local_creds: { token: 'secret-value' } }, saveVersion: '2024-06-01T00.00.00.000Z' });
    const cars = aq.table({ brand: ['a', 'b'], hp: [100, 250.5] });
    await catalog.save('cars', cars);
    expect(((await catalog.load('cars_short')) as aq.ColumnTable).objects()).toEqual(cars.objects());
    await catalog.save('features', cars);
    expect(filesIn(join(dir, '04_feature'))).toEqual(['features.parquet/2024-06-01T00.00.00.000Z/features.parquet']);
    expect(((await catalog.load('features')) as aq.ColumnTable).objects()).toEqual(cars.objects());
    await catalog.save('params', { lr: 0.1 });
    expect(await catalog.load('params')).toEqual({ lr: 0.1 });
    await catalog.save('conf', { a: [1] });
    expect(await catalog.load('conf')).toEqual({ a: [1] });
    await catalog.save('notes', 'hello');
    expect(await catalog.load('notes')).toBe('hello');
    await catalog.save('model', new Map([['w', new Float64Array([1, 2])]]));
    expect(((await catalog.load('model')) as Map<string, Float64Array>).get('w')?.[1]).toBe(2);
    await catalog.save('model_full', [1n]);
    expect(await catalog.load('model_full')).toEqual([1n]);
    await catalog.save('reports', { '2024/jan': cars });
    const reports = (await catalog.load('reports')) as Record<string, () => Promise<aq.ColumnTable>>;
    expect((await reports['2024/jan']!()).objects()).toEqual(cars.objects());
    const asText = (await catalog.load('reports_full')) as Record<string, () => Promise<string>>;
    expect(await asText['2024/jan']!()).toBe(readFileSync(join(dir, '08_reporting/reports/2024/jan.csv'), 'utf8'));

    const classes = ['cars', 'features', 'params', 'conf', 'notes', 'model', 'model_full', 'reports'].map((n) => catalog.getDataset(n).constructor.name);
    expect(classes).toEqual(['CSVDataset', 'ParquetDataset', 'JSONDataset', 'YAMLDataset', 'TextDataset', 'ObjectDataset', 'ObjectDataset', 'PartitionedDataset']);
    expect(catalog.getDataset('params').metadata).toEqual({ 'kedro-viz': { layer: 'reporting' } });
    expect(catalog.getDataset('conf').toString()).not.toContain('secret-value');
    expect(await catalog.exists('notes')).toBe(true);
  });

  it('errors name the catalog entry: unknown args, typos in options, versioned partitions, bad files', async () => {
    const dir = temp();
    const catalog = await DataCatalog.fromConfig({
      typo_arg: { type: 'pandas.CSVDataset', filepath: `${dir}/a.csv`, load_args: { sepp: ';' } },
      typo_key: { type: 'CSVDataset', filpath: `${dir}/a.csv` },
      versioned_parts: { type: 'PartitionedDataset', path: `${dir}/p`, dataset: 'TextDataset', versioned: true },
      missing: { type: 'CSVDataset', filepath: `${dir}/missing.csv` },
    });
    expect(() => catalog.getDataset('typo_arg')).toThrow(/dataset 'typo_arg'.*\n?.*Unknown key 'sepp' in 'load_args' of dataset 'typo_arg' \(did you mean 'sep'\?\)/s);
    expect(() => catalog.getDataset('typo_key')).toThrow(/Unknown option\(s\) \['filpath'\] for 'CSVDataset' \(did you mean 'filpath' → 'filepath'\?\)/);
    expect(() => catalog.getDataset('versioned_parts')).toThrow("'PartitionedDataset' does not support versioning");
    const error = await rejection(catalog.load('missing'));
    expect(DatasetError.isInstance(error)).toBe(true);
    expect(error.message).toContain(`Cannot load dataset 'missing': file '${dir}/missing.csv' does not exist`);
  });
});
