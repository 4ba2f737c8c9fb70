/**
 * The single-file dataset classes by catalog name: their own names plus the spellings of
 * kedro-datasets (`pandas.CSVDataset`, `pickle.PickleDataset`, `kedro_datasets.json.JSONDataset`),
 * so that a Python project's catalog.yml works unchanged where the dataset exists here.
 */
import type { DatasetClass } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '../json/json-dataset.js';
import { ObjectDataset } from '../object/object-dataset.js';
import { CSVDataset } from '../tabular/csv-dataset.js';
import { ParquetDataset } from '../tabular/parquet-dataset.js';
import { TextDataset } from '../text/text-dataset.js';
import { YAMLDataset } from '../yaml/yaml-dataset.js';

/** `[kedro-datasets module, its class name, our class]`. */
export const FILE_DATASETS: ReadonlyArray<readonly [string, string, DatasetClass]> = [
  ['pandas', 'CSVDataset', CSVDataset],
  ['pandas', 'ParquetDataset', ParquetDataset],
  ['json', 'JSONDataset', JSONDataset],
  ['yaml', 'YAMLDataset', YAMLDataset],
  ['text', 'TextDataset', TextDataset],
  ['pickle', 'PickleDataset', ObjectDataset],
];

/** Every name a catalog may use for `classes`, given as `[module, kedro name, class]` rows. */
export function catalogNames(rows: ReadonlyArray<readonly [string, string, DatasetClass]>): Record<string, DatasetClass> {
  const names: Record<string, DatasetClass> = {};
  for (const [module, kedroName, cls] of rows) {
    names[cls.name] = cls;
    names[kedroName] = cls;
    names[`${module}.${kedroName}`] = cls;
    names[`kedro_datasets.${module}.${kedroName}`] = cls;
  }
  return names;
}

export const fileDatasetTypes: Readonly<Record<string, DatasetClass>> = catalogNames(FILE_DATASETS);
