/**
 * Automatic metric keys (kedro-mlflow's `after_catalog_created`, §2.3), called by MlflowHook.
 *
 * Every dataset the catalog builds gets its entry's name (factory patterns included, whenever
 * they are first used), and the metric datasets default their `key` / `prefix` to it. This visits
 * the catalog's MLflow entries once it exists: it builds them now, so that a broken one (an
 * artifact dataset over a MemoryDataset) fails before the pipeline starts, and gives datasets
 * added in code without a name (`catalog.set('m', new MlflowMetricDataset())`) the name they are
 * stored under. Datasets are updated in place, so `metadata` and every option are kept (§9.2 item 6).
 */
import type { DataCatalog } from '@kedro-mlflow/core-pipeline';

/** Type names of this package's MLflow datasets, kedro-mlflow's spellings included (by name: any copy of the package works). */
const MLFLOW_DATASET = /(^|\.)Mlflow(Artifact|Metric|MetricHistory|MetricsHistory)Dataset$/;

interface Nameable {
  useCatalogName(name: string): void;
}

function isNameable(value: unknown): value is Nameable {
  return typeof (value as Partial<Nameable> | null)?.useCatalogName === 'function';
}

/** Builds the catalog's MLflow artifact and metric entries and gives each its entry's name. Returns the names visited. */
export function nameMlflowDatasets(catalog: DataCatalog): string[] {
  const names = catalog.filter({ typeRegex: MLFLOW_DATASET });
  for (const name of names) {
    const dataset = catalog.getDataset(name);
    if (isNameable(dataset)) dataset.useCatalogName(name);
  }
  return names;
}
