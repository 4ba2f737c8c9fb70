/**
 * `kedro-mlflow run`: one KedroSession, one run, with progress on a terminal, a summary at the end,
 * and `--json` for programs.
 */
import {
  getLogger,
  KedroSession,
  loadPipelineRegistry,
  NodeRunError,
  Pipeline,
  PipelineFilterError,
  type ProjectMetadata,
  RunInterrupt,
} from '@kedro-mlflow/core-pipeline';
import { CliError } from '../errors.js';
import type { ModuleLoader } from '../loader/register.js';
import { logFormat, setupLogging } from '../output/logging.js';
import { createProgress, progressWanted } from '../output/progress.js';
import { errorDocument, formatError } from '../output/report-error.js';
import { RunObserver } from '../output/run-observer.js';
import { formatSummary, summaryDocument, trackedRun, type RunSummary } from '../output/summary.js';
import { styles, writeStdout, type Terminal } from '../output/terminal.js';
import { buildRunRequest, readRunConfig, type RunConfig, type RunFlagName, type RunFlags, type RunRequest } from '../parse/run-request.js';
import { registerCliPlugins, type CliPlugins } from './plugins.js';
import { openProject } from './project-context.js';
import { runInterruptibly, SIGNAL_EXIT_CODES } from './run-interrupts.js';

export interface RunCommandOptions {
  flags: RunFlags;
  /** Whether a flag was given on the command line (so that it wins over `--config`). */
  given: (flag: RunFlagName) => boolean;
  configFile: string | undefined;
  json: boolean;
  verbose: boolean;
  /** The arguments after `run`, to print a ready-to-use resume command. */
  args: string[];
  terminal: Terminal;
}

const MAX_LISTED = 40;

function listNames(names: Iterable<string>): string {
  const sorted = [...new Set(names)].sort();
  if (sorted.length === 0) return '(none)';
  const shown = sorted.slice(0, MAX_LISTED).join(', ');
  return sorted.length > MAX_LISTED ? `${shown}, … (${sorted.length} in all)` : shown;
}

/**
 * Filter errors of the engine name what is missing; a person also wants to see what exists. The
 * registry is imported again (cached modules, no hooks) to list it.
 */
async function explainFilterError(error: unknown, request: RunRequest, metadata: ProjectMetadata, loader: ModuleLoader): Promise<unknown> {
  if (!PipelineFilterError.isInstance(error)) return error;
  const { kind, message } = error;
  let pipeline: Pipeline;
  try {
    const registry = await loadPipelineRegistry(metadata, loader);
    const names = request.pipelineNames.length > 0 ? request.pipelineNames : ['__default__'];
    pipeline = Pipeline.sum(names.map((name) => registry[name]).filter((p): p is Pipeline => p !== undefined));
  } catch {
    return error;
  }
  const which = request.pipelineNames.length > 0 ? `pipeline(s) ${request.pipelineNames.join(', ')}` : 'the __default__ pipeline';
  let extra: string;
  if (kind === 'unknown-nodes') {
    extra = `Nodes of ${which}: ${listNames(pipeline.nodes.map((n) => n.name))}.`;
  } else if (kind === 'unknown-datasets') {
    extra = `Datasets of ${which}: ${listNames([...pipeline.datasets()].filter((d) => !d.startsWith('params:') && d !== 'parameters'))}.`;
  } else if (kind === 'unknown-namespaces') {
    extra = `Namespaces of ${which}: ${listNames(pipeline.nodes.flatMap((n) => (n.namespace === undefined ? [] : [n.namespace])))}.`;
  } else if (pipeline.nodes.length === 0) {
    extra =
      `${which.charAt(0).toUpperCase()}${which.slice(1)} has no nodes: add a pipeline folder src/pipelines/<name>/ whose pipeline.ts exports ` +
      'createPipeline() (the registry finds it), or return nodes from registerPipelines() in src/pipeline_registry.ts.';
  } else if (request.tags.length > 0 && !pipeline.nodes.some((n) => request.tags.some((t) => n.hasTag(t)))) {
    extra = `No node of ${which} has any of the tags ${request.tags.join(', ')}. Tags in use: ${listNames(pipeline.nodes.flatMap((n) => [...n.tags]))}.`;
  } else {
    extra = 'Each filter selects nodes and the run keeps the nodes selected by all of them: here, none.';
  }
  return new PipelineFilterError(`${message} ${extra}`, { kind, missing: error.missing }, { cause: error });
}

function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The same command with `--from-nodes` replaced by the resume point. */
export function resumeCommand(args: string[], nodes: string[]): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    if (arg === '--from-nodes') {
      i += 1;
      continue;
    }
    if (arg.startsWith('--from-nodes=')) continue;
    kept.push(arg);
  }
  return ['kedro-mlflow', 'run', ...kept.map(quoteArg), '--from-nodes', `"${nodes.join(',')}"`].join(' ');
}

export async function runCommand(options: RunCommandOptions): Promise<number> {
  const { terminal, verbose, json } = options;
  const s = styles(terminal.colors);
  let observer: RunObserver | undefined;
  let session: KedroSession | undefined;
  let request: RunRequest | undefined;
  let plugins: CliPlugins | undefined;
  const tracked = () => {
    const info = session === undefined ? undefined : plugins?.mlflowHook()?.runOf(session.sessionId);
    return info === undefined ? undefined : trackedRun(info, session?.env);
  };
  const base: Omit<RunSummary, 'status' | 'seconds' | 'nodes' | 'outputs'> = {
    sessionId: undefined,
    project: undefined,
    env: undefined,
    pipelines: [],
    runner: undefined,
  };
  try {
    const config: RunConfig = options.configFile !== undefined ? readRunConfig(options.configFile) : {};
    request = buildRunRequest(options.flags, config, options.given);
    setupLogging({ verbose, terminal });
    const log = getLogger('kedro.framework.cli');
    for (const warning of request.warnings) log.warn(warning);

    const { metadata, loader, confSource } = await openProject({ confSource: request.confSource });
    plugins = await registerCliPlugins(metadata, loader);
    const pretty = logFormat(terminal) === 'pretty';
    observer = new RunObserver(createProgress(terminal, progressWanted(terminal, pretty)), metadata.projectPath);
    session = await KedroSession.create({
      projectPath: metadata.projectPath,
      ...(request.env !== undefined ? { env: request.env } : {}),
      runtimeParams: request.params,
      ...(confSource !== undefined ? { confSource } : {}),
      moduleLoader: loader.moduleLoader,
      hooks: [observer.hooks],
      workerExecArgv: loader.workerExecArgv,
    });
    Object.assign(base, {
      sessionId: session.sessionId,
      project: metadata.projectName,
      env: session.env,
      pipelines: request.pipelineNames.length > 0 ? request.pipelineNames : ['__default__'],
      runner: request.runner ?? 'SequentialRunner',
    });
    const running = session;
    const req = request;
    // A runner whose nodes run elsewhere (TemporalRunner) cancels them on a signal, before the MLflow run ends KILLED.
    const interrupt = new RunInterrupt();
    let outcome;
    try {
      outcome = await runInterruptibly(
        () =>
          running.run({
            pipelineNames: req.pipelineNames,
            tags: req.tags,
            nodeNames: req.nodeNames,
            fromNodes: req.fromNodes,
            toNodes: req.toNodes,
            fromInputs: req.fromInputs,
            toOutputs: req.toOutputs,
            namespaces: req.namespaces,
            ...(req.runner !== undefined ? { runner: req.runner } : {}),
            runnerOptions: req.runnerOptions,
            loadVersions: req.loadVersions,
            onlyMissingOutputs: req.onlyMissingOutputs,
            interrupt,
          }),
        async (signal) => {
          await interrupt.interrupt(signal);
          await plugins?.mlflowHook()?.abortRuns('KILLED');
        },
      );
    } catch (error) {
      throw await explainFilterError(error, request, metadata, loader.moduleLoader);
    }
    if (outcome.interrupted) {
      observer.finish();
      const summary: RunSummary = {
        ...base,
        status: 'interrupted',
        seconds: observer.seconds,
        nodes: observer.nodeRecords({ succeeded: false, interrupted: true }),
        outputs: observer.outputRecords(),
        signal: outcome.signal,
        mlflow: tracked(),
      };
      terminal.write(formatSummary(summary, terminal.colors));
      if (json) writeStdout(`${JSON.stringify(summaryDocument(summary), null, 2)}\n`);
      return SIGNAL_EXIT_CODES[outcome.signal];
    }
    observer.finish();
    const summary: RunSummary = {
      ...base,
      status: 'success',
      seconds: observer.seconds,
      nodes: observer.nodeRecords({ succeeded: true }),
      outputs: observer.outputRecords(),
      mlflow: tracked(),
    };
    terminal.write(formatSummary(summary, terminal.colors));
    if (json) writeStdout(`${JSON.stringify(summaryDocument(summary), null, 2)}\n`);
    return 0;
  } catch (error) {
    observer?.finish();
    const failedNode = NodeRunError.isInstance(error) ? error.nodeName : undefined;
    const started = observer?.pipeline !== undefined;
    const summary: RunSummary = {
      ...base,
      status: 'failure',
      seconds: observer?.seconds ?? 0,
      nodes: observer?.nodeRecords({ succeeded: false, failedNode }) ?? [],
      outputs: observer?.outputRecords() ?? [],
      failedNode,
      mlflow: tracked(),
    };
    if (started && summary.nodes.some((n) => n.status !== 'not run')) terminal.write(formatSummary(summary, terminal.colors));
    const resume =
      NodeRunError.isInstance(error) && error.resumeFromNodes.length > 0
        ? `${s.bold('Resume with:')} ${resumeCommand(options.args, error.resumeFromNodes)}\n`
        : '';
    terminal.write(formatError(error, { verbose, colors: terminal.colors, after: resume }));
    if (json) writeStdout(`${JSON.stringify(summaryDocument(summary, errorDocument(error)), null, 2)}\n`);
    return error instanceof CliError ? error.exitCode : 1;
  } finally {
    session?.close();
  }
}
