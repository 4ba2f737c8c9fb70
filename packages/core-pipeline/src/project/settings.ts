/**
 * `src/settings.ts` (kedro's settings.py): hooks, the conf folder, config loader options and the
 * catalog class. Every field is optional; each is checked when a session is created, with a message
 * naming the file and the field, so a typo does not get silently ignored.
 */
import { relative } from 'node:path';
import type { ConfigLoaderOptions } from '../config/config-loader.js';
import { ProjectError } from '../errors/project-error.js';
import type { DataCatalog } from '../io/data-catalog.js';
import { closeMatches } from '../utils/close-matches.js';
import { byCodePoint, pyList } from '../utils/py-repr.js';
import type { ProjectMetadata } from './metadata.js';
import { defaultModuleLoader, findModuleFile, importFailure, type ModuleLoader } from './module-loader.js';
import { describeGot, isRecord } from './values.js';

export interface ProjectSettings {
  /** Hook instances, registered in order (so the last one runs first). */
  hooks?: object[];
  /** Names of plugin hook sets (registerPluginHooks) not to register for this project. */
  disableHooksForPlugins?: string[];
  /** The configuration folder, relative to the project; default `conf`. */
  confSource?: string;
  /** Defaults `{baseEnv: 'base', defaultRunEnv: 'local'}`. */
  configLoaderArgs?: Partial<Omit<ConfigLoaderOptions, 'confSource' | 'env' | 'runtimeParams'>>;
  dataCatalogClass?: typeof DataCatalog;
}

/** Identity, for type checking: `export default defineSettings({...})`. */
export function defineSettings(settings: ProjectSettings): ProjectSettings {
  return settings;
}

const FIELDS = ['hooks', 'disableHooksForPlugins', 'confSource', 'configLoaderArgs', 'dataCatalogClass'];
const LOADER_ARGS = ['configPatterns', 'baseEnv', 'defaultRunEnv', 'customResolvers', 'mergeStrategy', 'ignoreHidden'];

/** Imports `<sourceDir>/settings.{ts,mts,js,mjs}` and validates it; no file means no settings. */
export async function loadSettings(metadata: ProjectMetadata, loader?: ModuleLoader): Promise<ProjectSettings> {
  const file = findModuleFile(metadata.sourceDir, 'settings');
  if (file === undefined) return {};
  const shown = relative(metadata.projectPath, file) || file;
  let module: Record<string, unknown>;
  try {
    module = await (loader ?? defaultModuleLoader())(file);
  } catch (error) {
    throw new ProjectError(`Failed to import the project settings ${shown}: ${importFailure(file, error)}`, { cause: error });
  }
  const exported = module.default ?? module.settings;
  if (exported === undefined) {
    const names = Object.keys(module).filter((k) => k !== '__esModule').sort(byCodePoint);
    // A settings file with nothing in it (all comments) means "no settings", as in kedro.
    if (names.length === 0) return {};
    throw new ProjectError(
      `${shown} must \`export default defineSettings({...})\` (or export a \`settings\` object); it exports ${pyList(names)}.`,
    );
  }
  return validateSettings(exported, shown);
}

/** Checks every field of a settings object; `file` is the name used in messages. */
export function validateSettings(value: unknown, file = 'src/settings.ts'): ProjectSettings {
  const fail = (message: string): never => {
    throw new ProjectError(`Invalid settings in ${file}: ${message}`);
  };
  if (!isRecord(value)) fail(`the exported settings must be an object (use defineSettings({...})), got ${describeGot(value)}.`);
  const settings = value as Record<string, unknown>;
  for (const key of Object.keys(settings)) {
    if (!FIELDS.includes(key)) {
      const hint = closeMatches(key, FIELDS, 1)[0];
      fail(`unknown field '${key}'.${hint === undefined ? '' : ` Did you mean '${hint}'?`} The fields are ${pyList(FIELDS)}.`);
    }
  }

  const { hooks, disableHooksForPlugins, confSource, configLoaderArgs, dataCatalogClass } = settings;
  if (hooks !== undefined) {
    if (!Array.isArray(hooks)) fail(`'hooks' must be an array of hook instances, got ${describeGot(hooks)}.`);
    (hooks as unknown[]).forEach((hook, i) => {
      if (typeof hook === 'function') {
        const name = (hook as { name?: string }).name || 'anonymous';
        fail(
          `'hooks[${i}]' is the class '${name}'. KedroSession expects hooks to be registered as instances. ` +
            `Have you forgotten the \`new\` when registering a hook class? Write \`new ${name}()\`.`,
        );
      }
      if (hook === null || typeof hook !== 'object') fail(`'hooks[${i}]' must be an object with hook methods, got ${describeGot(hook)}.`);
    });
  }
  if (disableHooksForPlugins !== undefined) {
    if (!Array.isArray(disableHooksForPlugins) || !disableHooksForPlugins.every((n) => typeof n === 'string')) {
      fail(`'disableHooksForPlugins' must be an array of plugin names, got ${describeGot(disableHooksForPlugins)}.`);
    }
  }
  if (confSource !== undefined && (typeof confSource !== 'string' || confSource.trim() === '')) {
    fail(`'confSource' must be a non-empty folder path, got ${describeGot(confSource)}.`);
  }
  if (configLoaderArgs !== undefined) validateLoaderArgs(configLoaderArgs, fail);
  if (dataCatalogClass !== undefined && !isCatalogClass(dataCatalogClass)) {
    fail(`'dataCatalogClass' must be DataCatalog or a class extending it (with a static fromConfig), got ${describeGot(dataCatalogClass)}.`);
  }
  return settings as ProjectSettings;
}

function validateLoaderArgs(args: unknown, fail: (message: string) => never): void {
  if (!isRecord(args)) fail(`'configLoaderArgs' must be an object, got ${describeGot(args)}.`);
  for (const [key, value] of Object.entries(args as Record<string, unknown>)) {
    if (key === 'confSource') fail("'configLoaderArgs.confSource' is not allowed: set the 'confSource' field of the settings instead.");
    if (key === 'env' || key === 'runtimeParams') {
      fail(`'configLoaderArgs.${key}' is not allowed: it comes from the session (KedroSession.create({${key}}), or --${key === 'env' ? 'env' : 'params'} on the command line).`);
    }
    if (!LOADER_ARGS.includes(key)) {
      const hint = closeMatches(key, LOADER_ARGS, 1)[0];
      fail(`unknown field 'configLoaderArgs.${key}'.${hint === undefined ? '' : ` Did you mean '${hint}'?`} The fields are ${pyList(LOADER_ARGS)}.`);
    }
    const expectString = key === 'baseEnv' || key === 'defaultRunEnv';
    if (expectString && typeof value !== 'string') fail(`'configLoaderArgs.${key}' must be a string, got ${describeGot(value)}.`);
    if (key === 'ignoreHidden' && typeof value !== 'boolean') fail(`'configLoaderArgs.ignoreHidden' must be a boolean, got ${describeGot(value)}.`);
    if ((key === 'configPatterns' || key === 'customResolvers' || key === 'mergeStrategy') && !isRecord(value)) {
      fail(`'configLoaderArgs.${key}' must be an object, got ${describeGot(value)}.`);
    }
  }
}

/** Duck-typed: a DataCatalog class from another copy of this package is fine too. */
function isCatalogClass(value: unknown): boolean {
  if (typeof value !== 'function') return false;
  const cls = value as { fromConfig?: unknown; prototype?: { set?: unknown; get?: unknown } };
  return typeof cls.fromConfig === 'function' && typeof cls.prototype?.set === 'function' && typeof cls.prototype.get === 'function';
}
