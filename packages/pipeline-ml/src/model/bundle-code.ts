/**
 * Bundles the model's code with esbuild into `code/pipeline.mjs`: the module the inference pipeline
 * comes from and everything it imports, the loader (runtime/), and the dataset types of the
 * artifacts — one ES module that runs on Node with no node_modules. A ParallelRunner worker file is
 * bundled beside it. What cannot be bundled fails here, at training time, naming the module and the
 * nodes that reach it: a native addon (`.node`), a `require()` or `import()` of a computed name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Message, Metafile, Plugin } from 'esbuild';
import type { Pipeline } from '@kedro-mlflow/core-pipeline';
import { computedImports } from './computed-imports.js';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import { nodeFunctionFiles } from './node-locations.js';
import { CODE_FILE } from './runtime/flavor-config.js';
import type { CodeSource } from './runtime/pipeline-from-source.js';

const PACKAGE_NAME = '@kedro-mlflow/pipeline-ml';

export interface BundleResult {
  /** Files of the bundle, relative to the model folder. */
  files: string[];
  /** Dynamic imports left in our own packages' code, never reached by a prediction (module: what). */
  ignored: string[];
}

/** This package's folder, and whether it runs from its TypeScript sources (tests) or dist. */
export function packageRoot(): { root: string; fromSource: boolean } {
  const here = fileURLToPath(import.meta.url);
  let dir = dirname(here);
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === PACKAGE_NAME) return { root: dir, fromSource: here.endsWith('.ts') };
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the folder of ${PACKAGE_NAME} above ${here}`);
    dir = parent;
  }
}

/** `@kedro-mlflow/*` package folders (in a workspace or node_modules): their known dynamic imports serve project loading, not predictions. */
const isOwnPackageFile = (file: string): boolean => /[\\/](?:packages[\\/](?:core-pipeline|mlflow-client|datasets|pipeline-ml)|node_modules[\\/]@kedro-mlflow[\\/][^\\/]+)[\\/](?:src|dist)[\\/]/.test(file);

function entryCode(moduleFile: string, runtime: string, source: CodeSource, types: readonly string[]): string {
  const imports = types.map((t, i) => `import { ${t} as __type${i} } from '@kedro-mlflow/datasets';`).join('\n');
  const typeMap = types.map((t, i) => `${JSON.stringify(t)}: __type${i}`).join(', ');
  return `import * as exports from ${JSON.stringify(moduleFile)};
import { openModel, pipelineFromSource } from ${JSON.stringify(runtime)};
${imports}
const code = { exports, source: ${JSON.stringify(source)}, datasetTypes: { ${typeMap} }, bundleUrl: import.meta.url };
/** Opens the model this code belongs to (default: the folder above this file). */
export function loadModel(dir, modelUri) { return openModel(code, dir, modelUri); }
/** The inference pipeline (ParallelRunner workers import it). */
export function inferencePipeline() { return pipelineFromSource(exports, code.source); }
`;
}

/** Records `.node` imports instead of failing on the first, so every one is reported. */
function nativeAddons(found: Array<{ path: string; importer: string }>): Plugin {
  return {
    name: 'native-addons',
    setup(b) {
      b.onResolve({ filter: /\.node$/ }, (args) => {
        found.push({ path: resolve(args.resolveDir, args.path), importer: args.importer });
        return { path: args.path, external: true };
      });
    },
  };
}

/** mlflow-client's S3 store, which loads the AWS SDK with `import()` on its first request. */
const OUR_OBJECT_STORE = /[\\/](dist|src)[\\/]artifacts[\\/]s3[\\/]s3-object-store\.[jt]s$/;

/**
 * Leaves the AWS SDK that mlflow-client's S3 store would load out of a model (megabytes of code a
 * model never runs: its inference datasets are local files, s3 paths are refused at save). Those
 * `import()`s resolve to a module that throws an error with `kind: 'object-store-unavailable'`. The
 * project's own imports of the AWS SDK are bundled as usual.
 */
export function withoutObjectStore(): Plugin {
  return {
    name: 'without-object-store',
    setup(b) {
      b.onResolve({ filter: /^@aws-sdk\// }, (args) =>
        args.kind === 'dynamic-import' && OUR_OBJECT_STORE.test(args.importer) ? { path: args.path, namespace: 'kedro-model-object-store' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'kedro-model-object-store' }, (args) => ({
        loader: 'js',
        contents: `const error = new Error(${JSON.stringify(`${args.path} is not bundled into kedro_pipeline models: object storage (s3://) is not available to a model's inference datasets; keep them local files.`)});
error.name = 'ObjectStoreUnavailableError';
error.kind = 'object-store-unavailable';
throw error;
export {};`,
      }));
    },
  };
}

/**
 * Built `@kedro-mlflow/*` packages point their `default` exports at pre-bundled files, in which
 * esbuild cannot drop what the model does not use (2.6 MB instead of 0.7 MB for a small model), and
 * which load their CommonJS bundle with createRequire, which a bundle cannot follow: take tsc's
 * per-file build beside them instead (`dist/index.js` for the package, `dist/<entry>.js` for a subpath).
 */
export function perFileBuilds(): Plugin {
  return {
    name: 'per-file-builds',
    setup(b) {
      b.onResolve({ filter: /^@kedro-mlflow\/[^/]+(\/.+)?$/ }, (args) => {
        try {
          const [scope, name, ...rest] = args.path.split('/');
          const manifestFile = createRequire(join(args.resolveDir, 'index.js')).resolve(`${scope}/${name}/package.json`);
          const subpath = rest.length === 0 ? '.' : `./${rest.join('/')}`;
          const exported = (JSON.parse(readFileSync(manifestFile, 'utf8')) as { exports?: Record<string, { default?: string } | string> }).exports?.[subpath];
          const target = typeof exported === 'string' ? exported : exported?.default;
          if (target === undefined || !target.endsWith('.bundle.js')) return undefined;
          const perFile = join(dirname(manifestFile), target.replace(/\.bundle\.js$/, '.js'));
          return existsSync(perFile) ? { path: perFile } : undefined;
        } catch {
          return undefined;
        }
      });
    },
  };
}

/** Files that import `target`, directly or not, by the metafile's import graph (absolute paths). */
function importersOf(metafile: Metafile, cwd: string, target: string): Set<string> {
  const graph = new Map<string, string[]>();
  for (const [file, input] of Object.entries(metafile.inputs)) graph.set(resolve(cwd, file), input.imports.filter((i) => !i.external).map((i) => resolve(cwd, i.path)));
  const reach = new Set<string>([target]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [file, imports] of graph) if (!reach.has(file) && imports.some((i) => reach.has(i))) (reach.add(file), (grew = true));
  }
  return reach;
}

async function unbundlable(pipeline: Pipeline, metafile: Metafile, cwd: string, module: string, why: string): Promise<KedroPipelineModelError> {
  const files = await nodeFunctionFiles(pipeline.nodes);
  const reach = importersOf(metafile, cwd, module);
  const nodes = pipeline.nodes.filter((n) => reach.has(files.get(n.name) ?? '')).map((n) => n.name).sort();
  const who = nodes.length === 0 ? 'The model code' : `Node${nodes.length > 1 ? 's' : ''} ${nodes.map((n) => `'${n}'`).join(', ')}`;
  return new KedroPipelineModelError(
    `${who} import${nodes.length > 1 ? '' : 's'} '${module}', which cannot be bundled into the model: ${why}. ` +
      'The model must run where the project is not installed: keep this module out of the inference pipeline, or replace it with pure JavaScript.',
    { kind: 'unbundlable', module, nodes },
  );
}

/** esbuild options of every file bundled into a model: one ES module for Node 20 with no node_modules. */
export function nodeBundleOptions(fromSource: boolean, cwd: string) {
  return {
    bundle: true,
    platform: 'node' as const,
    format: 'esm' as const,
    target: 'node20',
    logLevel: 'silent' as const,
    absWorkingDir: cwd,
    ...(fromSource ? { conditions: ['@kedro-mlflow/source'] } : {}),
    // CommonJS dependencies require() Node's built-ins: give the ES module a require.
    banner: { js: "import { createRequire as __kpmCreateRequire } from 'node:module'; const require = __kpmCreateRequire(import.meta.url);" },
  };
}

/** Writes the bundle into `<modelDir>/code/`. */
export async function bundleModelCode(modelDir: string, pipeline: Pipeline, source: CodeSource, types: readonly string[]): Promise<BundleResult> {
  const { root, fromSource } = packageRoot();
  // Loaded on first save: serving and loading never need the bundler.
  const { build } = await import('esbuild');
  const moduleFile = isAbsolute(source.module) ? source.module : resolve(source.module);
  if (!existsSync(moduleFile)) {
    throw new KedroPipelineModelError(`The model code module '${source.module}' does not exist (looked at ${moduleFile}).`, { kind: 'code-source', module: source.module });
  }
  const runtime = join(root, fromSource ? 'src/model/runtime/index.ts' : 'dist/model/runtime/index.js');
  const codeDir = join(modelDir, dirname(CODE_FILE));
  await mkdir(codeDir, { recursive: true });
  const addons: Array<{ path: string; importer: string }> = [];
  const cwd = process.cwd();
  const common = { ...nodeBundleOptions(fromSource, cwd), metafile: true };
  let result;
  try {
    result = await build({
      ...common,
      stdin: { contents: entryCode(moduleFile, runtime, source, types), resolveDir: root, sourcefile: 'kedro-pipeline-model-entry.mjs', loader: 'js' },
      outfile: join(modelDir, CODE_FILE),
      plugins: fromSource ? [withoutObjectStore(), nativeAddons(addons)] : [withoutObjectStore(), nativeAddons(addons), perFileBuilds()],
    });
  } catch (error) {
    const first = ((error as { errors?: Message[] }).errors ?? [])[0];
    const file = first?.location?.file;
    throw new KedroPipelineModelError(
      `Bundling the model code from '${source.module}' failed${file === undefined ? '' : ` in '${file}'`}: ${first?.text ?? (error as Error).message}.`,
      { kind: 'unbundlable', module: file === undefined ? source.module : resolve(cwd, file) },
      { cause: error },
    );
  }
  const metafile = result.metafile!;
  if (addons.length > 0) throw await unbundlable(pipeline, metafile, cwd, addons[0]!.importer, `it loads the native addon '${relative(cwd, addons[0]!.path)}'`);
  const ignored: string[] = [];
  for (const found of await computedImports(metafile, cwd)) {
    // Our packages' project-loading code and third-party fallbacks are never reached by a prediction
    // we know of: recorded in the environment file. The project's own code must be bundleable.
    if (isOwnPackageFile(found.file) || /[\\/]node_modules[\\/]/.test(found.file)) ignored.push(`${relative(cwd, found.file)}: ${found.call}`);
    else throw await unbundlable(pipeline, metafile, cwd, found.file, `it calls ${found.call} of a computed module name, which the bundler cannot follow`);
  }
  const files = [CODE_FILE];
  // core-pipeline's ParallelRunner starts './parallel-worker.js' beside its own module, the bundle here.
  const workerSource = join(dirname(createRequire(join(root, 'package.json')).resolve('@kedro-mlflow/core-pipeline/package.json')), 'dist', 'parallel-worker.js');
  if (existsSync(workerSource)) {
    await build({ ...common, metafile: false, entryPoints: [workerSource], outfile: join(codeDir, 'parallel-worker.js') });
    await writeFile(join(codeDir, 'package.json'), '{ "type": "module" }\n', 'utf8');
    files.push('code/parallel-worker.js', 'code/package.json');
  }
  return { files, ignored: [...new Set(ignored)].sort() };
}
