/**
 * A V8 code cache for our CommonJS bundles (`*.bundle.cjs`), so that a command line start does not
 * parse and compile the same half megabyte of JavaScript on every run. Node 20 has no built-in
 * compile cache (`module.enableCompileCache` arrived in Node 22), so CommonJS compilation of those
 * files goes through `vm.Script` with `cachedData` (https://nodejs.org/api/vm.html#new-vmscriptcode-options).
 *
 * The cache of a file is written when the process exits, after the run, so it holds the functions
 * the run compiled lazily too; `variant` (e.g. the CLI command) keeps one cache per kind of run.
 * Entries live in the per-user cache folder (cache-dir.ts) and are keyed by path, size, mtime and
 * the Node/V8 build; V8 itself refuses data made for other flags or sources (then it is rewritten).
 * Anything that goes wrong only costs speed: the file is compiled the ordinary way.
 *
 * V8 drops the dynamic-import callback of code compiled from a cache (Node 20), so the bundles call
 * `import()` through a loader installed here (scripts/bundle.mjs rewrites their `import(` calls): it
 * imports through `dynamic-import.mjs`, an ES module beside each bundle, so that specifiers resolve
 * from the bundle's own folder as a native `import()` there would.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import Module from 'node:module';
import { basename, dirname, join } from 'node:path';
import vm from 'node:vm';
import { usableCacheDir, wantedCacheDir, writeAtomically } from './cache-dir.js';

type CompileFn = (this: NodeModule, content: string, filename: string) => unknown;
interface ModuleInternals {
  prototype: { _compile: CompileFn };
  wrap(code: string): string;
}

export interface CodeCacheOptions {
  /** One cache per kind of run (letters, digits and '-'); others share the default. */
  variant?: string | undefined;
  /** Which files to cache (default: names ending in `.bundle.cjs`). */
  include?: (filename: string) => boolean;
}

/** What the code cache did in this process (also under this global key, for diagnostics across copies). */
export interface CodeCacheStats {
  /** Files compiled from their cache entry. */
  hits: number;
  /** Files with no entry yet (one is written at exit). */
  misses: number;
  /** Entries V8 refused (other flags or source); they are rewritten at exit. */
  rejected: number;
}

const STATS = Symbol.for('@kedro-mlflow/code-cache');
/** The key scripts/bundle.mjs's banner looks the loader up under. */
const IMPORT_KEY = Symbol.for('@kedro-mlflow/code-cache.import');

type BundleImport = (specifier: string, bundleUrl: string) => Promise<unknown>;

const importFromBundleFolder: BundleImport = async (specifier, bundleUrl) => {
  const helper = (await import(new URL('./dynamic-import.mjs', bundleUrl).href)) as { default: (specifier: string) => Promise<unknown> };
  return helper.default(specifier);
};

/** Compiles matching CommonJS files with a V8 code cache; false when it cannot (no cache folder, old Node). */
export function enableCodeCache(options: CodeCacheOptions = {}): boolean {
  const holder = globalThis as { [STATS]?: CodeCacheStats; [IMPORT_KEY]?: BundleImport };
  if (holder[STATS] !== undefined) return false;
  const wanted = wantedCacheDir();
  const root = wanted === undefined ? undefined : usableCacheDir(join(wanted, 'v8-code'));
  if (root === undefined) return false;
  const stats: CodeCacheStats = { hits: 0, misses: 0, rejected: 0 };
  holder[STATS] = stats;
  holder[IMPORT_KEY] = importFromBundleFolder;
  const variant = options.variant !== undefined && /^[a-z0-9-]{1,40}$/i.test(options.variant) ? options.variant : 'default';
  const include = options.include ?? ((filename: string) => filename.endsWith('.bundle.cjs'));
  const internals = Module as unknown as ModuleInternals;
  const original = internals.prototype._compile;
  const pending: Array<{ file: string; script: vm.Script }> = [];

  internals.prototype._compile = function compileWithCache(this: NodeModule, content: string, filename: string): unknown {
    if (!include(filename)) return original.call(this, content, filename);
    let cacheFile: string;
    let cachedData: Buffer | undefined;
    try {
      const stat = statSync(filename);
      // `<file and runtime>-<file version>.bin`: a newer version of the file replaces its older entries.
      // Not the command line's flags: V8 checks its own flags and refuses data made under others.
      const slot = sha1(filename, variant, process.version, process.arch);
      cacheFile = join(root, `${slot}-${sha1(String(stat.size), String(stat.mtimeMs))}.bin`);
      cachedData = readOptional(cacheFile);
    } catch {
      return original.call(this, content, filename);
    }
    const script = new vm.Script(internals.wrap(stripShebang(content)), { filename, cachedData });
    if (cachedData === undefined) stats.misses += 1;
    else if (script.cachedDataRejected === true) stats.rejected += 1;
    else stats.hits += 1;
    if (cachedData === undefined || script.cachedDataRejected === true) pending.push({ file: cacheFile, script });
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    const require = Module.createRequire(filename);
    return wrapper.call(this.exports, this.exports, require, this, filename, dirname(filename));
  };

  process.once('exit', () => {
    for (const { file, script } of pending) {
      if (writeAtomically(file, script.createCachedData())) removeOlderVersions(root, file);
    }
  });
  return true;
}

/** What the code cache did so far in this process; undefined when it is not on. */
export function codeCacheStats(): CodeCacheStats | undefined {
  const stats = (globalThis as { [STATS]?: CodeCacheStats })[STATS];
  return stats === undefined ? undefined : { ...stats };
}

function sha1(...parts: string[]): string {
  return createHash('sha1').update(parts.join('\0')).digest('hex').slice(0, 20);
}

/** Entries older than this are removed when another is written (bounds the folder; a used one is rewritten at its next run). */
const UNUSED_ENTRY_MS = 30 * 24 * 3600 * 1000;

/** Removes the other versions of `kept`'s file, and entries older than a month. */
function removeOlderVersions(root: string, kept: string): void {
  const name = basename(kept);
  const slot = name.slice(0, name.indexOf('-') + 1);
  const oldest = Date.now() - UNUSED_ENTRY_MS;
  try {
    for (const entry of readdirSync(root)) {
      if (!entry.endsWith('.bin') || entry === name) continue;
      const file = join(root, entry);
      if (entry.startsWith(slot) || statSync(file).mtimeMs < oldest) rmSync(file, { force: true });
    }
  } catch {
    // Another process may be pruning the same folder; leftovers are only disk space.
  }
}

function readOptional(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Node's own loader ignores a `#!` first line; inside a function wrapper it would be a syntax error. */
function stripShebang(content: string): string {
  return content.startsWith('#!') ? `//${content.slice(2)}` : content;
}
