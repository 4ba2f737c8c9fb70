/**
 * `server.request_header_provider`: a class of the project (or of a package) whose instances give
 * the headers of every request to the tracking server, for tokens that expire (MLflow's
 * RequestHeaderProvider). `type: ./src/auth.ts#TokenProvider` is resolved against the project; the
 * class is built with `init_kwargs` (plus `kedroContext` with `pass_context: true`) and asked for
 * headers before each request.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { ConfigError, defaultModuleLoader, MODULE_EXTENSIONS, type KedroContext } from '@kedro-mlflow/core-pipeline';
import type { HeaderProvider } from '@kedro-mlflow/mlflow-client';
import type { MlflowConfig } from './schema.js';

/** What a provider class's instances offer (both may be async). */
export interface RequestHeaderProvider {
  /** false: the provider has nothing to add right now (optional, default true). */
  inContext?(): boolean | Promise<boolean>;
  requestHeaders(request: { method: string; url: string }): Record<string, string> | Promise<Record<string, string>>;
}

const KEY_PATH = 'server.request_header_provider.type';

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

function locate(module: string, projectPath: string): string | undefined {
  if (module.startsWith('.') || isAbsolute(module)) {
    const base = resolve(projectPath, module);
    return [base, ...MODULE_EXTENSIONS.map((ext) => base + ext)].find(isFile);
  }
  try {
    return createRequire(join(projectPath, 'package.json')).resolve(module);
  } catch {
    return undefined;
  }
}

export interface LoadedHeaderProvider {
  instance: RequestHeaderProvider;
  headerProvider: HeaderProvider;
}

/** Builds the configured provider; undefined when `type` is null. */
export async function loadHeaderProvider(
  settings: MlflowConfig['server']['request_header_provider'],
  context: KedroContext,
  file: string | undefined,
): Promise<LoadedHeaderProvider | undefined> {
  const type = settings.type;
  if (type === null) return undefined;
  const fail = (problem: string, cause?: unknown): ConfigError =>
    new ConfigError(`Invalid MLflow configuration${file === undefined ? '' : ` in ${file}`}: '${KEY_PATH}' is '${type}': ${problem}`, {
      keyPath: KEY_PATH,
      ...(file === undefined ? {} : { file }),
    }, cause === undefined ? undefined : { cause });
  const hash = type.lastIndexOf('#');
  if (hash <= 0 || hash === type.length - 1) {
    throw fail("expected '<module>#<ExportedClass>', e.g. './src/auth.ts#TokenProvider' (a path relative to the project) or 'some-package#Provider'.");
  }
  const module = type.slice(0, hash);
  const exportName = type.slice(hash + 1);
  const path = locate(module, context.projectPath);
  if (path === undefined) throw fail(`the module '${module}' was not found from the project ${context.projectPath}.`);
  let exports: Record<string, unknown>;
  try {
    exports = await defaultModuleLoader()(path);
  } catch (error) {
    throw fail(`importing ${path} failed: ${(error as Error).message}`, error);
  }
  const cls = exports[exportName];
  if (cls === undefined) {
    const names = Object.keys(exports).filter((k) => k !== '__esModule');
    throw fail(`'${module}' has no export '${exportName}' (its exports: ${names.length === 0 ? 'none' : names.join(', ')}).`);
  }
  const proto = (cls as { prototype?: Record<string, unknown> } | null)?.prototype;
  if (typeof cls !== 'function' || typeof proto?.requestHeaders !== 'function') {
    throw fail(`'${exportName}' is not a request header provider: export a class whose instances have a requestHeaders() method returning the headers.`);
  }
  const options = { ...settings.init_kwargs, ...(settings.pass_context ? { kedroContext: context } : {}) };
  let instance: RequestHeaderProvider;
  try {
    instance = new (cls as new (options: Record<string, unknown>) => RequestHeaderProvider)(options);
  } catch (error) {
    throw fail(`its constructor failed: ${(error as Error).message}`, error);
  }
  const headerProvider: HeaderProvider = async (request) => {
    if (instance.inContext !== undefined && !(await instance.inContext())) return {};
    return instance.requestHeaders(request);
  };
  return { instance, headerProvider };
}
