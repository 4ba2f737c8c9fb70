/**
 * kedro's KedroContext: what a run needs from a project, built from its configuration: parameters,
 * a fresh DataCatalog per call (with parameters as datasets) and the pipeline registry.
 */
import type { ConfigLoader } from '../config/config-loader.js';
import type { ConfigDict } from '../config/merge.js';
import { ConfigError } from '../errors/config-error.js';
import { MissingConfigError } from '../errors/missing-config-error.js';
import type { HookManager } from '../hooks/hook-manager.js';
import type { KedroHookSpecs } from '../hooks/hook-specs.js';
import { DataCatalog } from '../io/data-catalog.js';
import { parameterEntries } from '../io/parameters.js';
import { getLogger } from '../logging.js';
import type { Pipeline } from '../pipeline/pipeline.js';
import { TRANSCODING_SEPARATOR } from '../pipeline/transcoding.js';
import type { ProjectMetadata } from '../project/metadata.js';
import type { ModuleLoader } from '../project/module-loader.js';
import { loadPipelineRegistry } from '../project/pipeline-registry.js';
import type { ProjectSettings } from '../project/settings.js';
import { absolutiseCatalogPaths } from './catalog-paths.js';

const log = getLogger('kedro.framework.context');

export interface KedroContextOptions {
  metadata: ProjectMetadata;
  env: string;
  configLoader: ConfigLoader;
  hookManager: HookManager<KedroHookSpecs>;
  settings?: ProjectSettings;
  moduleLoader?: ModuleLoader | undefined;
  /** The session that made this context (so hooks can keep state per session). */
  sessionId?: string | undefined;
  /** Where the pipelines come from (default: the project's registry, loaded once per context). */
  pipelineRegistry?: (() => Promise<Record<string, Pipeline>>) | undefined;
}

export interface CatalogOptions {
  /** Default: a fresh timestamp. A session passes its id. */
  saveVersion?: string | undefined;
  loadVersions?: Record<string, string> | undefined;
}

export class KedroContext {
  readonly projectPath: string;
  readonly env: string;
  readonly configLoader: ConfigLoader;
  readonly hookManager: HookManager<KedroHookSpecs>;
  readonly metadata: ProjectMetadata;
  /** The id of the session that made this context; undefined for a context built by hand. */
  readonly sessionId: string | undefined;
  readonly #settings: ProjectSettings;
  readonly #moduleLoader: ModuleLoader | undefined;
  readonly #pipelineRegistry: (() => Promise<Record<string, Pipeline>>) | undefined;
  #pipelines: Promise<Record<string, Pipeline>> | undefined;

  constructor(options: KedroContextOptions) {
    this.metadata = options.metadata;
    this.projectPath = options.metadata.projectPath;
    this.env = options.env;
    this.sessionId = options.sessionId;
    this.configLoader = options.configLoader;
    this.hookManager = options.hookManager;
    this.#settings = options.settings ?? {};
    this.#pipelineRegistry = options.pipelineRegistry;
    this.#moduleLoader = options.moduleLoader;
  }

  /** Parameters from the config files with runtime parameters merged in (read at each call). */
  async params(): Promise<Record<string, unknown>> {
    try {
      return await this.configLoader.get('parameters');
    } catch (error) {
      if (!MissingConfigError.isInstance(error)) throw error;
      log.warn('Parameters not found in your Kedro project config.\n%s', error.message);
      return structuredClone(this.configLoader.runtimeParams);
    }
  }

  /**
   * A new catalog: catalog.yml (relative paths made absolute against the project) with credentials,
   * then every parameter as a `params:` dataset; then `afterCatalogCreated`.
   */
  async catalog(options: CatalogOptions = {}): Promise<DataCatalog> {
    const loadVersions = options.loadVersions ?? {};
    const confCatalog = absolutiseCatalogPaths(await this.optionalConfig('catalog'), this.projectPath);
    const confCreds = await this.optionalConfig('credentials', 'Credentials not found in your Kedro project config.');
    const catalogClass = this.#settings.dataCatalogClass ?? DataCatalog;
    const catalog = await catalogClass.fromConfig(confCatalog, {
      credentials: confCreds,
      loadVersions,
      saveVersion: options.saveVersion,
      projectPath: this.projectPath,
    });
    const parameters = parameterEntries(await this.params());
    for (const [name, value] of Object.entries(parameters)) catalog.set(name, value);
    checkTranscodedNames(catalog.keys());
    await this.hookManager.call('afterCatalogCreated', {
      catalog,
      confCatalog,
      confCreds,
      parameters,
      saveVersion: catalog.saveVersion,
      loadVersions,
    });
    return catalog;
  }

  /** The pipeline registry (`registerPipelines()`), loaded once per context. */
  pipelines(): Promise<Record<string, Pipeline>> {
    if (this.#pipelines === undefined) {
      const loading = this.#pipelineRegistry?.() ?? loadPipelineRegistry(this.metadata, this.#moduleLoader);
      // A failed load is not cached: fixing the file and asking again works.
      loading.catch(() => {
        if (this.#pipelines === loading) this.#pipelines = undefined;
      });
      this.#pipelines = loading;
    }
    return this.#pipelines;
  }

  /** A config key whose files may be missing: `{}` then (with a warning when `warning` is given). */
  private async optionalConfig(key: string, warning?: string): Promise<ConfigDict> {
    try {
      return await this.configLoader.get(key);
    } catch (error) {
      if (!MissingConfigError.isInstance(error)) throw error;
      if (warning !== undefined) log.warn('%s\n%s', warning, error.message);
      else log.debug('No %s configuration: %s', key, error.message);
      return {};
    }
  }
}

/** kedro refuses catalog names with more than one `@` (they cannot be split into name and format). */
function checkTranscodedNames(names: Iterable<string>): void {
  for (const name of names) {
    const count = name.split(TRANSCODING_SEPARATOR).length - 1;
    if (count > 1) {
      throw new ConfigError(
        `Expected maximum 1 transcoding separator, found ${count} instead: '${name}'. ` +
          `Rename the catalog entry '${name}': a dataset name may contain one '@' at most (name@format).`,
        { keyPath: name },
      );
    }
  }
}
