export { DatasetFileError } from './errors/dataset-file-error.js';
export type { DatasetFileErrorKind } from './errors/dataset-file-error.js';
export { DatasetOptionError } from './errors/dataset-option-error.js';

export { AbstractFileDataset } from './file/file-dataset.js';
export type { FileDatasetOptions, FileDatasetArgs } from './file/file-dataset.js';
export { isLocalPathDataset } from './file/local-path-dataset.js';
export type { LocalPathDataset } from './file/local-path-dataset.js';
export type { ArgCheck, ArgsSpec } from './file/dataset-args.js';

export { TextDataset } from './text/text-dataset.js';
export type { TextDatasetOptions, TextArgs } from './text/text-dataset.js';
export { JSONDataset } from './json/json-dataset.js';
export type { JSONDatasetOptions, JSONLoadArgs, JSONSaveArgs } from './json/json-dataset.js';
export { YAMLDataset } from './yaml/yaml-dataset.js';
export type { YAMLDatasetOptions, YAMLLoadArgs, YAMLSaveArgs } from './yaml/yaml-dataset.js';
export { ObjectDataset } from './object/object-dataset.js';
export type { ObjectDatasetOptions } from './object/object-dataset.js';
export { CSVDataset } from './tabular/csv-dataset.js';
export type { CSVDatasetOptions, CSVLoadArgs, CSVSaveArgs } from './tabular/csv-dataset.js';
export { ParquetDataset } from './tabular/parquet-dataset.js';
export type { ParquetDatasetOptions, ParquetLoadArgs, ParquetSaveArgs } from './tabular/parquet-dataset.js';
export { isColumnTable } from './tabular/table-columns.js';
export { PartitionedDataset } from './partitions/partitioned-dataset.js';
export type { PartitionedDatasetOptions, Partitions, PartitionData } from './partitions/partitioned-dataset.js';

export { datasetTypes, registerDatasetTypes } from './dataset-types.js';
export { localDatasetTypes, registerLocalDatasetTypes } from './local-dataset-types.js';
export type { LocalDatasetTypesOptions } from './local-dataset-types.js';
/** kedro-datasets' `pickle.PickleDataset` is ObjectDataset here; this name lets catalogs find it. */
export { ObjectDataset as PickleDataset } from './object/object-dataset.js';

export * from './models/index.js';
export * from './mlflow/index.js';
