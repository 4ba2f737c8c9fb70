/**
 * Compiles one project source file (TypeScript or JavaScript, an ES module) with esbuild into an ES
 * module that Node imports without any loader hook: every import is resolved now, by esbuild's
 * resolver (tsconfig `paths`, `./nodes.js` for `nodes.ts`, folders, package `exports`), and rewritten
 * to an absolute URL. `@kedro-mlflow/*` that the project cannot resolve comes from the CLI's own copy.
 * Imports of other project sources become placeholders that the module graph fills in with the
 * URLs of their compiled copies. `import.meta.url` (and `filename`, `dirname`) keep naming the source
 * file, so `findPipelines(import.meta.url)` looks next to it.
 *
 * What this cannot compile faithfully (`require`, `import.meta.resolve`, an `import()` of a computed
 * name, CommonJS) is reported as uncompilable: such a file is imported through the loader hooks.
 */
import { randomBytes } from 'node:crypto';
import { isBuiltin } from 'node:module';
import { dirname, isAbsolute, join, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ImportKind, Plugin, PluginBuild } from 'esbuild';
import { moduleFormat } from './module-format.js';

export interface CompiledModule {
  kind: 'compiled';
  /** The module, with `"<token><n>"` where the n-th project dependency's URL goes. */
  code: string;
  /** Its source map (JSON), pointing at the source file. */
  map: string;
  token: string;
  /** Project source files imported, in placeholder order. */
  deps: string[];
  /** Other files imported by absolute URL (packages, JSON): their disappearance means recompiling. */
  externals: string[];
}

export interface Uncompilable {
  kind: 'uncompilable';
  reason: string;
  /** Whether the verdict follows from the file's text alone (and so can be cached with it). */
  lasting: boolean;
}

export type CompileResult = CompiledModule | Uncompilable;

const SCOPE = '@kedro-mlflow/';
const SOURCE_FILE = /\.(?:[cm]?[jt]s|[jt]sx)$/;
export const TYPESCRIPT_FILE = /\.(?:[cm]?ts|tsx)$/;
const RESOLVING = Symbol('resolving');

/** A file we compile ourselves: a script inside the project, not of an installed package. */
export function isProjectSource(path: string, projectRoot: string): boolean {
  return SOURCE_FILE.test(path) && path.startsWith(projectRoot + sep) && !path.slice(projectRoot.length).split(sep).includes('node_modules');
}

function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier.startsWith('file:');
}

interface Collected {
  deps: string[];
  externals: string[];
  unresolved: string[];
  requires: string[];
}

function rewriteImports(token: string, fallbackDir: string, projectRoot: string, collected: Collected): Plugin {
  const resolveFrom = async (build: PluginBuild, path: string, kind: ImportKind, resolveDir: string) =>
    build.resolve(path, { kind, resolveDir, pluginData: RESOLVING });
  return {
    name: 'kedro-mlflow-rewrite-imports',
    setup(build) {
      build.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind === 'entry-point' || args.pluginData === RESOLVING) return undefined;
        if (args.kind === 'require-call' || args.kind === 'require-resolve') {
          collected.requires.push(args.path);
          return { path: args.path, external: true };
        }
        if (isBuiltin(args.path)) return { path: args.path, external: true };
        let resolved = await resolveFrom(build, args.path, args.kind, args.resolveDir);
        if (resolved.errors.length > 0 && args.path.startsWith(SCOPE)) {
          resolved = await resolveFrom(build, args.path, args.kind, fallbackDir);
        }
        if (resolved.errors.length > 0 || resolved.external || !isAbsolute(resolved.path)) {
          collected.unresolved.push(args.path);
          return { path: args.path, external: true };
        }
        if (isProjectSource(resolved.path, projectRoot)) {
          collected.deps.push(resolved.path);
          return { path: `${token}${collected.deps.length - 1}`, external: true };
        }
        // TypeScript elsewhere (a sibling folder of a monorepo) has no compiled copy: the hooks import it.
        if (TYPESCRIPT_FILE.test(resolved.path) && isPathSpecifier(args.path)) collected.unresolved.push(args.path);
        collected.externals.push(resolved.path);
        return { path: pathToFileURL(resolved.path).href + resolved.suffix, external: true };
      });
    },
  };
}

function uncompilable(reason: string, lasting: boolean): Uncompilable {
  return { kind: 'uncompilable', reason, lasting };
}

/** `file` compiled, or why it cannot be. Imports of sources inside `projectRoot` become placeholders. */
export async function compileModule(file: string, options: { fallbackDir: string; projectRoot: string }): Promise<CompileResult> {
  if (moduleFormat(file) !== 'module') return uncompilable('it is CommonJS', true);
  const { build } = await import('esbuild');
  const token = `__kedro_mlflow_dep_${randomBytes(6).toString('hex')}_`;
  const collected: Collected = { deps: [], externals: [], unresolved: [], requires: [] };
  const outfile = join(dirname(file), '__compiled.mjs');
  let result;
  try {
    result = await build({
      entryPoints: [file],
      outfile,
      bundle: true,
      write: false,
      metafile: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Node's resolution: no "module" condition or field.
      conditions: [],
      mainFields: ['main'],
      resolveExtensions: ['.ts', '.tsx', '.mts', '.js', '.mjs', '.jsx', '.json'],
      // Node names (kedro's `func`) come from function names: keep them.
      keepNames: true,
      sourcemap: 'external',
      sourcesContent: false,
      define: {
        'import.meta.url': JSON.stringify(pathToFileURL(file).href),
        'import.meta.filename': JSON.stringify(file),
        'import.meta.dirname': JSON.stringify(dirname(file)),
      },
      logLevel: 'silent',
      plugins: [rewriteImports(token, options.fallbackDir, options.projectRoot, collected)],
    });
  } catch {
    // A syntax error: the hooks path reports it (tsx names the file, line and column).
    return uncompilable('it does not compile', false);
  }
  if (collected.unresolved.length > 0) {
    return uncompilable(`it imports ${collected.unresolved.map((s) => `'${s}'`).join(', ')}, which the compile cache cannot resolve to a project file or package`, false);
  }
  if (collected.requires.length > 0) return uncompilable('it calls require()', true);
  if (Object.keys(result.metafile.inputs).length > 1) return uncompilable('it imports files by a pattern', true);
  const js = result.outputFiles.find((f) => f.path === outfile);
  const mapFile = result.outputFiles.find((f) => f.path === `${outfile}.map`);
  if (js === undefined || mapFile === undefined) return uncompilable('esbuild returned no output', false);
  const code = js.text.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
  // What still depends on where the module lives cannot be moved into the cache.
  if (/\bimport\.meta\b/.test(code)) return uncompilable('it uses import.meta beyond url, filename and dirname', true);
  if (/\bimport\s*\(\s*(?!["'])/.test(code)) return uncompilable('it imports a computed module name', true);
  const map = JSON.parse(mapFile.text) as { sources: string[] };
  map.sources = [pathToFileURL(file).href];
  return { kind: 'compiled', code, map: JSON.stringify(map), token, deps: collected.deps, externals: collected.externals };
}
