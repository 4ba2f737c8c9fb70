/**
 * Registers, on the current thread, the hooks that import a project's TypeScript sources (tsx,
 * behind a compile cache) and resolve `@kedro-mlflow/*` from the CLI when the project has no copy
 * (resolve-hooks.ts). CommonJS on purpose: worker threads of Node 20 ignore `--import` in their
 * execArgv but honour `--require`, so ParallelRunner workers preload this very file.
 */
import nodeModule = require('node:module');
import nodePath = require('node:path');
import nodeUrl = require('node:url');

const REGISTERED = Symbol.for('@kedro-mlflow/cli.loader-registered');
type Holder = { [REGISTERED]?: boolean };

function registerLoaderHooks(): void {
  const holder = globalThis as Holder;
  if (holder[REGISTERED] === true) return;
  holder[REGISTERED] = true;
  // Stack traces point into the project's .ts files (tsx emits inline source maps).
  process.setSourceMapsEnabled(true);
  nodeModule.register(nodeUrl.pathToFileURL(nodePath.join(__dirname, 'resolve-hooks.js')), {
    data: { fallbackParentURL: nodeUrl.pathToFileURL(nodePath.join(__dirname, 'register.js')).href },
  });
}

registerLoaderHooks();

export = { registerLoaderHooks };
