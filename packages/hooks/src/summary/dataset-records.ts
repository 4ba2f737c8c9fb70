/**
 * The datasets a pipeline run loaded and saved, with the kedro version each load read and each save
 * wrote (a versioned dataset's save version is the session's, unless pinned; unversioned datasets
 * have none). Read from the catalog right after the load or save, when the dataset has resolved it.
 */
import { isVersionedDataset, type DataCatalog } from '@kedro-mlflow/core-pipeline';

export interface DatasetRecord {
  name: string;
  /** The dataset's class, as the catalog names it. */
  type: string | undefined;
  loads: number;
  saves: number;
  loadVersion: string | undefined;
  saveVersion: string | undefined;
}

export class DatasetRecords {
  readonly #records = new Map<string, DatasetRecord>();
  readonly #catalog: DataCatalog;

  constructor(catalog: DataCatalog) {
    this.#catalog = catalog;
  }

  async loaded(name: string): Promise<void> {
    const record = this.#record(name);
    record.loads += 1;
    const dataset = this.#catalog.get(name);
    if (dataset !== undefined && isVersionedDataset(dataset)) {
      // Cached by the dataset since the load: no second look at the disk.
      record.loadVersion = await dataset.resolveLoadVersion().catch(() => record.loadVersion);
    }
  }

  saved(name: string): void {
    const record = this.#record(name);
    record.saves += 1;
    const dataset = this.#catalog.get(name);
    if (dataset !== undefined && isVersionedDataset(dataset)) record.saveVersion = dataset.resolveSaveVersion();
  }

  /** Every dataset loaded or saved, by name. */
  list(): DatasetRecord[] {
    return [...this.#records.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  #record(name: string): DatasetRecord {
    let record = this.#records.get(name);
    if (record === undefined) {
      record = { name, type: safeType(this.#catalog, name), loads: 0, saves: 0, loadVersion: undefined, saveVersion: undefined };
      this.#records.set(name, record);
    }
    return record;
  }
}

function safeType(catalog: DataCatalog, name: string): string | undefined {
  try {
    return catalog.getType(name);
  } catch {
    return undefined;
  }
}
