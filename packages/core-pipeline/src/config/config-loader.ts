/**
 * Kedro's OmegaConfigLoader: configuration from `conf/<base_env>` overlaid by `conf/<env>`, found by
 * glob patterns per key (catalog, parameters, credentials, globals, and any key a plugin adds such
 * as `mlflow`), with `${…}` interpolation, globals, runtime parameters and custom resolvers.
 */
import { resolve } from 'node:path';
import { ConfigError } from '../errors/config-error.js';
import { MissingConfigError } from '../errors/missing-config-error.js';
import { getLogger } from '../logging.js';
import { joinEnv, loadConfigFiles, type LoadedFile } from './config-files.js';
import { configErrorAt, lookupPath, resolveInterpolations, type KeyFile, type Resolver } from './interpolation.js';
import { checkDuplicateKeys, deepMerge, mergeEnvironments, withoutUnderscoreKeys, type ConfigDict } from './merge.js';

const log = getLogger('kedro.config');

export const DEFAULT_CONFIG_PATTERNS: Readonly<Record<string, readonly string[]>> = {
  catalog: ['catalog*', 'catalog*/**', '**/catalog*'],
  parameters: ['parameters*', 'parameters*/**', '**/parameters*'],
  credentials: ['credentials*', 'credentials*/**', '**/credentials*'],
  globals: ['globals.yml'],
};

export interface ConfigLoaderOptions {
  /** The `conf` folder. */
  confSource: string;
  /** Environment overlaid on the base one; default `defaultRunEnv`. */
  env?: string | undefined;
  /** `--params`: merged over parameters, and readable with `${runtime_params:key}`. */
  runtimeParams?: ConfigDict | undefined;
  /** Glob patterns per key; given keys replace the defaults of those keys only. */
  configPatterns?: Record<string, readonly string[]> | undefined;
  /** Default `base` (use `''` for a single folder without environments). */
  baseEnv?: string | undefined;
  /** Default `local`. */
  defaultRunEnv?: string | undefined;
  /** `${name:arg, …}` resolvers, e.g. `{add: (a, b) => a + b}`. */
  customResolvers?: Record<string, Resolver> | undefined;
  /** Per key: `destructive` (default: env replaces top-level keys) or `soft` (deep merge). */
  mergeStrategy?: Record<string, string> | undefined;
  /** Skip files and folders whose name starts with `.` (default true). */
  ignoreHidden?: boolean | undefined;
}

export class ConfigLoader {
  readonly confSource: string;
  readonly env: string;
  readonly baseEnv: string;
  readonly runtimeParams: ConfigDict;
  readonly configPatterns: Record<string, readonly string[]>;
  private readonly customResolvers: Record<string, Resolver>;
  private readonly mergeStrategy: Record<string, string>;
  private readonly ignoreHidden: boolean;
  private readonly overrides = new Map<string, ConfigDict>();
  private globalsCache: Promise<ConfigDict> | undefined;

  constructor(options: ConfigLoaderOptions) {
    this.confSource = resolve(options.confSource);
    this.baseEnv = options.baseEnv ?? 'base';
    this.env = options.env ?? options.defaultRunEnv ?? 'local';
    this.runtimeParams = options.runtimeParams ?? {};
    this.configPatterns = { ...DEFAULT_CONFIG_PATTERNS, ...(options.configPatterns ?? {}) };
    this.customResolvers = options.customResolvers ?? {};
    this.mergeStrategy = options.mergeStrategy ?? {};
    this.ignoreHidden = options.ignoreHidden ?? true;
    for (const [key, strategy] of Object.entries(this.mergeStrategy)) {
      if (strategy !== 'soft' && strategy !== 'destructive') {
        throw new ConfigError(`Merging strategy ${strategy} not supported for '${key}'. The accepted merging strategies are ['soft', 'destructive'].`);
      }
    }
  }

  /** The config keys this loader knows (one per pattern). */
  keys(): string[] {
    return [...new Set([...Object.keys(this.configPatterns), ...this.overrides.keys()])];
  }

  /** Sets a key directly, bypassing files (setting `globals` also changes what `${globals:…}` reads). */
  set(key: string, value: ConfigDict): void {
    this.overrides.set(key, value);
    if (key === 'globals') this.globalsCache = Promise.resolve(value);
  }

  /** Adds (or replaces) the glob patterns of a key, e.g. `mlflow` for a plugin's file. */
  addPatterns(key: string, patterns: readonly string[]): void {
    this.configPatterns[key] = patterns;
  }

  /** The merged, interpolated configuration of `key`. */
  async get(key: string): Promise<ConfigDict> {
    const override = this.overrides.get(key);
    if (override !== undefined) return override;
    const patterns = this.configPatterns[key];
    if (patterns === undefined) {
      throw new ConfigError(`No config patterns were found for '${key}' in your config loader. Add them with configPatterns: {${key}: ['${key}*', '**/${key}*']}.`);
    }
    if (key === 'globals') return this.globals();

    const baseDir = joinEnv(this.confSource, this.baseEnv);
    const base = await this.loadEnvironment(key, baseDir, patterns);
    const separateEnv = this.env !== this.baseEnv;
    const envDir = joinEnv(this.confSource, this.env);
    const env = separateEnv ? await this.loadEnvironment(key, envDir, patterns) : undefined;

    if (base.files === 0 && (env?.files ?? 0) === 0 && separateEnv) {
      throw new MissingConfigError(
        `No files of YAML or JSON format found in ${baseDir} or ${envDir} matching the glob pattern(s): ${JSON.stringify(patterns)}`,
      );
    }
    let merged = base.config;
    if (env !== undefined) {
      const strategy = this.mergeStrategy[key] ?? 'destructive';
      const overridden = Object.keys(env.config).filter((k) => k in base.config);
      if (overridden.length > 0 && strategy === 'destructive') log.debug("Config from environment '%s' overrides keys %s of '%s'", this.env, overridden.join(', '), key);
      merged = mergeEnvironments(base.config, env.config, strategy);
    }
    return key === 'parameters' ? deepMerge(merged, this.runtimeParams) : merged;
  }

  /** Globals: base overlaid by env (env wins), loaded once; a missing file means `{}`. */
  private globals(): Promise<ConfigDict> {
    this.globalsCache ??= (async () => {
      const patterns = this.configPatterns.globals ?? [];
      const read = async (env: string): Promise<ConfigDict> => {
        const dir = joinEnv(this.confSource, env);
        const files = await loadConfigFiles(dir, patterns, this.confSource, this.ignoreHidden).catch((error: unknown) => {
          if (MissingConfigError.isInstance(error)) return [] as LoadedFile[];
          throw error;
        });
        const merged = files.reduce<ConfigDict>((acc, f) => deepMerge(acc, f.data), {});
        const fileOf = keyFile(files);
        for (const key of Object.keys(merged)) {
          if (key.startsWith('_')) throw configErrorAt("Keys starting with '_' are not supported for globals.", key, fileOf(key));
        }
        return resolveInterpolations(merged, this.resolvers('globals', merged), fileOf);
      };
      const base = await read(this.baseEnv);
      return this.env !== this.baseEnv ? deepMerge(base, await read(this.env)) : base;
    })();
    return this.globalsCache;
  }

  private async loadEnvironment(key: string, dir: string, patterns: readonly string[]): Promise<{ config: ConfigDict; files: number }> {
    const files = await loadConfigFiles(dir, patterns, this.confSource, this.ignoreHidden);
    checkDuplicateKeys(files, key === 'parameters');
    const fromFiles = files.reduce<ConfigDict>((acc, f) => deepMerge(acc, f.data), {});
    const globals = await this.globals();
    if (key !== 'parameters') {
      return { config: withoutUnderscoreKeys(resolveInterpolations(fromFiles, this.resolvers(key, globals), keyFile(files))), files: files.length };
    }
    // Runtime params are visible to this folder's interpolations, but only keys its files define take
    // part in the environment merge (they are laid over the merged result in get()). Kedro merges them
    // into every folder, so a destructive merge let an empty local/ erase base sub-keys: fixed here.
    const resolved = resolveInterpolations(deepMerge(fromFiles, this.runtimeParams), this.resolvers(key, globals), keyFile(files, this.runtimeParams));
    const config = Object.fromEntries(Object.entries(resolved).filter(([k]) => k in fromFiles));
    return { config, files: files.length };
  }

  private resolvers(key: string, globals: ConfigDict): Map<string, Resolver> {
    const resolvers = new Map<string, Resolver>();
    const lookup = (source: ConfigDict, what: string, article: string) => (...args: unknown[]) => {
      const path = String(args[0]);
      if (path.split('.').some((p) => p.startsWith('_'))) throw new ConfigError(`Keys starting with '_' are not supported for ${what}.`);
      const found = lookupPath(source, path);
      if (found.found) return found.value;
      if (args.length > 1) return args[1];
      throw new ConfigError(`${article} '${path}' not found and no default value provided.`);
    };
    resolvers.set('globals', key === 'globals' ? () => {
      throw new ConfigError('Globals cannot refer to other globals with the `globals:` resolver; use `${key}` instead.');
    } : lookup(globals, 'globals', 'Globals key'));
    resolvers.set(
      'runtime_params',
      key === 'globals'
        ? () => {
            throw new ConfigError('The `runtime_params:` resolver is not supported for globals.');
          }
        : (...args: unknown[]) => {
            const path = String(args[0]);
            const found = lookupPath(this.runtimeParams, path);
            if (found.found) return found.value;
            if (args.length > 1) return args[1];
            throw new ConfigError(`Runtime parameter '${path}' not found and no default value provided.`);
          },
    );
    resolvers.set('oc.env', (...args: unknown[]) => {
      if (key !== 'credentials') {
        throw new ConfigError(`The \`oc.env:\` resolver only works in credentials files (it was used in '${key}'), so that secrets come from the environment only where they are expected.`);
      }
      const value = process.env[String(args[0])];
      if (value !== undefined) return value;
      if (args.length > 1) return args[1];
      throw new ConfigError(`Environment variable '${String(args[0])}' is not set and no default value was provided.`);
    });
    for (const [name, fn] of Object.entries(this.customResolvers)) resolvers.set(name, fn);
    return resolvers;
  }
}

/**
 * Which of `files` defines a key path: the last one holding it (later files win the merge), else the
 * one holding its top-level key (a key name with dots hides the path). None for a runtime parameter.
 */
function keyFile(files: readonly LoadedFile[], runtimeParams?: ConfigDict): KeyFile {
  return (keyPath) => {
    if (runtimeParams !== undefined && lookupPath(runtimeParams, keyPath).found) return undefined;
    const last = (holds: (data: ConfigDict) => boolean): string | undefined => [...files].reverse().find((f) => holds(f.data))?.file;
    return (
      last((data) => lookupPath(data, keyPath).found) ??
      last((data) => Object.keys(data).some((top) => keyPath === top || keyPath.startsWith(`${top}.`))) ??
      (files.length === 1 ? files[0]!.file : undefined)
    );
  };
}
