/** Options and shapes of the DataCatalog API (kept apart so data-catalog.ts stays about behaviour). */
import type { CatalogConfigResolver, DatasetConfig } from './catalog-config-resolver.js';
import type { DatasetClass } from './dataset-class.js';
import type { Version } from './version.js';

export interface DataCatalogOptions {
  /** Ready-made datasets; they win over config entries of the same name. Raw values become MemoryDatasets. */
  datasets?: Record<string, unknown> | undefined;
  configResolver?: CatalogConfigResolver | undefined;
  /** Pinned load versions per dataset name (`--load-versions`). */
  loadVersions?: Record<string, string> | undefined;
  /** The save version shared by every versioned dataset of the catalog. */
  saveVersion?: string | undefined;
  /** Folder that `./module#Export` dataset types resolve from (default: the working directory). */
  projectPath?: string | undefined;
}

export interface FromConfigOptions {
  credentials?: Record<string, unknown> | null | undefined;
  loadVersions?: Record<string, string> | undefined;
  /** Defaults to a fresh timestamp. */
  saveVersion?: string | undefined;
  projectPath?: string | undefined;
}

export interface GetOptions {
  /** Build a runtime default dataset (MemoryDataset) for names the catalog does not know. */
  fallbackToRuntimePattern?: boolean | undefined;
  /** Return a copy of a versioned dataset that reads/writes this version. */
  version?: Version | undefined;
}

export interface FilterOptions {
  nameRegex?: string | RegExp | undefined;
  typeRegex?: string | RegExp | undefined;
  byType?: DatasetClass | readonly DatasetClass[] | undefined;
}

/** Where a dataset's config came from: decides what `toConfig()` writes back. */
export type ConfigSource = 'config' | 'pattern' | 'runtime';

export interface ConfiguredDataset {
  /** Credentials resolved: what the dataset is built with. */
  config: DatasetConfig;
  /** As written in the catalog (credentials as references): safe to print or dump. */
  rawConfig: DatasetConfig;
  source: ConfigSource;
}
