/**
 * Preloaded (`--require`) by ParallelRunner worker threads whose pipeline registry is compiled: the
 * worker imports that compiled registry by URL, and the modules the registry finds with
 * `findPipelines()` come through the same loader as on the main thread (register.ts), so the worker
 * runs the very same compiled copies. CommonJS because worker threads of Node 20 ignore `--import`.
 */
import nodePath = require('node:path');
import nodeUrl = require('node:url');

type Loader = (file: string) => Promise<Record<string, unknown>>;

// The key core-pipeline's setDefaultModuleLoader() uses (process-wide, shared by every copy of it).
const AMBIENT_KEY = Symbol.for('@kedro-mlflow/core-pipeline.moduleLoader');
const registerUrl = nodeUrl.pathToFileURL(nodePath.join(__dirname, 'register.js')).href;

process.setSourceMapsEnabled(true);
const ambientLoader: Loader = async (file) => ((await import(registerUrl)) as { moduleLoader: Loader }).moduleLoader(file);
(globalThis as { [AMBIENT_KEY]?: Loader })[AMBIENT_KEY] = ambientLoader;
