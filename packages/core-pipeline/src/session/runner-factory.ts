/**
 * `session.run({runner})` accepts a runner instance, a built-in runner name (`--runner`), or
 * `<module path>#<Export>` for a project's own runner class; names get constructor options
 * (`--runner-params`). A ParallelRunner made here is pointed at the project's pipeline registry,
 * because its worker threads must import the nodes themselves.
 */
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KedroSessionError } from '../errors/kedro-session-error.js';
import { importFailure, MODULE_EXTENSIONS, type ModuleLoader } from '../project/module-loader.js';
import { describeGot } from '../project/values.js';
import type { AbstractRunner } from '../runner/abstract-runner.js';
import { ConcurrentRunner } from '../runner/concurrent-runner.js';
import { ParallelRunner } from '../runner/parallel-runner.js';
import { SequentialRunner } from '../runner/sequential-runner.js';
import { projectThreadModule } from './project-threads.js';
import { closeMatches } from '../utils/close-matches.js';
import { byCodePoint, pyList } from '../utils/py-repr.js';

export const RUNNER_NAMES = ['SequentialRunner', 'ConcurrentRunner', 'ThreadRunner', 'ParallelRunner'] as const;

type RunnerClass = new (options: Record<string, unknown>) => AbstractRunner;

const BUILT_IN: Record<string, { cls: RunnerClass; options: readonly string[] }> = {
  SequentialRunner: { cls: SequentialRunner as RunnerClass, options: ['isAsync'] },
  ConcurrentRunner: { cls: ConcurrentRunner as RunnerClass, options: ['maxWorkers', 'isAsync'] },
  // kedro's name for the same thing (its ThreadRunner runs I/O-bound nodes concurrently).
  ThreadRunner: { cls: ConcurrentRunner as RunnerClass, options: ['maxWorkers', 'isAsync'] },
  ParallelRunner: { cls: ParallelRunner as RunnerClass, options: ['maxWorkers', 'isAsync', 'pipelineModule', 'pipelineExport', 'execArgv'] },
};

/** A runner another package provides under a name (`--runner TemporalRunner`), loaded only when asked for. */
export interface RunnerPlugin {
  /** Its constructor options (camelCase), for the unknown-option error; without a list the runner checks its own. */
  readonly options?: readonly string[];
  create(options: Record<string, unknown>, ctx: RunnerContext): Promise<AbstractRunner>;
}

const plugins = new Map<string, RunnerPlugin>();

/** Makes `name` a runner name for every later session of the process (a CLI registers its optional runners). */
export function registerRunner(name: string, plugin: RunnerPlugin): void {
  if (Object.hasOwn(BUILT_IN, name)) throw new KedroSessionError(`'${name}' is a built-in runner: register a runner of your own under another name.`);
  plugins.set(name, plugin);
}

/** Whether `--runner <name>` names a runner: a built-in one or one a package registered. */
export function isRunnerName(name: string): boolean {
  return Object.hasOwn(BUILT_IN, name) || plugins.has(name);
}

export interface RunnerContext {
  projectPath: string;
  /** The pipeline registry file, for ParallelRunner workers. */
  registryFile: string | undefined;
  workerExecArgv: string[] | undefined;
  loader: ModuleLoader;
}

export async function createRunner(
  spec: AbstractRunner | string | undefined,
  runnerOptions: Record<string, unknown> | undefined,
  ctx: RunnerContext,
): Promise<AbstractRunner> {
  const options = camelCaseKeys(runnerOptions ?? {});
  if (spec === undefined) spec = 'SequentialRunner';
  if (typeof spec === 'function') {
    const name = (spec as { name?: string }).name || 'Runner';
    throw new KedroSessionError(
      'KedroSession expect an instance of Runner instead of a class. Have you forgotten the `new` at the beginning of the statement? ' +
        `Write \`new ${name}()\`, or pass the runner's name as a string.`,
    );
  }
  if (typeof spec !== 'string') return checked(spec, describeGot(spec));

  const builtIn = BUILT_IN[spec];
  if (builtIn !== undefined) {
    const unknown = Object.keys(options).filter((key) => !builtIn.options.includes(key));
    if (unknown.length > 0) {
      throw new KedroSessionError(`Unknown option(s) ${pyList(unknown)} for ${spec}. Its options are ${pyList(builtIn.options)}.`);
    }
    const defaults: Record<string, unknown> = builtIn.cls === (ParallelRunner as RunnerClass) ? { ...(await projectThreadModule(ctx)) } : {};
    return new builtIn.cls({ ...defaults, ...options });
  }
  const plugin = plugins.get(spec);
  if (plugin !== undefined) {
    const known = plugin.options;
    const unknown = known === undefined ? [] : Object.keys(options).filter((key) => !known.includes(key));
    if (known !== undefined && unknown.length > 0) {
      throw new KedroSessionError(`Unknown option(s) ${pyList(unknown)} for ${spec}. Its options are ${pyList(known)}.`);
    }
    return checked(await plugin.create(options, ctx), `'${spec}'`);
  }
  if (spec.includes('#') || looksLikePath(spec)) return fromModule(spec, options, ctx);

  const names = [...RUNNER_NAMES, ...plugins.keys()];
  const hint = closeMatches(spec, names, 1)[0];
  throw new KedroSessionError(
    `Unknown runner '${spec}'.${hint === undefined ? '' : ` Did you mean '${hint}'?`} Use one of ${pyList(names)}, ` +
      "or '<module path>#<ExportedClass>' for a runner of your own (e.g. './src/runners.ts#MyRunner').",
  );
}

/** `./src/runners.ts#MyRunner` (relative to the project) or `some-package#MyRunner`. */
async function fromModule(spec: string, options: Record<string, unknown>, ctx: RunnerContext): Promise<AbstractRunner> {
  const hash = spec.lastIndexOf('#');
  const modulePart = hash === -1 ? spec : spec.slice(0, hash);
  const exportName = hash === -1 ? 'default' : spec.slice(hash + 1) || 'default';
  const file = locate(modulePart, ctx.projectPath);
  if (file === undefined) {
    throw new KedroSessionError(`Cannot find the module '${modulePart}' of runner '${spec}' (paths are relative to the project ${ctx.projectPath}).`);
  }
  let module: Record<string, unknown>;
  try {
    module = await ctx.loader(file);
  } catch (error) {
    throw new KedroSessionError(`Failed to import the module of runner '${spec}': ${importFailure(file, error)}`, { cause: error });
  }
  const value = module[exportName];
  if (value === undefined) {
    const names = Object.keys(module).filter((k) => k !== '__esModule').sort(byCodePoint);
    throw new KedroSessionError(`Module '${modulePart}' has no export '${exportName}' (runner '${spec}'). Its exports are ${pyList(names)}.`);
  }
  if (typeof value === 'function') {
    let runner: unknown;
    try {
      runner = new (value as RunnerClass)(options);
    } catch (error) {
      throw new KedroSessionError(`Failed to create runner '${spec}': ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
    return checked(runner, `'${spec}'`);
  }
  return checked(value, `'${spec}'`);
}

function checked(runner: unknown, what: string): AbstractRunner {
  if (runner === null || typeof runner !== 'object' || typeof (runner as { run?: unknown }).run !== 'function') {
    throw new KedroSessionError(
      `The runner must be a runner instance (SequentialRunner, ConcurrentRunner, ParallelRunner or a class extending AbstractRunner), got ${what}.`,
    );
  }
  return runner as AbstractRunner;
}

function looksLikePath(spec: string): boolean {
  return spec.startsWith('.') || isAbsolute(spec) || spec.startsWith('file:') || MODULE_EXTENSIONS.some((ext) => spec.endsWith(ext));
}

function locate(modulePart: string, projectPath: string): string | undefined {
  if (looksLikePath(modulePart)) {
    const base = modulePart.startsWith('file:') ? fileURLToPath(modulePart) : resolve(projectPath, modulePart);
    return ['', ...MODULE_EXTENSIONS].map((ext) => base + ext).find((f) => existsSync(f) && statSync(f).isFile());
  }
  try {
    return createRequire(join(projectPath, 'package.json')).resolve(modulePart);
  } catch {
    return undefined;
  }
}

/** `--runner-params max_workers=4` arrives snake_cased, like kedro's; our options are camelCase. */
function camelCaseKeys(options: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(options).map(([key, value]) => [key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value]));
}
