/**
 * Catalog introspection behind `kedro-mlflow catalog ...` and `catalog.toConfig()`: what each
 * pipeline uses, how factory patterns resolve, and a config dump that `fromConfig` can rebuild.
 * Kept apart from data-catalog.ts; the catalog hands over its internal state.
 */
import { byCodePoint } from '../utils/py-repr.js';
import type { AbstractDataset } from './abstract-dataset.js';
import { cloneConfig, type CatalogConfigResolver, type DatasetConfig } from './catalog-config-resolver.js';
import type { ConfiguredDataset } from './data-catalog-options.js';
import { datasetTypeName } from './dataset-type-resolver.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import { isMemoryDataset } from './memory-dataset.js';
import { isParameter } from './parameters.js';

/** Anything with kedro's `pipeline.datasets()` (a Pipeline, or a stand-in in tests). */
export interface PipelineLike {
  datasets(): Iterable<string>;
}

export interface DatasetsDescription {
  /** Explicit catalog entries (and datasets added in code), by type. */
  datasets: Record<string, string[]>;
  /** Names built from a dataset factory pattern, by type. */
  factories: Record<string, string[]>;
  /** Names that only the runtime default pattern covers (`{MemoryDataset: [...]}`). */
  defaults: Record<string, string[]>;
}

export interface CatalogConfigDump {
  catalog: Record<string, DatasetConfig>;
  credentials: Record<string, unknown>;
  loadVersions: Record<string, string>;
  saveVersion: string | undefined;
}

export interface CatalogState {
  keys: string[];
  resolver: CatalogConfigResolver;
  projectPath: string | undefined;
  lazy: ReadonlyMap<string, ConfiguredDataset>;
  configured: ReadonlyMap<string, ConfiguredDataset>;
  datasets: ReadonlyMap<string, AbstractDataset>;
  loadVersions: Readonly<Record<string, string>>;
  saveVersion: string | undefined;
}

function push(groups: Record<string, string[]>, type: string, name: string): void {
  (groups[type] ??= []).push(name);
}

function usedNames(pipeline: PipelineLike): string[] {
  return [...new Set(pipeline.datasets())].filter((n) => !isParameter(n)).sort(byCodePoint);
}

function matchesFactory(resolver: CatalogConfigResolver, name: string): boolean {
  return resolver.matchDatasetPattern(name) !== undefined || resolver.matchUserCatchAllPattern(name) !== undefined;
}

export function describeDatasets(
  state: CatalogState,
  pipelines: Record<string, PipelineLike>,
): Record<string, DatasetsDescription> {
  const { resolver, projectPath } = state;
  const typeOf = (config: DatasetConfig | undefined): string => datasetTypeName(config?.type, { projectPath });
  const result: Record<string, DatasetsDescription> = {};
  for (const [pipelineName, pipeline] of Object.entries(pipelines)) {
    const description: DatasetsDescription = { datasets: {}, factories: {}, defaults: {} };
    for (const name of usedNames(pipeline)) {
      const known = state.lazy.get(name) ?? state.configured.get(name);
      const dataset = state.datasets.get(name);
      if (known?.source === 'config' || (known === undefined && dataset !== undefined)) {
        push(description.datasets, dataset?.constructor.name ?? typeOf(known?.config), name);
      } else if (known?.source === 'pattern' || (known === undefined && matchesFactory(resolver, name))) {
        push(description.factories, dataset?.constructor.name ?? typeOf(resolver.resolvePattern(name, { resolveCredentials: false })), name);
      } else {
        push(description.defaults, dataset?.constructor.name ?? typeOf(resolver.resolvePattern(name, { resolveCredentials: false })), name);
      }
    }
    result[pipelineName] = description;
  }
  return result;
}

export function resolvePatterns(state: CatalogState, pipelines: Record<string, PipelineLike>): Record<string, DatasetConfig> {
  const { resolver } = state;
  const result: Record<string, DatasetConfig> = {};
  for (const name of Object.keys(resolver.config)) result[name] = resolver.getUnresolvedConfig(name) as DatasetConfig;
  const used = new Set<string>();
  for (const pipeline of Object.values(pipelines)) for (const name of usedNames(pipeline)) used.add(name);
  for (const name of [...used].sort(byCodePoint)) {
    if (Object.hasOwn(result, name) || !matchesFactory(resolver, name)) continue;
    result[name] = resolver.resolvePattern(name, { resolveCredentials: false }) as DatasetConfig;
  }
  return result;
}

export function catalogToConfig(state: CatalogState): CatalogConfigDump {
  const dump: CatalogConfigDump = { catalog: {}, credentials: {}, loadVersions: {}, saveVersion: state.saveVersion };
  for (const name of state.keys) {
    if (isParameter(name)) continue;
    const known = state.lazy.get(name) ?? state.configured.get(name);
    const dataset = state.datasets.get(name);
    let entry: DatasetConfig | undefined;
    if (known !== undefined) {
      // Intermediates the runner created from the runtime default are not part of the config.
      if (known.source === 'runtime') continue;
      entry = cloneConfig(known.rawConfig);
      Object.assign(dump.credentials, state.resolver.referencedCredentials(known.rawConfig));
    } else if (dataset !== undefined && !isMemoryDataset(dataset)) {
      entry = dataset.initConfig();
      if (entry !== undefined && isPlainObject(entry.credentials)) {
        const reference = `${name}_credentials`;
        dump.credentials[reference] = entry.credentials;
        entry.credentials = reference;
      }
    }
    if (entry === undefined) continue;
    dump.catalog[name] = entry;
    const loadVersion = state.loadVersions[name];
    if (loadVersion !== undefined) dump.loadVersions[name] = loadVersion;
  }
  return dump;
}
