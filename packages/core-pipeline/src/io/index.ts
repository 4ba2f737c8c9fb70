export { DatasetError } from '../errors/dataset-error.js';
export { DatasetNotFoundError } from '../errors/dataset-not-found-error.js';
export { DatasetAlreadyExistsError } from '../errors/dataset-already-exists-error.js';
export { VersionNotFoundError } from '../errors/version-not-found-error.js';
export { VersionAlreadyExistsError } from '../errors/version-already-exists-error.js';

export { AbstractDataset } from './abstract-dataset.js';
export { AbstractVersionedDataset, isVersionedDataset } from './abstract-versioned-dataset.js';
export type { VersionedDatasetOptions } from './abstract-versioned-dataset.js';
export { isDataset, isDatasetClass } from './dataset-marker.js';
export type { DatasetClass, DatasetContext } from './dataset-class.js';
export { MemoryDataset, isMemoryDataset } from './memory-dataset.js';
export type { MemoryDatasetOptions } from './memory-dataset.js';
export { COPY_MODES, inferCopyMode } from './copy-mode.js';
export type { CopyMode } from './copy-mode.js';
export { CachedDataset } from './cached-dataset.js';
export type { CachedDatasetOptions } from './cached-dataset.js';

export { generateTimestamp, parseTimestamp, isSafeVersion, validateVersionString, VERSION_FORMAT } from './version.js';
export type { Version } from './version.js';

export {
  registerDatasetType,
  unregisterDatasetType,
  getRegisteredDatasetType,
  registeredDatasetTypes,
  registerDatasetTypeSource,
  loadDatasetTypeSources,
} from './dataset-type-registry.js';
export type { DatasetTypeSource } from './dataset-type-registry.js';
export { resolveDatasetType, resolveDatasetTypeSync, knownDatasetTypes, datasetTypeName, DATASETS_PACKAGE } from './dataset-type-resolver.js';
export type { DatasetTypeOptions } from './dataset-type-resolver.js';
export { datasetFromConfig } from './create-dataset.js';
export type { DatasetFromConfigOptions } from './create-dataset.js';

export { CatalogConfigResolver } from './catalog-config-resolver.js';
export type { CatalogConfigResolverOptions, DatasetConfig } from './catalog-config-resolver.js';
export { isPattern, matchPattern, patternSpecificity, rankPatterns } from './pattern.js';

export { DataCatalog } from './data-catalog.js';
export type { DataCatalogOptions, FromConfigOptions, GetOptions, FilterOptions, ConfigSource, ConfiguredDataset } from './data-catalog-options.js';
export type { PipelineLike, DatasetsDescription, CatalogConfigDump } from './catalog-commands.js';

export { isParameter, parameterEntries } from './parameters.js';
