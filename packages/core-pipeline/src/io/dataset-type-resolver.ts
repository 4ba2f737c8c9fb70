/**
 * Turns the `type:` of a catalog entry into a dataset class. Accepted forms:
 * - a class object (configs built in code);
 * - a registered name (`MemoryDataset`, anything given to `registerDatasetType`);
 * - a bare name exported by `@kedro-mlflow/datasets` (`CSVDataset`), when that package is installed;
 * - kedro-style dotted names (`pandas.CSVDataset`): the last segment is used;
 * - `<module>#<ExportName>`: a path relative to the project (`./src/my_dataset.ts#MyDataset`) or a
 *   package specifier resolved from the project (`some-package#SomeDataset`).
 * Importing is async, so the catalog resolves every type up front (`resolveDatasetType`) and later
 * instantiates synchronously (`resolveDatasetTypeSync`) from the cache filled here.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DatasetError } from '../errors/dataset-error.js';
import { defaultModuleLoader } from '../project/module-loader.js';
import { closeMatches } from '../utils/close-matches.js';
import { isPlainObject } from '../utils/is-plain-object.js';
import { pyStr } from '../utils/py-repr.js';
import { errorMessage } from './abstract-dataset.js';
import type { DatasetClass } from './dataset-class.js';
import { isDatasetClass } from './dataset-marker.js';
import { getRegisteredDatasetType, invalidDatasetTypeError, loadDatasetTypeSources, registeredDatasetTypes } from './dataset-type-registry.js';
import { describeValue } from './describe-value.js';

export const DATASETS_PACKAGE = '@kedro-mlflow/datasets';
/**
 * The package's entry with only the types that need no MLflow, a `localDatasetTypes` table: looked
 * at first, so that a catalog naming only file datasets does not load the MLflow client.
 */
const DATASETS_LOCAL_TYPES = `${DATASETS_PACKAGE}/local-types`;

export interface DatasetTypeOptions {
  /** Folder that relative module paths and package names resolve from; defaults to `process.cwd()`. */
  projectPath?: string | undefined;
}

type ModuleExports = Record<string, unknown>;

/** `${projectRoot}\0${type}` → class, filled by the async resolution. */
const resolvedTypes = new Map<string, DatasetClass>();
/** projectRoot → exports of `@kedro-mlflow/datasets` (undefined: not installed). */
const datasetsPackages = new Map<string, ModuleExports | undefined>();
/** projectRoot → `localDatasetTypes` of `@kedro-mlflow/datasets/local-types` (undefined: none). */
const localTypeTables = new Map<string, ModuleExports | undefined>();

function projectRoot(options: DatasetTypeOptions | undefined): string {
  return resolve(options?.projectPath ?? process.cwd());
}

function lastSegment(type: string): string {
  return type.slice(type.lastIndexOf('.') + 1);
}

function checkClass(value: unknown, label: string): DatasetClass {
  if (!isDatasetClass(value)) throw invalidDatasetTypeError(label);
  return value;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
}

function parseModuleType(type: string): { module: string; exportName: string } | undefined {
  const hash = type.lastIndexOf('#');
  if (hash < 0) return undefined;
  const module = type.slice(0, hash).trim();
  const exportName = type.slice(hash + 1).trim();
  if (module === '' || exportName === '') {
    throw new DatasetError(
      `Invalid dataset type '${type}': expected '<module>#<ExportName>', ` +
        "e.g. './src/my_dataset.ts#MyDataset' or 'some-package#SomeDataset'.",
    );
  }
  return { module, exportName };
}

function checkBareName(type: string): void {
  if (type.includes('/') || type.includes('\\')) {
    throw new DatasetError(`Invalid dataset type '${type}': a module path must name its export after '#', e.g. '${type}#MyDataset'.`);
  }
  if (type.startsWith('.') || type.endsWith('.')) {
    throw new DatasetError("'type' class path does not support relative paths or paths ending with a dot.");
  }
}

function isPathLike(module: string): boolean {
  return module.startsWith('./') || module.startsWith('../') || module.startsWith('file:') || isAbsolute(module);
}

const EXTENSIONS = ['', '.ts', '.mts', '.js', '.mjs', '.cjs'];

function locateFile(module: string, root: string): string | undefined {
  const base = module.startsWith('file:') ? fileURLToPath(module) : resolve(root, module);
  return EXTENSIONS.map((ext) => base + ext).find((path) => existsSync(path) && statSync(path).isFile());
}

/** Project modules come through the session's loader (the CLI's imports TypeScript), else native import(). */
async function importFile(path: string): Promise<ModuleExports> {
  return defaultModuleLoader()(path);
}

function resolvePackage(specifier: string, from: string): string | undefined {
  try {
    return createRequire(from).resolve(specifier);
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw new DatasetError(`Cannot resolve package '${specifier}' from '${from}': ${errorMessage(error)}`, { cause: error });
  }
}

async function importModule(module: string, type: string, root: string): Promise<ModuleExports> {
  let path: string | undefined;
  if (isPathLike(module)) {
    path = locateFile(module, root);
    if (path === undefined) {
      throw new DatasetError(
        `Cannot find module '${module}' of dataset type '${type}' (looked for '${resolve(root, module)}'). ` +
          `Relative module paths resolve against the project folder '${root}'.`,
      );
    }
  } else {
    path = resolvePackage(module, join(root, 'package.json'));
    if (path === undefined) {
      throw new DatasetError(
        `Cannot find package '${module}' of dataset type '${type}' from '${root}'. ` +
          `Install it in the project (e.g. 'npm install ${module}') or fix the 'type'.`,
      );
    }
  }
  try {
    return await importFile(path);
  } catch (error) {
    throw new DatasetError(`Failed to import module '${module}' of dataset type '${type}':\n${errorMessage(error)}`, {
      cause: error,
    });
  }
}

function exportOf(mod: ModuleExports, exportName: string, module: string, type: string): DatasetClass {
  if (!(exportName in mod) || mod[exportName] === undefined) {
    const names = Object.keys(mod).filter((k) => k !== '__esModule' && k !== 'default').sort();
    const close = closeMatches(exportName, names);
    throw new DatasetError(
      `Dataset '${exportName}' not found in '${module}'. Make sure the dataset name is correct.` +
        (close.length > 0 ? ` Did you mean ${close.map(pyStr).join(' or ')}?` : '') +
        (names.length > 0 ? ` Exports of '${module}': ${names.join(', ')}.` : ''),
    );
  }
  return checkClass(mod[exportName], type);
}

/** Imports `specifier` (a part of the datasets package) from the project first (where users install it), then from here. */
async function importDatasetsPart(specifier: string, root: string): Promise<ModuleExports | undefined> {
  const path = resolvePackage(specifier, join(root, 'package.json')) ?? resolvePackage(specifier, import.meta.url);
  if (path === undefined) return undefined;
  try {
    return await importFile(path);
  } catch (error) {
    throw new DatasetError(`Failed to import '${specifier}':\n${errorMessage(error)}`, { cause: error });
  }
}

async function loadDatasetsPackage(root: string): Promise<ModuleExports | undefined> {
  if (datasetsPackages.has(root)) return datasetsPackages.get(root);
  const mod = await importDatasetsPart(DATASETS_PACKAGE, root);
  datasetsPackages.set(root, mod);
  return mod;
}

function isUnexported(error: unknown): boolean {
  return (error as { cause?: { code?: unknown } } | null)?.cause?.code === 'ERR_PACKAGE_PATH_NOT_EXPORTED';
}

/** The light table, if the installed package has one (an older one has no `local-types` entry). */
async function loadLocalTypes(root: string): Promise<void> {
  if (localTypeTables.has(root)) return;
  let table: unknown;
  try {
    table = (await importDatasetsPart(DATASETS_LOCAL_TYPES, root))?.localDatasetTypes;
  } catch (error) {
    if (!isUnexported(error)) throw error;
  }
  localTypeTables.set(root, isPlainObject(table) ? table : undefined);
}

function lookupBareName(type: string, root: string): DatasetClass | undefined {
  const short = lastSegment(type);
  const registered = getRegisteredDatasetType(type) ?? getRegisteredDatasetType(short);
  if (registered !== undefined) return registered;
  const pkg = datasetsPackages.get(root) ?? localTypeTables.get(root);
  if (pkg !== undefined && pkg[short] !== undefined) return checkClass(pkg[short], type);
  return undefined;
}

/** Registered names plus the dataset classes exported by `@kedro-mlflow/datasets`, sorted. */
export function knownDatasetTypes(options?: DatasetTypeOptions): string[] {
  const root = projectRoot(options);
  // Before the whole package was needed, the light table's bare names (its dotted spellings are aliases).
  const pkg = datasetsPackages.get(root) ?? localTypeTables.get(root) ?? {};
  const exported = Object.keys(pkg).filter((k) => k !== 'default' && !k.includes('.') && isDatasetClass(pkg[k]));
  return [...new Set([...registeredDatasetTypes(), ...exported])].sort();
}

function unknownTypeError(type: string, root: string): DatasetError {
  const short = lastSegment(type);
  const known = knownDatasetTypes({ projectPath: root });
  const close = closeMatches(short, known);
  const missingPackage = datasetsPackages.get(root) === undefined ? ` ('${DATASETS_PACKAGE}' is not installed)` : '';
  return new DatasetError(
    `Dataset type '${type}' not found, is this a typo?` +
      (close.length > 0 ? ` Did you mean ${close.map(pyStr).join(' or ')}?` : '') +
      ` Known types: ${known.join(', ')}${missingPackage}. ` +
      `Register a custom class with registerDatasetType('${short}', ${short}), ` +
      `or point to its module, e.g. 'type: ./src/my_dataset.ts#${short}'.`,
  );
}

function invalidTypeValueError(type: unknown): DatasetError {
  return new DatasetError(
    "'type' must be a dataset class or a string such as 'CSVDataset' or './src/my_dataset.ts#MyDataset', " +
      `got ${describeValue(type)}.`,
  );
}

/** What both resolvers do first: a class is checked; a string is either found now or needs more work. */
type FirstLook =
  | { cls: DatasetClass }
  | { root: string; name: string; moduleType: ReturnType<typeof parseModuleType>; cacheKey: string };

function firstLook(type: unknown, options: DatasetTypeOptions | undefined): FirstLook {
  if (typeof type === 'function') return { cls: checkClass(type, type.name || '<anonymous class>') };
  if (typeof type !== 'string' || type.trim() === '') throw invalidTypeValueError(type);
  const root = projectRoot(options);
  const name = type.trim();
  const moduleType = parseModuleType(name);
  const cacheKey = `${root}\0${name}`;
  if (moduleType === undefined) {
    checkBareName(name);
    const found = lookupBareName(name, root);
    if (found !== undefined) return { cls: found };
  } else {
    const cached = resolvedTypes.get(cacheKey);
    if (cached !== undefined) return { cls: cached };
  }
  return { root, name, moduleType, cacheKey };
}

/** Resolve (importing modules as needed) and cache a `type:` value. */
export async function resolveDatasetType(type: unknown, options?: DatasetTypeOptions): Promise<DatasetClass> {
  const look = firstLook(type, options);
  if ('cls' in look) return look.cls;
  const { root, name, moduleType, cacheKey } = look;
  if (moduleType === undefined) {
    // Names a plugin registered to load on need come first, as registered names do; then the
    // package's light table, then the whole package.
    await loadDatasetTypeSources();
    const fromSource = lookupBareName(name, root);
    if (fromSource !== undefined) return fromSource;
    await loadLocalTypes(root);
    const local = lookupBareName(name, root);
    if (local !== undefined) return local;
    await loadDatasetsPackage(root);
    const fromPackage = lookupBareName(name, root);
    if (fromPackage === undefined) throw unknownTypeError(name, root);
    return fromPackage;
  }
  const mod = await importModule(moduleType.module, name, root);
  const cls = exportOf(mod, moduleType.exportName, moduleType.module, name);
  resolvedTypes.set(cacheKey, cls);
  return cls;
}

/**
 * Resolve a `type:` without importing anything: class objects, registered names, and whatever
 * `resolveDatasetType` already loaded for the same project folder.
 */
export function resolveDatasetTypeSync(type: unknown, options?: DatasetTypeOptions): DatasetClass {
  const look = firstLook(type, options);
  if ('cls' in look) return look.cls;
  if (look.moduleType === undefined && datasetsPackages.has(look.root)) throw unknownTypeError(look.name, look.root);
  throw new DatasetError(
    `Dataset type '${look.name}' is not loaded yet: types given as a module path or provided by '${DATASETS_PACKAGE}' ` +
      "are imported asynchronously. Build the catalog with 'await DataCatalog.fromConfig(...)', or call " +
      "'await catalog.resolveDatasetTypes()' after constructing it, or register the class with registerDatasetType().",
  );
}

/** The class name a `type:` stands for, without importing; the string as written when unknown. */
export function datasetTypeName(type: unknown, options?: DatasetTypeOptions): string {
  try {
    return resolveDatasetTypeSync(type, options).name;
  } catch {
    return typeof type === 'string' ? type : typeof type === 'function' ? type.name : String(type);
  }
}
