/**
 * Node module customization hooks (`module.register`), run on Node's loader thread. They let a project
 * import its TypeScript sources with no build step, and find our packages without an install:
 *
 * - **`@kedro-mlflow/*` fallback.** A project made by `kedro-mlflow new` imports
 *   `@kedro-mlflow/core-pipeline` but, until our packages are published (or offline), has no
 *   node_modules. When the project cannot resolve an `@kedro-mlflow/*` package, it is resolved from
 *   the CLI's own location: the project then shares the very module instance the CLI uses (one
 *   DataCatalog class, one logger). A project that installs its own copy keeps it.
 * - **TypeScript through tsx.** tsx compiles `.ts` files. Loading tsx and esbuild costs the loader
 *   thread about as much as everything else a run does, so the common cases are handled here and tsx
 *   is imported only when needed: NodeNext-style specifiers (`./nodes.js` for `nodes.ts`) are resolved
 *   here, and what tsx compiled is kept in a cache keyed by the source, so an unchanged project is
 *   loaded without tsx at all. Anything else (tsconfig paths, CommonJS TypeScript, …) goes to tsx.
 *
 * These hooks are the fallback of the compile cache (module-graph.ts): the CLI registers them only
 * when a file cannot be compiled there. A project source that the cache did compile is resolved to its
 * compiled copy here too, so that a module has one instance however it is reached.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readText, sha1, usableCacheDir, wantedCacheDir, writeAtomically } from './cache-files.js';
import { isProjectSource } from './compile-module.js';
import { isFile, moduleFormat } from './module-format.js';
import { ModuleGraph } from './module-graph.js';
import { resolutionSalt } from './resolution-inputs.js';

export interface InitializeData {
  /** A file URL inside the CLI package, to resolve fallbacks from. */
  fallbackParentURL: string;
  /** The compile cache folder; `null` disables it. Default: `$KEDRO_MLFLOW_CACHE_DIR`, else a per-user folder in the OS temp dir. */
  cacheDir?: string | null;
}

interface ResolveContext {
  conditions: string[];
  importAttributes?: Record<string, string>;
  parentURL?: string;
}

interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}

interface LoadContext {
  conditions: string[];
  format?: string | null;
  importAttributes?: Record<string, string>;
}

interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}

type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult> | ResolveResult;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult> | LoadResult;

interface TsxHooks {
  initialize(data: object): Promise<void> | void;
  resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult>;
  load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult>;
}

const SCOPE = '@kedro-mlflow/';
const TS_FILE = /\.(?:ts|mts|cts|tsx)$/;
/** Bumped when what tsx's cache holds changes meaning. */
const CACHE_FORMAT = '1';

let fallbackParentURL: string | undefined;
let cacheDir: string | undefined;
let salt = '';
let tsx: Promise<TsxHooks> | undefined;
let graph: ModuleGraph | undefined;

export function initialize(data: InitializeData | undefined): void {
  fallbackParentURL = data?.fallbackParentURL;
  const root = data?.cacheDir === undefined ? wantedCacheDir() : (data.cacheDir ?? undefined);
  const fallbackDir = fallbackParentURL === undefined ? undefined : join(dirname(fileURLToPath(fallbackParentURL)), '..', '..');
  if (root !== undefined && fallbackDir !== undefined) {
    const projectRoot = process.cwd();
    graph = new ModuleGraph({ cacheDir: root, salt: resolutionSalt(projectRoot, fallbackDir), fallbackDir, projectRoot });
  }
  cacheDir = root === undefined ? undefined : usableCacheDir(join(root, 'tsx'));
  if (cacheDir !== undefined) {
    // What tsx emits depends on its version, the Node version it targets and the project's tsconfig.
    let tsxVersion = 'unknown';
    try {
      tsxVersion = (createRequire(import.meta.url)('tsx/package.json') as { version: string }).version;
    } catch {
      // keep 'unknown'
    }
    let tsconfig = '';
    try {
      tsconfig = readFileSync(join(process.cwd(), 'tsconfig.json'), 'utf8');
    } catch {
      // no tsconfig.json: tsx's defaults
    }
    salt = sha1(CACHE_FORMAT, tsxVersion, process.version, process.cwd(), tsconfig);
  }
}

function tsxHooks(): Promise<TsxHooks> {
  tsx ??= (async () => {
    const specifier = 'tsx/esm'; // (a variable: tsx ships no types for this entry)
    const hooks = (await import(specifier)) as TsxHooks;
    // `{}`: tsx's default options (tsconfig.json of the working directory).
    await hooks.initialize({});
    return hooks;
  })();
  return tsx;
}

function errorCode(error: unknown): unknown {
  return (error as { code?: unknown } | null)?.code;
}

function isNotFound(error: unknown): boolean {
  const code = errorCode(error);
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT';
}

const SWAPS: Array<[RegExp, string[]]> = [
  [/\.js$/, ['.ts', '.tsx']],
  [/\.mjs$/, ['.mts']],
  [/\.cjs$/, ['.cts']],
  [/\.jsx$/, ['.tsx']],
];

/** `./nodes.js` written for `nodes.ts` (NodeNext style), or an extensionless relative import. */
function typescriptCandidate(specifier: string, parentURL: string | undefined): string | undefined {
  const relative = specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
  if (!relative || parentURL === undefined || !parentURL.startsWith('file:')) return undefined;
  let target: URL;
  try {
    target = new URL(specifier, parentURL);
  } catch {
    return undefined;
  }
  if (target.protocol !== 'file:') return undefined;
  const path = fileURLToPath(target);
  const candidates: string[] = [];
  const swap = SWAPS.find(([pattern]) => pattern.test(path));
  if (swap !== undefined) candidates.push(...swap[1].map((ext) => path.replace(swap[0], ext)));
  else if (!/\.[a-z0-9]+$/i.test(path)) candidates.push(`${path}.ts`, `${path}.tsx`, `${path}.mts`, join(path, 'index.ts'));
  const found = candidates.find(isFile);
  return found === undefined ? undefined : pathToFileURL(found).href + target.search;
}

/** TypeScript files get the format tsx gives them (Node's resolver leaves it unset). */
function withFormat(result: ResolveResult): ResolveResult {
  if (result.format || !result.url.startsWith('file:')) return result;
  const path = fileURLToPath(new URL(result.url));
  if (!TS_FILE.test(path)) return result;
  return { ...result, format: moduleFormat(path) };
}

async function resolveInScope(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return withFormat(await nextResolve(specifier, context));
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const candidate = typescriptCandidate(specifier, context.parentURL);
    if (candidate !== undefined) return withFormat({ url: candidate, shortCircuit: true });
    if (specifier.startsWith(SCOPE)) throw error; // handled by the caller's fallback, not tsx
    // tsconfig paths and the other conveniences of tsx.
    return (await tsxHooks()).resolve(specifier, context, nextResolve);
  }
}

/** A project source that the compile cache compiled resolves to the compiled copy (one instance per module). */
async function compiledInstead(result: ResolveResult): Promise<ResolveResult> {
  if (graph === undefined || !result.url.startsWith('file:')) return result;
  const url = new URL(result.url);
  if (url.search !== '') return result;
  const path = fileURLToPath(url);
  if (!isProjectSource(path, process.cwd()) || graph.holds(path)) return result;
  const module = await graph.moduleFor(path);
  return module.compiled ? { url: module.url, format: 'module', shortCircuit: true } : result;
}

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  return compiledInstead(await resolveWithFallback(specifier, context, nextResolve));
}

async function resolveWithFallback(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
  try {
    return await resolveInScope(specifier, context, nextResolve);
  } catch (error) {
    if (!specifier.startsWith(SCOPE) || fallbackParentURL === undefined || !isNotFound(error)) throw error;
    try {
      return await nextResolve(specifier, { ...context, parentURL: fallbackParentURL });
    } catch {
      // Neither the project nor the CLI has it: report the project's own failure.
      throw error;
    }
  }
}

interface CacheEntry {
  format: string;
  source: string;
}

function readCache(key: string): CacheEntry | undefined {
  if (cacheDir === undefined) return undefined;
  try {
    const entry = JSON.parse(readText(join(cacheDir, `${key}.json`)) ?? 'null') as CacheEntry | null;
    return typeof entry?.source === 'string' && entry.format === 'module' ? entry : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(key: string, entry: CacheEntry): void {
  if (cacheDir !== undefined) writeAtomically(join(cacheDir, `${key}.json`), JSON.stringify(entry));
}

function sourceText(source: LoadResult['source']): string | undefined {
  if (typeof source === 'string') return source;
  if (source instanceof Uint8Array) return Buffer.from(source.buffer, source.byteOffset, source.byteLength).toString('utf8');
  if (source instanceof ArrayBuffer) return Buffer.from(source).toString('utf8');
  return undefined;
}

export async function load(url: string, context: LoadContext, nextLoad: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:')) return nextLoad(url, context);
  const parsed = new URL(url);
  if (!TS_FILE.test(parsed.pathname)) return nextLoad(url, context);
  let key: string | undefined;
  if (cacheDir !== undefined && parsed.search === '' && existsSync(parsed)) {
    key = sha1(salt, url, readFileSync(parsed));
    const cached = readCache(key);
    if (cached !== undefined) return { format: cached.format, source: cached.source, shortCircuit: true };
  }
  const result = await (await tsxHooks()).load(url, context, nextLoad);
  if (key !== undefined && result.format === 'module') {
    const text = sourceText(result.source);
    if (text !== undefined) writeCache(key, { format: result.format, source: text });
  }
  return result;
}
