import type { AbstractDataset } from './abstract-dataset.js';

/** What the catalog passes as the second constructor argument of a dataset it builds from config. */
export interface DatasetContext {
  /** Catalog name of the dataset being built (for messages and for wrapped datasets). */
  readonly name: string;
  /** Folder against which `./module#Export` types of nested dataset configs resolve. */
  readonly projectPath?: string | undefined;
}

/**
 * A concrete dataset class: constructed with ONE options object whose keys are the catalog.yml keys
 * verbatim (`filepath`, `load_args`, ...). `never` accepts any options type when assigning a class.
 */
export interface DatasetClass<T extends AbstractDataset = AbstractDataset> {
  new (options: never, context?: DatasetContext): T;
  readonly name: string;
  readonly prototype: T;
  /** Data lives only in memory (MemoryDataset, CachedDataset): nothing to resume from. */
  readonly EPHEMERAL: boolean;
  /** Cannot be shared with worker threads/processes. */
  readonly SINGLE_PROCESS: boolean;
  /** When declared, the catalog rejects config keys outside this list (catches `filpath:` typos). */
  readonly OPTION_KEYS?: readonly string[] | undefined;
}

/** How a class constructor is actually called by the catalog. */
export type DatasetConstructor = new (options: Record<string, unknown>, context?: DatasetContext) => AbstractDataset;
