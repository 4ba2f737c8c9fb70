/**
 * The DataCatalog: dataset names → datasets. Entries from configuration stay lazy (config only) until
 * first used; names matching a factory pattern are built on demand; runners ask for a runtime default
 * (a MemoryDataset) for every intermediate without an entry.
 */
import { DatasetError } from '../errors/dataset-error.js';
import { DatasetNotFoundError } from '../errors/dataset-not-found-error.js';
import { VersionAlreadyExistsError } from '../errors/version-already-exists-error.js';
import { getLogger } from '../logging.js';
import { closeMatches } from '../utils/close-matches.js';
import { pyStr } from '../utils/py-repr.js';
import type { AbstractDataset } from './abstract-dataset.js';
import { errorMessage } from './abstract-dataset.js';
import { isVersionedDataset } from './abstract-versioned-dataset.js';
import {
  catalogToConfig,
  describeDatasets,
  resolvePatterns,
  type CatalogConfigDump,
  type CatalogState,
  type DatasetsDescription,
  type PipelineLike,
} from './catalog-commands.js';
import { CatalogConfigResolver, type DatasetConfig } from './catalog-config-resolver.js';
import { datasetFromConfig, parsingError } from './create-dataset.js';
import { prefixed, toRegExp, typesIn } from './catalog-helpers.js';
import type { DatasetClass } from './dataset-class.js';
import { isDataset } from './dataset-marker.js';
import { datasetTypeName, resolveDatasetType, resolveDatasetTypeSync } from './dataset-type-resolver.js';
import { MemoryDataset } from './memory-dataset.js';
import type {
  ConfigSource,
  ConfiguredDataset,
  DataCatalogOptions,
  FilterOptions,
  FromConfigOptions,
  GetOptions,
} from './data-catalog-options.js';
import { generateTimestamp, validateVersionString } from './version.js';

const log = getLogger('kedro.io.data_catalog');

export class DataCatalog {
  /** Patterns used for names the catalog does not know, when the runner asks for a fallback. */
  static readonly defaultRuntimePatterns: Readonly<Record<string, DatasetConfig>> = {
    '{default}': { type: 'MemoryDataset' },
  };

  readonly #datasets = new Map<string, AbstractDataset>();
  readonly #lazy = new Map<string, ConfiguredDataset>();
  /** Configs of materialised datasets that were built from config (for `toConfig`). */
  readonly #configured = new Map<string, ConfiguredDataset>();
  readonly #resolver: CatalogConfigResolver;
  readonly #projectPath: string | undefined;
  #loadVersions: Record<string, string>;
  #saveVersion: string | undefined;

  constructor(options: DataCatalogOptions = {}) {
    const runtimePatterns = (this.constructor as typeof DataCatalog).defaultRuntimePatterns;
    this.#resolver = options.configResolver ?? new CatalogConfigResolver();
    this.#resolver.addRuntimePatterns(runtimePatterns);
    this.#projectPath = options.projectPath;
    this.#loadVersions = {};
    for (const [name, version] of Object.entries(options.loadVersions ?? {})) {
      this.#loadVersions[name] = validateVersionString(version);
    }
    this.#saveVersion = options.saveVersion === undefined ? undefined : validateVersionString(options.saveVersion);

    const given = options.datasets ?? {};
    for (const [name, config] of Object.entries(this.#resolver.config)) {
      if (Object.hasOwn(given, name)) {
        log.warn(
          "Cannot register dataset '%s' from config: a dataset with the same name was already provided in the `datasets` argument.",
          name,
        );
        this.#resolver.removeConfig(name);
      } else {
        this.#lazy.set(name, { config, rawConfig: this.#resolver.getUnresolvedConfig(name) ?? config, source: 'config' });
      }
    }
    for (const [name, value] of Object.entries(given)) this.set(name, value);
  }

  /**
   * Build a catalog from parsed catalog.yml / credentials.yml. Every dataset type (entries and
   * patterns) is resolved now, so a wrong `type:` fails before any node runs; datasets themselves are
   * built on first use.
   */
  static async fromConfig<C extends typeof DataCatalog>(
    this: C,
    config: Record<string, unknown> | null | undefined,
    options: FromConfigOptions = {},
  ): Promise<InstanceType<C>> {
    const resolver = new CatalogConfigResolver({
      config,
      credentials: options.credentials,
      defaultRuntimePatterns: { ...this.defaultRuntimePatterns },
    });
    const loadVersions = { ...options.loadVersions };
    const explicit = resolver.config;
    const missing = Object.keys(loadVersions).filter(
      (name) => !Object.hasOwn(explicit, name) && resolver.matchDatasetPattern(name) === undefined,
    );
    if (missing.length > 0) {
      throw new DatasetNotFoundError(`'load_versions' keys [${missing.sort().join(', ')}] are not found in the catalog.`);
    }
    const catalog = new this({
      configResolver: resolver,
      loadVersions,
      saveVersion: options.saveVersion ?? generateTimestamp(),
      projectPath: options.projectPath,
    }) as InstanceType<C>;
    await catalog.resolveDatasetTypes();
    return catalog;
  }

  /**
   * Import every dataset type named by lazy entries and patterns (`fromConfig` does it for you).
   * Types containing placeholders (`type: '{kind}Dataset'`) can only be resolved by name.
   */
  async resolveDatasetTypes(): Promise<void> {
    const targets: Array<[string, DatasetConfig]> = [
      ...[...this.#lazy].map(([name, lazy]): [string, DatasetConfig] => [name, lazy.config]),
      ...this.#resolver.patternConfigs(),
    ];
    for (const [name, config] of targets) {
      for (const type of typesIn(config)) {
        if (typeof type === 'string' && type.includes('{')) continue;
        try {
          await resolveDatasetType(type, { projectPath: this.#projectPath });
        } catch (error) {
          throw parsingError(name, errorMessage(error), error);
        }
      }
    }
  }

  get configResolver(): CatalogConfigResolver {
    return this.#resolver;
  }

  get saveVersion(): string | undefined {
    return this.#saveVersion;
  }

  get loadVersions(): Readonly<Record<string, string>> {
    return { ...this.#loadVersions };
  }

  get projectPath(): string | undefined {
    return this.#projectPath;
  }

  /** kedro's `name in catalog`: explicit, lazy, pattern match or user catch-all (not the runtime default). */
  has(name: string): boolean {
    return (
      this.#datasets.has(name) ||
      this.#lazy.has(name) ||
      this.#resolver.matchDatasetPattern(name) !== undefined ||
      this.#resolver.matchUserCatchAllPattern(name) !== undefined
    );
  }

  /** The dataset (built now if lazy or from a pattern), or undefined when the catalog has no such name. */
  get(name: string, options: GetOptions = {}): AbstractDataset | undefined {
    // Hot path (every load and save of a run): an already built dataset, no version asked.
    const built = this.#datasets.get(name);
    if (built !== undefined && options.version === undefined) return built;
    if (!this.has(name) && options.fallbackToRuntimePattern !== true) return undefined;
    if (!this.#datasets.has(name) && !this.#lazy.has(name)) {
      const rawConfig = this.#resolver.resolvePattern(name, { resolveCredentials: false });
      if (rawConfig === undefined) return undefined;
      const fromFactory =
        this.#resolver.matchDatasetPattern(name) !== undefined || this.#resolver.matchUserCatchAllPattern(name) !== undefined;
      const source: ConfigSource = fromFactory ? 'pattern' : 'runtime';
      this.#lazy.set(name, { config: this.#resolver.resolveCredentials(name, rawConfig), rawConfig, source });
    }
    const lazy = this.#lazy.get(name);
    if (lazy !== undefined) {
      const dataset = datasetFromConfig(name, lazy.config, {
        loadVersion: this.#loadVersions[name],
        saveVersion: this.#saveVersion,
        projectPath: this.#projectPath,
      });
      this.#lazy.delete(name);
      this.#datasets.set(name, dataset);
      this.#configured.set(name, lazy);
    }
    const dataset = this.#datasets.get(name) as AbstractDataset;
    return options.version !== undefined && isVersionedDataset(dataset) ? dataset.withVersion(options.version) : dataset;
  }

  /** kedro's `catalog[name]`: like `get`, but an unknown name throws `DatasetNotFoundError`. */
  getDataset(name: string): AbstractDataset {
    const dataset = this.get(name);
    if (dataset === undefined) throw this.#notFound(name);
    return dataset;
  }

  /**
   * kedro's `catalog[name] = value`. A dataset is stored as is (its versions must agree with the
   * catalog's); anything else is wrapped in a MemoryDataset. Replacing a name logs a warning.
   */
  set(name: string, value: unknown): void {
    const dataset = isDataset(value) ? value : new MemoryDataset({ data: value });
    this.#checkVersions(name, dataset);
    if (this.#datasets.has(name) || this.#lazy.has(name)) {
      log.warn("Replacing dataset '%s'", name);
      this.#lazy.delete(name);
      this.#resolver.removeConfig(name);
      delete this.#loadVersions[name];
    }
    this.#configured.delete(name);
    const version = isVersionedDataset(dataset) ? dataset.version : undefined;
    if (version?.load) this.#loadVersions[name] = version.load;
    if (version?.save) this.#saveVersion ??= version.save;
    this.#datasets.set(name, dataset);
  }

  /** Lazy names (config order), then built datasets (in the order they were added or built). */
  keys(): string[] {
    return [...this.#lazy.keys(), ...this.#datasets.keys()];
  }

  /** Every dataset, building the lazy ones. */
  values(): AbstractDataset[] {
    return this.keys().map((name) => this.getDataset(name));
  }

  entries(): Array<[string, AbstractDataset]> {
    return this.keys().map((name) => [name, this.getDataset(name)]);
  }

  [Symbol.iterator](): IterableIterator<string> {
    return this.keys()[Symbol.iterator]();
  }

  get size(): number {
    return this.#lazy.size + this.#datasets.size;
  }

  listDatasets(): string[] {
    return this.keys();
  }

  listPatterns(): string[] {
    return this.#resolver.listPatterns();
  }

  async load<T = unknown>(name: string, options: { version?: string | undefined } = {}): Promise<T> {
    const dataset = this.get(name, { version: options.version === undefined ? undefined : { load: options.version } });
    if (dataset === undefined) throw this.#notFound(name);
    if (options.version !== undefined && !isVersionedDataset(dataset)) {
      throw new DatasetError(
        `${name}: cannot load version '${options.version}': '${dataset.constructor.name}' is not a versioned dataset. ` +
          "Use a dataset that extends AbstractVersionedDataset with 'versioned: true', or load without a version.",
      );
    }
    log.info('Loading data from %s (%s)...', name, dataset.constructor.name);
    try {
      return (await dataset.load()) as T;
    } catch (error) {
      throw prefixed(name, error);
    }
  }

  /** Saves through the dataset; names without an entry or pattern throw (no runtime fallback). */
  async save(name: string, data: unknown): Promise<void> {
    const dataset = this.getDataset(name);
    log.info('Saving data to %s (%s)...', name, dataset.constructor.name);
    try {
      await dataset.save(data);
    } catch (error) {
      throw prefixed(name, error);
    }
  }

  /** False for unknown names. */
  async exists(name: string): Promise<boolean> {
    const dataset = this.get(name);
    return dataset === undefined ? false : dataset.exists();
  }

  async release(name: string): Promise<void> {
    await this.getDataset(name).release();
  }

  async confirm(name: string): Promise<void> {
    log.info("Confirming dataset '%s'", name);
    const dataset = this.getDataset(name) as AbstractDataset & { confirm?: unknown };
    if (typeof dataset.confirm !== 'function') throw new DatasetError(`Dataset '${name}' does not have 'confirm' method`);
    await (dataset.confirm as () => unknown).call(dataset);
  }

  /** Names (in `keys()` order) matching all the given criteria; lazy entries are not built. */
  filter(options: FilterOptions = {}): string[] {
    const nameRe = toRegExp(options.nameRegex, 'nameRegex');
    const typeRe = toRegExp(options.typeRegex, 'typeRegex');
    const byType = options.byType;
    const types = byType === undefined ? undefined : Array.isArray(byType) ? byType : [byType as DatasetClass];
    return this.keys().filter((name) => {
      if (nameRe !== undefined && !nameRe.test(name)) return false;
      if (typeRe !== undefined && !typeRe.test(this.getType(name) ?? '')) return false;
      if (types !== undefined) {
        const cls = this.#classOf(name);
        if (cls === undefined || !types.includes(cls)) return false;
      }
      return true;
    });
  }

  /** Class name of the dataset `name` would be, without building it; undefined when not in the catalog. */
  getType(name: string): string | undefined {
    if (!this.has(name)) return undefined;
    const dataset = this.#datasets.get(name);
    if (dataset !== undefined) return dataset.constructor.name;
    const config = this.#lazy.get(name)?.config ?? this.#resolver.resolvePattern(name, { resolveCredentials: false });
    return config === undefined ? undefined : datasetTypeName(config.type, { projectPath: this.#projectPath });
  }

  /** Per pipeline: the datasets it uses grouped as explicit, factory-built and runtime defaults, by type. */
  describeDatasets(pipelines: Record<string, PipelineLike>): Record<string, DatasetsDescription> {
    return describeDatasets(this.#state(), pipelines);
  }

  /** Name → config as written (credentials as references) for explicit entries and pattern-built datasets the pipelines use. */
  resolvePatterns(pipelines: Record<string, PipelineLike>): Record<string, DatasetConfig> {
    return resolvePatterns(this.#state(), pipelines);
  }

  /** Everything needed to rebuild the catalog with `fromConfig` (memory datasets and parameters left out). */
  toConfig(): CatalogConfigDump {
    return catalogToConfig(this.#state());
  }

  toString(): string {
    const lines = this.keys().map((name) => {
      const dataset = this.#datasets.get(name);
      return `${pyStr(name)}: ${dataset !== undefined ? dataset.toString() : `<lazy ${this.getType(name) ?? '?'}>`}`;
    });
    return lines.join('\n');
  }

  #state(): CatalogState {
    return {
      keys: this.keys(),
      resolver: this.#resolver,
      projectPath: this.#projectPath,
      lazy: this.#lazy,
      configured: this.#configured,
      datasets: this.#datasets,
      loadVersions: this.#loadVersions,
      saveVersion: this.#saveVersion,
    };
  }

  #classOf(name: string): DatasetClass | undefined {
    const dataset = this.#datasets.get(name);
    if (dataset !== undefined) return dataset.constructor as DatasetClass;
    try {
      return resolveDatasetTypeSync(this.#lazy.get(name)?.config.type, { projectPath: this.#projectPath });
    } catch {
      return undefined;
    }
  }

  #checkVersions(name: string, dataset: AbstractDataset): void {
    const save = isVersionedDataset(dataset) ? dataset.version?.save : undefined;
    const current = this.#saveVersion ?? save;
    if (save && current !== save) {
      throw new VersionAlreadyExistsError(
        `Cannot add a dataset '${name}' with '${save}' save version. Save version set for the catalog is '${current}'. ` +
          'All datasets in the catalog must have the same save version.',
      );
    }
  }

  #notFound(name: string): DatasetNotFoundError {
    const matches = closeMatches(name, this.keys());
    const hint = matches.length > 0 ? ` - did you mean one of these instead: ${matches.join(', ')}` : '';
    return new DatasetNotFoundError(`Dataset '${name}' not found in the catalog${hint}`);
  }
}
