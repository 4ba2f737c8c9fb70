/**
 * kedro's KedroSession: one project, one environment, one run. `create()` reads the project and its
 * settings and registers hooks; `run()` builds the context, the pipeline, the runner and the catalog,
 * and runs between the pipeline hooks.
 */
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigLoader } from '../config/config-loader.js';
import { KedroSessionError } from '../errors/kedro-session-error.js';
import { MissingConfigError } from '../errors/missing-config-error.js';
import { ProjectError } from '../errors/project-error.js';
import { HookManager } from '../hooks/hook-manager.js';
import type { KedroHookSpecs, RunParams, RunPart, RunResult } from '../hooks/hook-specs.js';
import { generateTimestamp, isSafeVersion } from '../io/version.js';
import { getLogger } from '../logging.js';
import { Pipeline } from '../pipeline/pipeline.js';
import { bootstrapProject, findProjectRoot, type ProjectMetadata } from '../project/metadata.js';
import { defaultModuleLoader, withDefaultModuleLoader, type ModuleLoader } from '../project/module-loader.js';
import { pipelineRegistryFile } from '../project/pipeline-registry.js';
import { collectPluginHooks } from '../project/plugin-hooks.js';
import { loadSettings, type ProjectSettings } from '../project/settings.js';
import { describeGot } from '../project/values.js';
import type { AbstractRunner } from '../runner/abstract-runner.js';
import type { RunInterrupt } from '../runner/run-interrupt.js';
import { closeMatches } from '../utils/close-matches.js';
import { byCodePoint, pyList } from '../utils/py-repr.js';
import { KedroContext } from './context.js';
import { pluginConfigResolvers } from './plugin-config-resolvers.js';
import { createRunner } from './runner-factory.js';
import { buildSessionStore } from './session-store.js';
import { CORE_PIPELINE_VERSION } from './version.js';

const log = getLogger('kedro.framework.session');

export interface SessionCreateOptions {
  /** Default: the project holding the working directory (findProjectRoot). */
  projectPath?: string;
  /** Default: $KEDRO_ENV, else configLoaderArgs.defaultRunEnv ('local'). */
  env?: string;
  /** `--params`, already parsed to nested objects. */
  runtimeParams?: Record<string, unknown>;
  /** Overrides settings.confSource; relative to the working directory (like `--conf-source`). */
  confSource?: string;
  moduleLoader?: ModuleLoader;
  /** Registered after the settings' and plugins' hooks, so they run first (LIFO). */
  hooks?: object[];
  /** execArgv of ParallelRunner worker threads (e.g. the CLI's TypeScript loader flags). */
  workerExecArgv?: string[];
  /**
   * This session runs a part of another session's run (a distributed runner's worker): it takes
   * that session's id, and its runs carry `runParams.partOf`.
   */
  partOf?: RunPart;
  /**
   * Where the session's contexts get their pipelines (default: the project's registry, loaded per
   * context). A worker that runs many nodes of one project loads the registry once and shares it.
   */
  pipelineRegistry?: () => Promise<Record<string, Pipeline>>;
}

export interface SessionRunOptions {
  /** Default `['__default__']`; several are combined. */
  pipelineNames?: string[];
  tags?: string[];
  nodeNames?: string[];
  fromNodes?: string[];
  toNodes?: string[];
  fromInputs?: string[];
  toOutputs?: string[];
  namespaces?: string[];
  /** An instance, a built-in name, or `<module path>#<Export>` relative to the project. */
  runner?: AbstractRunner | string;
  /** Constructor options when `runner` is a string (snake_case keys are accepted too). */
  runnerOptions?: Record<string, unknown>;
  loadVersions?: Record<string, string>;
  onlyMissingOutputs?: boolean;
  /** Lets the caller stop the run (a CLI on Ctrl-C); see RunInterrupt. */
  interrupt?: RunInterrupt;
}

interface SessionInit {
  metadata: ProjectMetadata;
  settings: ProjectSettings;
  env: string;
  confSource: string;
  runtimeParams: Record<string, unknown>;
  hookManager: HookManager<KedroHookSpecs>;
  store: Record<string, unknown>;
  settleStore: () => Promise<void>;
  sessionId: string;
  moduleLoader: ModuleLoader | undefined;
  workerExecArgv: string[] | undefined;
  partOf: RunPart | undefined;
  pipelineRegistry: (() => Promise<Record<string, Pipeline>>) | undefined;
}

export class KedroSession {
  /** A timestamp (`2024-01-15T10.30.00.123Z`); also the catalog's save version. */
  readonly sessionId: string;
  readonly metadata: ProjectMetadata;
  readonly env: string;
  readonly hookManager: HookManager<KedroHookSpecs>;
  /** What the session records about itself; its `git` entry is computed on demand (see `storeReady`). */
  readonly store: Record<string, unknown>;
  readonly settings: ProjectSettings;
  /** Absolute path of the configuration folder. */
  readonly confSource: string;
  readonly #settleStore: () => Promise<void>;
  readonly #runtimeParams: Record<string, unknown>;
  readonly #moduleLoader: ModuleLoader | undefined;
  readonly #workerExecArgv: string[] | undefined;
  readonly #partOf: RunPart | undefined;
  readonly #pipelineRegistry: (() => Promise<Record<string, Pipeline>>) | undefined;
  #running = false;
  #runCompleted = false;
  #closed = false;

  private constructor(init: SessionInit) {
    this.sessionId = init.sessionId;
    this.metadata = init.metadata;
    this.env = init.env;
    this.hookManager = init.hookManager;
    this.store = init.store;
    this.#settleStore = init.settleStore;
    this.settings = init.settings;
    this.confSource = init.confSource;
    this.#runtimeParams = init.runtimeParams;
    this.#moduleLoader = init.moduleLoader;
    this.#workerExecArgv = init.workerExecArgv;
    this.#partOf = init.partOf;
    this.#pipelineRegistry = init.pipelineRegistry;
  }

  /** The store with its `git` entry (commit, dirty) filled in, when the project is in a git checkout. */
  async storeReady(): Promise<Record<string, unknown>> {
    await this.#settleStore();
    return this.store;
  }

  static async create(options: SessionCreateOptions = {}): Promise<KedroSession> {
    const projectPath = options.projectPath !== undefined ? resolve(options.projectPath) : findProjectRoot(process.cwd());
    if (projectPath === undefined) {
      throw new ProjectError(
        `Could not find a kedro-mlflow project in '${process.cwd()}' or any folder above it (a project is a folder whose package.json has a "kedro" field). ` +
          'Run the command inside a project, or pass projectPath.',
      );
    }
    const metadata = await bootstrapProject(projectPath);
    const loader = options.moduleLoader;
    const settings = await withDefaultModuleLoader(loader, () => loadSettings(metadata, loader));

    const confSource =
      options.confSource !== undefined ? resolve(options.confSource) : resolve(metadata.projectPath, settings.confSource ?? 'conf');
    if (!isDirectory(confSource)) {
      const origin = options.confSource !== undefined ? 'the confSource option' : settings.confSource !== undefined ? "settings' confSource" : 'the default';
      throw new ProjectError(`The configuration folder '${confSource}' (from ${origin}) does not exist. Create it, or point confSource at an existing folder.`);
    }
    const fromEnv = process.env.KEDRO_ENV;
    const env = options.env ?? (fromEnv !== undefined && fromEnv !== '' ? fromEnv : undefined) ?? settings.configLoaderArgs?.defaultRunEnv ?? 'local';
    if (typeof env !== 'string' || env === '') throw new ProjectError(`The environment must be a non-empty folder name, got ${describeGot(env)}.`);
    const runtimeParams = options.runtimeParams ?? {};
    const sessionId = options.partOf !== undefined ? partSessionId(options.partOf) : uniqueSessionId();

    const hookManager = new HookManager<KedroHookSpecs>();
    // kedro's order: project hooks, then plugins' (so plugins run first), then the caller's (first of all).
    for (const hook of settings.hooks ?? []) hookManager.register(hook);
    for (const plugin of collectPluginHooks(settings.disableHooksForPlugins)) {
      for (const hook of plugin.hooks) hookManager.register(hook, plugin.name);
    }
    for (const hook of options.hooks ?? []) {
      if (typeof hook === 'function') {
        throw new KedroSessionError(
          `KedroSession expects hooks to be registered as instances, got the class '${(hook as { name?: string }).name || 'anonymous'}'. ` +
            'Have you forgotten the `new` when registering a hook class?',
        );
      }
      hookManager.register(hook);
    }

    const { store, settle } = buildSessionStore({ sessionId, projectPath: metadata.projectPath, env, runtimeParams });
    return new KedroSession({
      metadata,
      settings,
      env,
      confSource,
      runtimeParams,
      hookManager,
      store,
      settleStore: settle,
      sessionId,
      moduleLoader: loader,
      workerExecArgv: options.workerExecArgv,
      partOf: options.partOf,
      pipelineRegistry: options.pipelineRegistry,
    });
  }

  /** A new context (config loader for this environment); fires `afterContextCreated`. */
  async loadContext(): Promise<KedroContext> {
    this.#assertOpen();
    const loaderArgs = this.settings.configLoaderArgs ?? {};
    const baseEnv = loaderArgs.baseEnv ?? 'base';
    checkEnvironmentFolders(this.confSource, baseEnv, this.env);
    const configLoader = new ConfigLoader({
      baseEnv,
      defaultRunEnv: 'local',
      ...loaderArgs,
      customResolvers: { ...pluginConfigResolvers(), ...loaderArgs.customResolvers },
      confSource: this.confSource,
      env: this.env,
      runtimeParams: this.#runtimeParams,
    });
    const context = new KedroContext({
      metadata: this.metadata,
      env: this.env,
      configLoader,
      hookManager: this.hookManager,
      settings: this.settings,
      moduleLoader: this.#moduleLoader,
      sessionId: this.sessionId,
      pipelineRegistry: this.#pipelineRegistry,
    });
    await this.hookManager.call('afterContextCreated', { context });
    return context;
  }

  /** Runs the named pipelines, filtered; one run per session. Returns the free outputs' datasets. */
  async run(options: SessionRunOptions = {}): Promise<RunResult> {
    this.#assertOpen();
    if (this.#runCompleted) {
      throw new KedroSessionError(
        'A run has already been completed as part of the active KedroSession. KedroSession has a 1-1 mapping with runs, ' +
          'and thus only one run should be executed per session.',
      );
    }
    if (this.#running) throw new KedroSessionError('A run is already in progress in this KedroSession: only one run should be executed per session.');
    this.#running = true;
    try {
      return await this.#run(options);
    } finally {
      this.#running = false;
    }
  }

  async #run(options: SessionRunOptions): Promise<RunResult> {
    log.info('Kedro project %s', this.metadata.projectName);
    const context = await this.loadContext();
    const pipelines = await context.pipelines();
    const names = [...new Set(options.pipelineNames !== undefined && options.pipelineNames.length > 0 ? options.pipelineNames : ['__default__'])];
    for (const name of names) {
      if (!Object.hasOwn(pipelines, name)) throw unknownPipeline(name, Object.keys(pipelines));
    }
    const combined = Pipeline.sum(names.map((name) => pipelines[name]!));
    const filtered = combined.filter({
      tags: options.tags,
      fromNodes: options.fromNodes,
      toNodes: options.toNodes,
      nodeNames: options.nodeNames,
      fromInputs: options.fromInputs,
      toOutputs: options.toOutputs,
      nodeNamespaces: options.namespaces,
    });
    const runner = await createRunner(options.runner, options.runnerOptions, {
      projectPath: this.metadata.projectPath,
      registryFile: pipelineRegistryFile(this.metadata),
      workerExecArgv: this.#workerExecArgv,
      loader: this.#moduleLoader ?? defaultModuleLoader(),
    });
    const loadVersions = options.loadVersions ?? {};
    const catalog = await context.catalog({ saveVersion: this.sessionId, loadVersions });

    const runParams: RunParams = {
      runId: this.sessionId,
      projectPath: this.metadata.projectPath,
      env: this.env,
      kedroVersion: CORE_PIPELINE_VERSION,
      tags: options.tags ?? [],
      fromNodes: options.fromNodes ?? [],
      toNodes: options.toNodes ?? [],
      nodeNames: options.nodeNames ?? [],
      fromInputs: options.fromInputs ?? [],
      toOutputs: options.toOutputs ?? [],
      loadVersions,
      runtimeParams: this.#runtimeParams,
      pipelineNames: names,
      namespaces: options.namespaces ?? [],
      runner: runner.constructor.name,
      ...(options.runnerOptions !== undefined ? { runnerOptions: options.runnerOptions } : {}),
      ...(runner.isAsync ? { isAsync: true } : {}),
      onlyMissingOutputs: options.onlyMissingOutputs ?? false,
      ...(this.#partOf !== undefined ? { partOf: this.#partOf } : {}),
    };
    await this.hookManager.call('beforePipelineRun', { runParams, pipeline: filtered, catalog });
    let runResult: RunResult;
    try {
      // aroundPipelineRun hooks choose the async context the nodes run in (e.g. a plugin's current run).
      runResult = await this.hookManager.wrap('aroundPipelineRun', { runParams, pipeline: filtered, catalog }, () =>
        runner.run(filtered, catalog, {
          hookManager: this.hookManager,
          runId: this.sessionId,
          onlyMissingOutputs: runParams.onlyMissingOutputs ?? false,
          runParams,
          ...(options.interrupt !== undefined ? { interrupt: options.interrupt } : {}),
        }),
      );
      this.#runCompleted = true;
    } catch (error) {
      await this.hookManager.call('onPipelineError', { error, runParams, pipeline: filtered, catalog });
      throw error;
    }
    await this.hookManager.call('afterPipelineRun', { runParams, runResult, pipeline: filtered, catalog });
    return runResult;
  }

  /** Ends the session; later runs are refused. Calling it again does nothing. */
  close(): void {
    this.#closed = true;
  }

  get closed(): boolean {
    return this.#closed;
  }

  #assertOpen(): void {
    if (this.#closed) throw new KedroSessionError('This KedroSession is closed: create a new session with KedroSession.create() to run again.');
  }
}

// Session ids are millisecond timestamps (also the catalog's save version). Two sessions created in
// the same millisecond would share one, and with it their hooks' state and their versioned outputs:
// each new id is therefore later than the previous one of this process.
let lastSessionTime = 0;

/** A part's session id is a save version and a folder name: it must be one of ours. */
function partSessionId(part: RunPart): string {
  if (typeof part.sessionId !== 'string' || !isSafeVersion(part.sessionId)) {
    throw new KedroSessionError(
      `partOf.sessionId must be the id of the session whose run this is a part of (a timestamp like '2024-01-15T10.30.00.123Z'), got ${describeGot(part.sessionId)}.`,
    );
  }
  return part.sessionId;
}

function uniqueSessionId(): string {
  lastSessionTime = Math.max(Date.now(), lastSessionTime + 1);
  return generateTimestamp(new Date(lastSessionTime));
}

function unknownPipeline(name: string, existing: string[]): KedroSessionError {
  const matches = closeMatches(name, existing);
  let message =
    `Failed to find the pipeline named '${name}'. It needs to be generated and returned by the 'registerPipelines' function. ` +
    `Existing pipelines: ${pyList([...existing].sort(byCodePoint))}.`;
  if (matches.length > 0) message += `\nDid you mean one of these instead?\n    ${matches.join('\n    ')}`;
  return new KedroSessionError(message);
}

/** An unknown `--env` would otherwise surface as a missing file deep in the config loader. */
function checkEnvironmentFolders(confSource: string, baseEnv: string, env: string): void {
  if (baseEnv === '') return;
  const environments = (): string =>
    pyList(
      readdirSync(confSource)
        .filter((name) => !name.startsWith('.') && isDirectory(join(confSource, name)))
        .sort(byCodePoint),
    );
  if (!isDirectory(join(confSource, baseEnv))) {
    throw new MissingConfigError(
      `The base configuration environment '${baseEnv}' does not exist: no folder ${join(confSource, baseEnv)}. Existing environments: ${environments()}.`,
      { file: join(confSource, baseEnv) },
    );
  }
  if (env !== baseEnv && !isDirectory(join(confSource, env))) {
    throw new MissingConfigError(
      `Configuration environment '${env}' not found: no folder ${join(confSource, env)}. Existing environments: ${environments()}. ` +
        'Create the folder, or choose one of them (env option, --env or $KEDRO_ENV).',
      { file: join(confSource, env) },
    );
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
