/**
 * Holds the catalog configuration: explicit entries (credentials resolved eagerly) and dataset
 * factory patterns, ranked. It answers "which config describes dataset X?" without building anything
 * (kedro's `CatalogConfigResolver`).
 */
import { DatasetError } from '../errors/dataset-error.js';
import { getLogger } from '../logging.js';
import { pySet } from '../utils/py-repr.js';
import { checkDatasetConfig } from './create-dataset.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import { typeName } from './describe-value.js';
import {
  configPlaceholders,
  formatConfig,
  isPattern,
  matchPattern,
  patternSpecificity,
  placeholderNames,
  rankPatterns,
} from './pattern.js';

const log = getLogger('kedro.io.catalog_config_resolver');

/** One catalog entry: `{type, ...constructor options}`. */
export type DatasetConfig = Record<string, unknown>;

export interface CatalogConfigResolverOptions {
  /** Parsed catalog.yml: dataset name or pattern → entry. Keys starting with `_` are ignored. */
  config?: Record<string, unknown> | null | undefined;
  /** Parsed credentials.yml: name → credentials object. */
  credentials?: Record<string, unknown> | null | undefined;
  /** Patterns used only when asked to fall back (the runner's intermediates): `{'{default}': {type: 'MemoryDataset'}}`. */
  defaultRuntimePatterns?: Record<string, DatasetConfig> | undefined;
}

/** Deep copy of plain objects and arrays; classes, functions and other instances are shared. */
export function cloneConfig<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneConfig(v)) as T;
  if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, cloneConfig(v)])) as T;
  return value;
}

function missingCredentialsError(reference: string, name: string): DatasetError {
  return new DatasetError(
    `Unable to find credentials '${reference}': check your data catalog and credentials configuration. ` +
      `Dataset '${name}' refers to it with 'credentials: ${reference}': add a '${reference}' entry to ` +
      'credentials.yml (e.g. conf/local/credentials.yml) or fix the reference.',
  );
}

/** Every string value of a `credentials` key, at any depth. */
function credentialReferences(value: unknown, into: string[] = []): string[] {
  if (Array.isArray(value)) {
    for (const v of value) credentialReferences(v, into);
  } else if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'credentials' && typeof v === 'string') into.push(v);
      else credentialReferences(v, into);
    }
  }
  return into;
}

export class CatalogConfigResolver {
  readonly #raw = new Map<string, DatasetConfig>();
  readonly #resolved = new Map<string, DatasetConfig>();
  readonly #datasetPatterns = new Map<string, DatasetConfig>();
  #userCatchAll: { pattern: string; config: DatasetConfig } | undefined;
  readonly #runtimePatterns = new Map<string, DatasetConfig>();
  readonly #credentials: Record<string, unknown>;

  constructor(options: CatalogConfigResolverOptions = {}) {
    const config = options.config ?? {};
    if (!isPlainObject(config)) {
      throw new DatasetError(`The catalog configuration must be an object of dataset entries, got '${typeName(config)}'.`);
    }
    const credentials = options.credentials ?? {};
    if (!isPlainObject(credentials)) {
      throw new DatasetError(`The credentials must be an object of named credentials, got '${typeName(credentials)}'.`);
    }
    this.#credentials = credentials;

    const patterns = new Map<string, DatasetConfig>();
    for (const [name, entry] of Object.entries(config)) {
      // Interpolation templates (`_csv: {...}`); the config loader normally drops them already.
      if (name.startsWith('_')) continue;
      checkDatasetConfig(name, entry);
      if (isPattern(name)) {
        CatalogConfigResolver.validatePatternConfig(name, entry);
        // Fail now on missing credentials; references built from placeholders wait for a name.
        this.#substituteCredentials(name, entry, true);
        patterns.set(name, cloneConfig(entry));
      } else {
        const raw = cloneConfig(entry);
        this.#raw.set(name, raw);
        this.#resolved.set(name, this.resolveCredentials(name, raw));
      }
    }

    const catchAlls = [...patterns.keys()].filter((p) => patternSpecificity(p) === 0);
    if (catchAlls.length > 1) {
      throw new DatasetError(
        `Multiple catch-all patterns found in the catalog: ${catchAlls.join(', ')}. ` +
          'Only one catch-all pattern is allowed, remove the extras.',
      );
    }
    const catchAll = catchAlls[0];
    if (catchAll !== undefined) this.#userCatchAll = { pattern: catchAll, config: patterns.get(catchAll) as DatasetConfig };
    for (const pattern of rankPatterns(patterns.keys())) {
      if (pattern !== catchAll) this.#datasetPatterns.set(pattern, patterns.get(pattern) as DatasetConfig);
    }
    this.addRuntimePatterns(options.defaultRuntimePatterns ?? {});
  }

  static isPattern(name: string): boolean {
    return isPattern(name);
  }

  /** Every `{placeholder}` used in the pattern's config must appear in the pattern itself. */
  static validatePatternConfig(pattern: string, config: DatasetConfig): void {
    const inName = new Set(placeholderNames(pattern).filter((n) => n !== '').map((n) => `{${n}}`));
    const unknown = [...configPlaceholders(config)].filter((p) => !inName.has(p));
    if (unknown.length > 0) {
      throw new DatasetError(
        `Incorrect dataset configuration provided. Keys used in the configuration ${pySet(unknown)} ` +
          `should be present in the dataset pattern name ${pattern}.`,
      );
    }
  }

  /** Explicit (non-pattern) entries with credentials resolved. */
  get config(): Readonly<Record<string, DatasetConfig>> {
    return Object.fromEntries(this.#resolved);
  }

  /** An explicit entry as written (credentials still as references), or undefined. */
  getUnresolvedConfig(name: string): DatasetConfig | undefined {
    const raw = this.#raw.get(name);
    return raw === undefined ? undefined : cloneConfig(raw);
  }

  /** Forget an explicit entry (the catalog does this when a dataset object replaces it). */
  removeConfig(name: string): void {
    this.#raw.delete(name);
    this.#resolved.delete(name);
  }

  /** Ranked dataset patterns, then the user catch-all, then runtime patterns not already listed. */
  listPatterns(): string[] {
    const listed = [...this.#datasetPatterns.keys()];
    if (this.#userCatchAll !== undefined) listed.push(this.#userCatchAll.pattern);
    for (const pattern of this.#runtimePatterns.keys()) if (!listed.includes(pattern)) listed.push(pattern);
    return listed;
  }

  /** Pattern → config (as written), in `listPatterns()` order. */
  patternConfigs(): Array<[string, DatasetConfig]> {
    return this.listPatterns().map((p) => [p, cloneConfig(this.#patternConfig(p) as DatasetConfig)]);
  }

  addRuntimePatterns(patterns: Record<string, DatasetConfig>): void {
    for (const [pattern, config] of Object.entries(patterns)) {
      if (!this.#runtimePatterns.has(pattern)) this.#runtimePatterns.set(pattern, cloneConfig(config));
    }
  }

  matchDatasetPattern(name: string): string | undefined {
    for (const pattern of this.#datasetPatterns.keys()) if (matchPattern(pattern, name)) return pattern;
    return undefined;
  }

  matchUserCatchAllPattern(name: string): string | undefined {
    const pattern = this.#userCatchAll?.pattern;
    return pattern !== undefined && matchPattern(pattern, name) ? pattern : undefined;
  }

  matchRuntimePattern(name: string): string | undefined {
    for (const pattern of this.#runtimePatterns.keys()) if (matchPattern(pattern, name)) return pattern;
    return undefined;
  }

  /** The first pattern matching `name`: dataset patterns, then the user catch-all, then runtime ones. */
  matchPattern(name: string): string | undefined {
    return this.matchDatasetPattern(name) ?? this.matchUserCatchAllPattern(name) ?? this.matchRuntimePattern(name);
  }

  /**
   * The config for `name`: its explicit entry, else the best matching pattern with placeholders
   * filled in, else undefined. With `resolveCredentials: false` credentials stay references (safe to
   * print).
   */
  resolvePattern(name: string, options: { resolveCredentials?: boolean } = {}): DatasetConfig | undefined {
    const withCredentials = options.resolveCredentials !== false;
    if (this.#resolved.has(name)) {
      return cloneConfig((withCredentials ? this.#resolved.get(name) : this.#raw.get(name)) as DatasetConfig);
    }
    const pattern = this.matchPattern(name);
    if (pattern === undefined) return undefined;
    if (pattern === this.#userCatchAll?.pattern) {
      log.warn(
        "Config from the dataset pattern '%s' in the catalog will be used to override the default dataset creation for '%s'",
        pattern,
        name,
      );
    }
    const formatted = formatConfig(cloneConfig(this.#patternConfig(pattern) as DatasetConfig), matchPattern(pattern, name) ?? {});
    return withCredentials ? this.resolveCredentials(name, formatted) : formatted;
  }

  /** The credentials an entry refers to (`{reference: credentials}`), for `catalog.toConfig()`. */
  referencedCredentials(config: DatasetConfig): Record<string, unknown> {
    const found: Record<string, unknown> = {};
    for (const ref of credentialReferences(config)) {
      if (ref in this.#credentials) found[ref] = cloneConfig(this.#credentials[ref]);
    }
    return found;
  }

  #patternConfig(pattern: string): DatasetConfig | undefined {
    if (this.#userCatchAll?.pattern === pattern) return this.#userCatchAll.config;
    return this.#datasetPatterns.get(pattern) ?? this.#runtimePatterns.get(pattern);
  }

  /** A copy of `config` with every `credentials: <name>` (any depth) replaced by the named credentials. */
  resolveCredentials(name: string, config: DatasetConfig): DatasetConfig {
    return this.#substituteCredentials(name, config, false);
  }

  #substituteCredentials(name: string, value: DatasetConfig, skipPlaceholders: boolean): DatasetConfig {
    const walk = (v: unknown): unknown => {
      if (Array.isArray(v)) return v.map(walk);
      if (!isPlainObject(v)) return v;
      const out: Record<string, unknown> = {};
      for (const [k, child] of Object.entries(v)) {
        if (k === 'credentials' && typeof child === 'string') {
          if (skipPlaceholders && child.includes('{')) out[k] = child;
          else if (Object.hasOwn(this.#credentials, child)) out[k] = cloneConfig(this.#credentials[child]);
          else throw missingCredentialsError(child, name);
        } else {
          out[k] = walk(child);
        }
      }
      return out;
    };
    return walk(value) as DatasetConfig;
  }
}
