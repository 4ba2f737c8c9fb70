#!/usr/bin/env node
// Bundles a package's compiled dist/index.js (tsc output) into dist/index.bundle.js, the file its
// `default` export points at. One file instead of hundreds makes `import` of the package several
// times faster, which is most of a CLI cold start: Node resolves, reads and links every module
// file on its own, and undici, zod or yaml are a hundred files each.
//
// What goes into the bundle: our own code and the third-party packages it imports statically.
// What stays an import:
// - `@kedro-mlflow/*`: one copy per process (the project imports the same engine as the CLI);
// - packages imported with `import()` (they are loaded when needed, not on every start);
// - esbuild and tsx (native binaries, workers and loader hooks found by file path);
// - a package any of whose files uses `__dirname` or `__filename` (inside a bundle they would
//   name the bundle, not the package's own files), except pino, which reaches its own path only to
//   start transport workers (`pino.transport`, the `transport` option) that our packages never use.
//   core-pipeline bundles pino and the CLI makes its loggers through it: pino is loaded once.
// The dependencies stay in each package.json: the tarball installs them, the `src` export uses them.
//
// Arguments name worker-thread entry points inside dist (`runner/parallel-worker.js`). Each is
// bundled to dist/<file name>, beside index.bundle.js, where the bundle's
// `new URL('./parallel-worker.js', import.meta.url)` finds it (tsc's copy sits beside its own caller).
//
// `--entry <file in dist>` adds a public entry point beside the index (a package.json subpath export,
// e.g. `local-dataset-types.js` → dist/local-dataset-types.bundle.js). Entries are bundled together,
// their shared code split into dist/chunks/, so that a class both export is one object.
//
// `--cjs` makes the package bundle CommonJS (dist/index.bundle.cjs, the `require` export) with a small
// ES module in front of it (dist/index.bundle.js, the `default` export) that requires it and
// re-exports its names: both kinds of importer get one instance, and the command line compiles the
// CommonJS file with a V8 code cache (core-pipeline's utils/code-cache.ts), which Node 20 cannot do
// for ES modules. `import.meta.url` in the sources becomes the .cjs file's URL (same folder).
//
// `--bin <src/bin.ts>` bundles a command line instead: from its TypeScript sources to one CommonJS
// file dist/<name>.bundle.cjs (its own modules' `import()` become lazily run parts of it), started
// by a generated dist/<name>.js that turns the code cache on first. Its files found by path must be
// found from the package root, not from `import.meta.url`, which here is dist/.
import { parse } from 'acorn';
import { build, transformSync } from 'esbuild';
import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';

const KEPT_EXTERNAL = /^(@kedro-mlflow\/|esbuild$|tsx(\/|$))/;
const OWN_PATH_ONLY_IN_UNUSED_FEATURES = new Set(['pino']);
const USES_OWN_PATH = /\b__(dirname|filename)\b/;
// A CommonJS package inside an ES module bundle calls require() (for node: built-ins) through
// esbuild's __require, which needs a `require` in scope. Only bundles that call it get one: a
// module-wide `require` would change `typeof require` checks in our own code.
const REQUIRE_BANNER = "import { createRequire as __bundleCreateRequire } from 'node:module'; const require = __bundleCreateRequire(import.meta.url);";

/** Marks as external what must stay an import (see above); everything else is bundled. */
function keepExternal(alsoExternal) {
  return {
    name: 'keep-external',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, (args) => {
        const external =
          args.kind === 'dynamic-import' || args.path.startsWith('node:') || KEPT_EXTERNAL.test(args.path) || (alsoExternal.has(args.path) && !inNodeModules(args.importer));
        return external ? { path: args.path, external: true } : undefined;
      });
    },
  };
}

/**
 * zod re-exports its ~60 message locales as `z.locales`, which no bundle here uses
 * (zod's English messages are set up from their own module); leaving them out makes a bundle that
 * uses zod ~0.5 MB smaller and ~6 ms quicker to load on every command.
 */
const zodWithoutLocales = {
  name: 'zod-without-locales',
  setup(build) {
    build.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic[\\/]external|core[\\/]index)\.js$/.test(args.importer) ? { path: 'zod-locales', namespace: 'zod-without-locales' } : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'zod-without-locales' }, () => ({ contents: 'export {};', loader: 'js' }));
  },
};

function inNodeModules(file) {
  return file.includes('/node_modules/');
}

/** A file's code without its comments (which often mention `__dirname`). */
function codeWithoutComments(path) {
  return transformSync(readFileSync(resolve(path), 'utf8'), { loader: 'js', legalComments: 'none', minifyWhitespace: true }).code;
}

/** The bare specifiers our own files import whose bundled files (theirs or their dependencies') use `__dirname`/`__filename`. */
function packagesUsingOwnPath(metafile) {
  const inputs = metafile.inputs;
  const usesOwnPath = new Map();
  const closureUses = (path, seen = new Set()) => {
    if (seen.has(path) || inputs[path] === undefined) return false;
    seen.add(path);
    if (!usesOwnPath.has(path)) usesOwnPath.set(path, /\.[cm]?js$/.test(path) && USES_OWN_PATH.test(codeWithoutComments(path)));
    return usesOwnPath.get(path) || inputs[path].imports.some((i) => !i.external && closureUses(i.path, seen));
  };
  const found = new Set();
  for (const [path, input] of Object.entries(inputs)) {
    if (inNodeModules(path)) continue;
    for (const i of input.imports) {
      if (!i.external && i.original !== undefined && /^[^./]/.test(i.original) && !OWN_PATH_ONLY_IN_UNUSED_FEATURES.has(i.original) && inNodeModules(i.path) && closureUses(i.path))
        found.add(i.original);
    }
  }
  return found;
}

const dir = process.cwd();
const options = { bundle: true, platform: 'node', format: 'esm', target: 'node20', sourcemap: true, logLevel: 'warning', write: false };
// In a CommonJS bundle, `import()` is called through `__load`: V8 loses the dynamic-import callback of code compiled from a code cache (Node 20),
// so code-cache.ts installs a loader that imports through dynamic-import.mjs, an ES module written
// beside the bundle (bare specifiers resolve from the bundle's own folder). Without it, `__load` is
// the native `import()`.
const BUNDLE_IMPORT_KEY = '@kedro-mlflow/code-cache.import';
const CJS_OPTIONS = {
  format: 'cjs',
  define: { 'import.meta.url': '__bundleImportMetaUrl' },
  banner: {
    js:
      // esbuild writes its "use strict" after the banner, where it would not count.
      "'use strict'; const __bundleImportMetaUrl = require('node:url').pathToFileURL(__filename).href; " +
      'const __load = (specifier) => { ' +
      "const s = /^\\.\\.?\\//.test(specifier) ? new URL(specifier, __bundleImportMetaUrl).href : specifier; " +
      `return globalThis[Symbol.for('${BUNDLE_IMPORT_KEY}')]?.(s, __bundleImportMetaUrl) ?? import(s); };`,
  },
};
const DYNAMIC_IMPORT_MODULE = "// Generated by scripts/bundle.mjs: `import()` for the CommonJS bundles of this folder (see code-cache.ts).\nexport default (specifier) => import(specifier);\n";

/** A CommonJS bundle's code with its `import(...)` expressions made `__load(...)` calls (found by parsing, so strings and comments stay). */
function routeDynamicImports(file, code) {
  const bannerAt = code.indexOf(CJS_OPTIONS.banner.js);
  if (bannerAt < 0) throw new Error(`${file}: the CommonJS banner is missing`);
  const bannerEnd = bannerAt + CJS_OPTIONS.banner.js.length;
  const ast = parse(code, { ecmaVersion: 'latest', sourceType: 'script', allowHashBang: true, allowReturnOutsideFunction: true });
  const starts = [];
  let usesName = false;
  const visit = (node) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object' || typeof node.type !== 'string') return;
    if (node.type === 'ImportExpression') starts.push(node.start);
    if (node.type === 'Identifier' && node.name === '__load' && node.start >= bannerEnd) usesName = true;
    for (const key of Object.keys(node)) if (key !== 'type' && key !== 'start' && key !== 'end') visit(node[key]);
  };
  visit(ast);
  if (usesName) throw new Error(`${file}: the bundle already uses the name __load, which its banner defines`);
  let out = code;
  // `import` and `__load` have the same length: positions (and source map columns) stay right.
  for (const at of starts) if (at >= bannerEnd) out = out.slice(0, at) + '__load' + out.slice(at + 6);
  return out;
}
/**
 * Builds `config` (esbuild options), then again if the first build shows what else must stay
 * external or needs `require`, and writes the output; returns the paths written.
 */
async function buildOutputs(config, { requireBanner = true } = {}) {
  const first = await build({ ...options, ...config, metafile: true, plugins: [keepExternal(new Set()), zodWithoutLocales] });
  const alsoExternal = packagesUsingOwnPath(first.metafile);
  const needsRequire = requireBanner && config.format !== 'cjs' && first.outputFiles.some((f) => f.path.endsWith('.js') && f.text.includes('__require('));
  return alsoExternal.size > 0 || needsRequire
    ? await build({ ...options, ...config, metafile: true, plugins: [keepExternal(alsoExternal), zodWithoutLocales], ...(needsRequire ? { banner: { js: REQUIRE_BANNER } } : {}) })
    : first;
}

async function bundle(config, { executable = false } = {}) {
  const result = await buildOutputs(config);
  // Entry points last, each by rename: a process starting meanwhile sees the old entry (whose
  // chunks are still there) or the new one, never an entry without its chunks.
  const entries = new Set(Object.entries(result.metafile.outputs).filter(([, o]) => o.entryPoint !== undefined).map(([path]) => resolve(path)));
  const write = async (f) => {
    const temporary = `${f.path}.${process.pid}.tmp`;
    await mkdir(dirname(f.path), { recursive: true });
    const contents = config.format === 'cjs' && f.path.endsWith('.cjs') ? routeDynamicImports(f.path, f.text) : f.contents;
    await writeFile(temporary, contents, { mode: executable && entries.has(f.path) ? 0o755 : 0o644 });
    await rename(temporary, f.path);
  };
  await Promise.all(result.outputFiles.filter((f) => !entries.has(f.path)).map(write));
  await Promise.all(result.outputFiles.filter((f) => entries.has(f.path)).map(write));
  return result.outputFiles.map((f) => f.path);
}

/** Removes the files of `folder` that this build did not write and that are older than it (earlier builds' chunks). */
function removeStale(folder, written, startedAt) {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    const file = join(folder, name);
    if (!written.has(file) && name !== 'dynamic-import.mjs' && statSync(file).mtimeMs < startedAt) rmSync(file, { force: true });
  }
}

/** `dist/x.js` → `dist/x.bundle.cjs` (`index.bundle.js` → `index.bundle.cjs`): CommonJS files the code cache takes. */
function cjsPath(path) {
  return path.endsWith('.bundle.js') ? path.replace(/\.js$/, '.cjs') : path.replace(/\.js$/, '.bundle.cjs');
}

/**
 * The package's public entries as CommonJS: an ES module build with shared chunks (so that a class
 * two entries export is one object), each file then turned into CommonJS, its imports of the other
 * files into `require`s of their .cjs names; each entry gets its ES module front (esmWrapper).
 */
async function bundleCjsEntries(publicEntries, startedAt) {
  const result = await buildOutputs({ entryPoints: publicEntries, outdir: join(dir, 'dist'), splitting: true, chunkNames: 'chunks/[name]-[hash]' }, { requireBanner: false });
  const outputs = new Set(result.outputFiles.map((f) => f.path).filter((p) => p.endsWith('.js')));
  const written = new Set();
  const entryFiles = [];
  for (const f of result.outputFiles) {
    if (!f.path.endsWith('.js')) continue; // the ES module build's source maps: the CommonJS files have none
    const here = dirname(f.path);
    // Static imports only: an `import()` of a part split off by esbuild keeps its .js name, the ES module
    // front written for it (esbuild counts such parts as entry points).
    const linked = f.text.replace(/(from\s*|import\s*)"(\.{1,2}\/[^"]+\.js)"/g, (whole, before, specifier) => {
      const target = resolve(here, specifier);
      return outputs.has(target) ? `${before}"${specifier.replace(/[^/]+$/, (name) => basename(cjsPath(join(here, name))))}"` : whole;
    });
    const target = cjsPath(f.path);
    const cjsCode = transformSync(linked, { loader: 'js', format: 'cjs', target: 'node20', define: CJS_OPTIONS.define, banner: CJS_OPTIONS.banner.js, logLevel: 'warning' }).code;
    const code = routeDynamicImports(target, cjsCode);
    written.add(target);
    const output = result.metafile.outputs[relativeToCwd(f.path)];
    if (output?.entryPoint !== undefined) {
      entryFiles.push({ target, code, esm: f.path, exports: output.exports ?? [] });
    } else {
      await mkdir(dirname(target), { recursive: true });
      await writeFileAtomically(target, code);
    }
  }
  // Beside every CommonJS file: the loader imports through the one in the bundle's own folder.
  for (const folder of new Set([...written].map((file) => dirname(file)))) await writeFileAtomically(join(folder, 'dynamic-import.mjs'), DYNAMIC_IMPORT_MODULE);
  // Entries last (chunks first): a process starting meanwhile finds every chunk an entry requires.
  for (const e of entryFiles) {
    await writeFileAtomically(e.target, e.code);
    await writeFileAtomically(e.esm, esmWrapper(basename(e.target), e.exports));
  }
  removeStale(join(dir, 'dist', 'chunks'), written, startedAt);
}

/** esbuild's metafile keys: paths relative to the working folder. */
function relativeToCwd(path) {
  return relative(process.cwd(), path);
}

/** The names a bundle of `entry` exports (from an ES module build of it). */
async function exportNames(entry) {
  const result = await build({ ...options, entryPoints: [entry], outdir: join(dir, 'dist'), metafile: true, sourcemap: false, plugins: [keepExternal(new Set()), zodWithoutLocales] });
  const output = Object.values(result.metafile.outputs).find((o) => o.entryPoint !== undefined);
  return output?.exports ?? [];
}

/** The ES module in front of a CommonJS bundle: requires it, re-exports its names. */
function esmWrapper(cjsName, names) {
  const plain = names.filter((n) => n !== 'default');
  return [
    "import { createRequire } from 'node:module';",
    `const bundle = createRequire(import.meta.url)('./${cjsName}');`,
    ...(plain.length > 0 ? [`export const { ${plain.join(', ')} } = bundle;`] : []),
    ...(names.includes('default') ? ['export default bundle.default;'] : []),
    '',
  ].join('\n');
}

async function writeFileAtomically(path, text, mode = 0o644) {
  const temporary = `${path}.${process.pid}.tmp`;
  await writeFile(temporary, text, { mode });
  await rename(temporary, path);
}

const args = process.argv.slice(2);
const binAt = args.indexOf('--bin');
if (binAt >= 0) {
  const entry = args[binAt + 1];
  if (entry === undefined) throw new Error('--bin needs the entry file, e.g. --bin src/bin.ts');
  const name = basename(entry).replace(/\.[cm]?ts$/, '');
  await bundle({ ...CJS_OPTIONS, entryPoints: [join(dir, entry)], outfile: join(dir, 'dist', `${name}.bundle.cjs`) });
  const launcher = [
    '#!/usr/bin/env node',
    `// Generated by scripts/bundle.mjs: the command line is ${name}.bundle.cjs, compiled with a V8 code cache.`,
    "import { createRequire } from 'node:module';",
    "import { enableCodeCache } from '@kedro-mlflow/core-pipeline/code-cache';",
    '',
    'enableCodeCache({ variant: process.argv[2] });',
    `createRequire(import.meta.url)('./${name}.bundle.cjs');`,
    '',
  ].join('\n');
  await writeFileAtomically(join(dir, 'dist', 'dynamic-import.mjs'), DYNAMIC_IMPORT_MODULE);
  await writeFileAtomically(join(dir, 'dist', `${name}.js`), launcher, 0o755);
  // The chunks of earlier (ES module) builds of the command line.
  rmSync(join(dir, 'dist', 'chunks'), { recursive: true, force: true });
} else {
  const cjs = args.includes('--cjs');
  const publicEntries = { 'index.bundle': join(dir, 'dist', 'index.js') };
  const workers = [];
  for (let i = 0; i < args.length; i += 1) {
    if (args[i] === '--cjs') continue;
    if (args[i] !== '--entry') workers.push(args[i]);
    else if (args[i + 1] === undefined) throw new Error('--entry needs a file in dist, e.g. --entry local-dataset-types.js');
    else publicEntries[`${basename(args[++i]).replace(/\.js$/, '')}.bundle`] = join(dir, 'dist', args[i]);
  }
  const startedAt = Date.now();
  const split = Object.keys(publicEntries).length > 1;
  const index = publicEntries['index.bundle'];
  const builds = [
    cjs && split
      ? bundleCjsEntries(publicEntries, startedAt)
      : cjs
      ? Promise.all([
          bundle({ ...CJS_OPTIONS, entryPoints: [index], outfile: join(dir, 'dist', 'index.bundle.cjs') }),
          exportNames(index),
          writeFileAtomically(join(dir, 'dist', 'dynamic-import.mjs'), DYNAMIC_IMPORT_MODULE),
        ]).then(([, names]) =>
          writeFileAtomically(join(dir, 'dist', 'index.bundle.js'), esmWrapper('index.bundle.cjs', names)),
        )
      : split
        ? bundle({ entryPoints: publicEntries, outdir: join(dir, 'dist'), splitting: true, chunkNames: 'chunks/[name]-[hash]' }).then((written) =>
            removeStale(join(dir, 'dist', 'chunks'), new Set(written), startedAt),
          )
        : bundle({ entryPoints: [index], outfile: join(dir, 'dist', 'index.bundle.js') }),
    ...workers.map((entry) => bundle({ entryPoints: [join(dir, 'dist', entry)], outfile: join(dir, 'dist', basename(entry)) })),
  ];
  await Promise.all(builds);
}
