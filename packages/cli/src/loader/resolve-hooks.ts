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
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface InitializeData {
  /** A file URL inside the CLI package, to resolve fallbacks from. */
  fallbackParentURL: string;
  /** Folder of compiled sources; `null` disables the cache. Default: a per-user folder in the OS temp dir. */
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
/** Bumped when what is cached changes meaning. */
const CACHE_FORMAT = '1';

let fallbackParentURL: string | undefined;
let cacheDir: string | undefined;
let salt = '';
let tsx: Promise<TsxHooks> | undefined;

function sha1(...parts: Array<string | Buffer>): string {
  const hash = createHash('sha1');
  for (const part of parts) hash.update(part).update('\0');
  return hash.digest('hex');
}

/** A cache folder only this user can write to (anything else could feed us code). */
function usableCacheDir(dir: string): string | undefined {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stat = statSync(dir);
    const uid = process.getuid?.();
    if (!stat.isDirectory() || (uid !== undefined && stat.uid !== uid) || (process.platform !== 'win32' && (stat.mode & 0o022) !== 0)) {
      return undefined;
    }
    return dir;
  } catch {
    return undefined;
  }
}

export function initialize(data: InitializeData | undefined): void {
  fallbackParentURL = data?.fallbackParentURL;
  const wanted = data?.cacheDir === undefined ? join(tmpdir(), `kedro-mlflow-ts-${process.getuid?.() ?? 'user'}`, 'compiled') : data.cacheDir;
  cacheDir = wanted === null ? undefined : usableCacheDir(wanted);
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

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
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

const packageTypes = new Map<string, string>();

/** "module" or "commonjs": the `type` of the nearest package.json, as Node (and tsx) decide it. */
function packageType(dir: string): string {
  const known = packageTypes.get(dir);
  if (known !== undefined) return known;
  let type: string;
  const manifest = join(dir, 'package.json');
  if (isFile(manifest)) {
    try {
      type = (JSON.parse(readFileSync(manifest, 'utf8')) as { type?: unknown }).type === 'module' ? 'module' : 'commonjs';
    } catch {
      type = 'commonjs';
    }
  } else {
    const parent = dirname(dir);
    type = parent === dir ? 'commonjs' : packageType(parent);
  }
  packageTypes.set(dir, type);
  return type;
}

/** TypeScript files get the format tsx gives them (Node's resolver leaves it unset). */
function withFormat(result: ResolveResult): ResolveResult {
  if (result.format || !result.url.startsWith('file:')) return result;
  const path = fileURLToPath(new URL(result.url));
  if (!TS_FILE.test(path)) return result;
  const format = path.endsWith('.mts') ? 'module' : path.endsWith('.cts') ? 'commonjs' : packageType(dirname(path));
  return { ...result, format };
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

export async function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): Promise<ResolveResult> {
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
    const entry = JSON.parse(readFileSync(join(cacheDir, `${key}.json`), 'utf8')) as CacheEntry;
    return typeof entry.source === 'string' && entry.format === 'module' ? entry : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(key: string, entry: CacheEntry): void {
  if (cacheDir === undefined) return;
  const file = join(cacheDir, `${key}.json`);
  const temporary = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  try {
    writeFileSync(temporary, JSON.stringify(entry), { mode: 0o600 });
    renameSync(temporary, file);
  } catch {
    // A cache that cannot be written is only slower.
  }
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
