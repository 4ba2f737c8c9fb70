/**
 * The `kedro-mlflow` command line (commander). Command modules are imported when their command runs,
 * so `--help`, `--version` and `new` start without loading the engine or the TypeScript loader.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from '@commander-js/extra-typings';
import { CliError } from './errors.js';
import { cliPackageRoot } from './package-root.js';
import { formatError } from './output/report-error.js';
import { createTerminal, styles, writeStdout, type Terminal } from './output/terminal.js';

export interface ProgramState {
  exitCode: number;
  /** The arguments being parsed (after node and the script). */
  args?: string[];
}

export function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(join(cliPackageRoot(), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

/** kedro's two-letter short flags (`-lv`, `-ns`), which commander cannot declare. */
const LONG_ALIASES: Record<string, string> = { '-lv': '--load-versions', '-ns': '--namespaces' };

export function normalizeArgs(args: string[]): string[] {
  return args.map((arg) => {
    const [flag, ...rest] = arg.split('=');
    const long = LONG_ALIASES[flag!];
    if (long === undefined) return arg;
    return rest.length > 0 ? `${long}=${rest.join('=')}` : long;
  });
}

const RUN_HELP = {
  pipelines: 'Comma-separated names of registered pipelines to run (default: __default__).',
  pipeline: "Name of the registered pipeline to run (deprecated: use '--pipelines').",
  env: 'Configuration environment: conf/base overlaid with conf/<env> (default: $KEDRO_ENV, else local).',
  nodes: 'Run only the nodes with these names (comma-separated).',
  fromNodes: 'Run from these nodes on (comma-separated node names).',
  toNodes: 'Run up to these nodes (comma-separated node names).',
  fromInputs: 'Run the nodes downstream of these datasets (comma-separated).',
  toOutputs: 'Run the nodes needed to produce these datasets (comma-separated).',
  tags: 'Run only the nodes with any of these tags (comma-separated).',
  namespaces: 'Run only the nodes in these namespaces (comma-separated). Short: -ns.',
  runner: "SequentialRunner (default), ConcurrentRunner (kedro's ThreadRunner), ParallelRunner, or '<module path>#<Export>'.",
  runnerParams: 'Runner options as key=value pairs, e.g. max_workers=4,is_async=true.',
  async: "Load and save each node's datasets concurrently (deprecated: use '--runner-params is_async=true').",
  params: "Override parameters for this run: 'key=value,nested.key=value' (values are typed as YAML).",
  loadVersions: "Dataset versions to load: 'dataset:YYYY-MM-DDThh.mm.ss.sssZ,...'. Short: -lv.",
  onlyMissingOutputs: 'Skip the nodes whose persisted outputs all exist already.',
  confSource: 'Path of the configuration folder (default: conf, or the confSource of src/settings.ts).',
  config: "YAML file with a 'run:' section of these options; flags on the command line win.",
  json: 'Print a JSON summary of the run on stdout (logs stay on stderr).',
};

export interface ProgramOptions {
  terminal?: Terminal;
  state?: ProgramState;
}

export function createProgram(options: ProgramOptions = {}) {
  const terminal = options.terminal ?? createTerminal();
  const state = options.state ?? { exitCode: 0 };
  const s = styles(terminal.colors);

  const program = new Command()
    .name('kedro-mlflow')
    .description('Create, run and inspect Kedro-style TypeScript projects.')
    .version(`kedro-mlflow, version ${cliVersion()}`, '-V, --version', 'Show the version and exit.')
    .option('-v, --verbose', 'Show debug logs, and stack traces of errors.')
    .helpOption('-h, --help', 'Show this message and exit.')
    .helpCommand(false)
    .showSuggestionAfterError(true)
    .showHelpAfterError(s.dim("(add --help to see the options)"))
    .exitOverride()
    .configureOutput({
      writeOut: (text) => writeStdout(text),
      writeErr: (text) => terminal.write(text),
      outputError: (text, write) => write(text.replace(/^error:/, s.red(s.bold('Error:')))),
    });

  const verbose = () => program.opts().verbose === true;

  program
    .command('new')
    .description('Create a new project (offline; runs at once, without npm install).')
    .option('-n, --name <name>', "Project name, e.g. 'My Project' (folder my-project, package my_project).")
    .option('-d, --dir <folder>', 'Folder to create the project in (default: the current folder).')
    .option('--no-example', 'Leave out the example pipeline.')
    .action(async (opts) => {
      const { newCommand } = await import('./commands/new.js');
      state.exitCode = newCommand({ name: opts.name, dir: opts.dir, example: opts.example, terminal });
    });

  program
    .command('run')
    .description('Run a pipeline of the project.')
    .option('--pipelines <names>', RUN_HELP.pipelines)
    .option('-p, --pipeline <name>', RUN_HELP.pipeline)
    .option('-e, --env <env>', RUN_HELP.env)
    .option('-n, --nodes <names>', RUN_HELP.nodes)
    .option('--from-nodes <names>', RUN_HELP.fromNodes)
    .option('--to-nodes <names>', RUN_HELP.toNodes)
    .option('--from-inputs <datasets>', RUN_HELP.fromInputs)
    .option('--to-outputs <datasets>', RUN_HELP.toOutputs)
    .option('-t, --tags <tags>', RUN_HELP.tags)
    .option('--namespaces <namespaces>', RUN_HELP.namespaces)
    .option('-r, --runner <runner>', RUN_HELP.runner)
    .option('--runner-params <pairs>', RUN_HELP.runnerParams)
    .option('--async', RUN_HELP.async)
    .option('--params <pairs>', RUN_HELP.params)
    .option('--load-versions <versions>', RUN_HELP.loadVersions)
    .option('--only-missing-outputs', RUN_HELP.onlyMissingOutputs)
    .option('--conf-source <path>', RUN_HELP.confSource)
    .option('-c, --config <file>', RUN_HELP.config)
    .option('--json', RUN_HELP.json)
    .action(async (opts, cmd) => {
      const { runCommand } = await import('./commands/run.js');
      const { config, json, ...flags } = opts;
      const raw = state.args ?? [];
      const runAt = raw.indexOf('run');
      state.exitCode = await runCommand({
        flags,
        given: (flag) => cmd.getOptionValueSource(flag) === 'cli',
        configFile: config,
        json: json === true,
        verbose: verbose(),
        args: runAt >= 0 ? raw.slice(runAt + 1) : [],
        terminal,
      });
    });

  program
    .command('init')
    .description("Write <conf>/<env>/mlflow.yml, the project's MLflow configuration, from the template.")
    .option('-e, --env <env>', 'Configuration environment to write it in (default: local).', 'local')
    .option('-f, --force', 'Overwrite an existing mlflow.yml.')
    .option('-s, --silent', 'Do not print the success message.')
    .action(async (opts) => {
      const { initCommand } = await import('./commands/init.js');
      state.exitCode = await initCommand({ env: opts.env, force: opts.force === true, silent: opts.silent === true, verbose: verbose(), terminal });
    });

  program
    .command('ui')
    .description("Open Python MLflow's UI on the project's tracking store (mlflow ui).")
    .option('-e, --env <env>', RUN_HELP.env)
    .option('-p, --port <port>', "Port (default: ui.port of mlflow.yml, else 5000).")
    .option('-H, --host <host>', "Host to bind (default: ui.host of mlflow.yml, else 127.0.0.1; 0.0.0.0 serves every interface).")
    .action(async (opts) => {
      const { uiCommand } = await import('./commands/ui.js');
      state.exitCode = await uiCommand({ env: opts.env, host: opts.host, port: opts.port, verbose: verbose(), terminal });
    });

  const registry = program.command('registry').description('Commands for working with registered pipelines.');
  registry
    .command('list')
    .description('List the pipelines of the project (YAML on stdout).')
    .action(async () => {
      const { registryList } = await import('./commands/registry.js');
      state.exitCode = await registryList({ verbose: verbose(), terminal });
    });
  registry
    .command('describe')
    .description('List the nodes of a pipeline in execution order (YAML on stdout).')
    .argument('[name]', 'Pipeline name', '__default__')
    .action(async (name) => {
      const { registryDescribe } = await import('./commands/registry.js');
      state.exitCode = await registryDescribe(name, { verbose: verbose(), terminal });
    });

  const catalog = program.command('catalog').description('Commands for working with the data catalog.');
  catalog
    .command('describe-datasets')
    .description('The datasets each pipeline uses, by kind (catalog entries, factories, defaults) and type.')
    .option('-p, --pipeline <names>', 'Comma-separated pipeline names (default: all).')
    .option('-e, --env <env>', RUN_HELP.env)
    .action(async (opts) => {
      const { catalogDescribeDatasets } = await import('./commands/catalog.js');
      state.exitCode = await catalogDescribeDatasets({ env: opts.env, pipeline: opts.pipeline, verbose: verbose(), terminal });
    });
  catalog
    .command('list-patterns')
    .description('The dataset factory patterns of the catalog, in matching order.')
    .option('-e, --env <env>', RUN_HELP.env)
    .action(async (opts) => {
      const { catalogListPatterns } = await import('./commands/catalog.js');
      state.exitCode = await catalogListPatterns({ env: opts.env, verbose: verbose(), terminal });
    });
  catalog
    .command('resolve-patterns')
    .description('The configuration of every dataset the pipelines use, with factory patterns resolved.')
    .option('-p, --pipeline <names>', 'Comma-separated pipeline names (default: all).')
    .option('-e, --env <env>', RUN_HELP.env)
    .action(async (opts) => {
      const { catalogResolvePatterns } = await import('./commands/catalog.js');
      state.exitCode = await catalogResolvePatterns({ env: opts.env, pipeline: opts.pipeline, verbose: verbose(), terminal });
    });

  program
    .command('modelify')
    .description('Log a registered pipeline as a kedro_pipeline model without training; its artifacts are read from the catalog as they are.')
    .requiredOption('-p, --pipeline <name>', 'The pipeline in the registry (a PipelineML gives its inference pipeline).')
    .requiredOption('-i, --input-name <dataset>', 'The input of the pipeline that receives the data to predict on.')
    .option('-e, --env <env>', RUN_HELP.env)
    .option('--infer-signature', 'Infer the signature: the columns of the input dataset, and the params (runner, inference parameters).')
    .option('--infer-input-example', "Save the input dataset's first row as the input example (the data must be a table).")
    .option('--copy-mode <mode>', 'assign, copy, deepcopy or null, for every dataset of the model.', 'deepcopy')
    .option('--model-name <name>', 'The name of the logged model (default: model-<pipeline>).')
    .option('--registered-model-name <name>', 'Register the model as a new version of this registered model.')
    .option('--code <module>', 'The module the model code is bundled from, as <file>[#<export>] (default: the pipeline folder, else the registry).')
    .action(async (opts) => {
      const { modelifyCommand } = await import('./commands/modelify.js');
      state.exitCode = await modelifyCommand({
        pipeline: opts.pipeline,
        inputName: opts.inputName,
        env: opts.env,
        inferSignature: opts.inferSignature === true,
        inferInputExample: opts.inferInputExample === true,
        copyMode: opts.copyMode,
        modelName: opts.modelName,
        registeredModelName: opts.registeredModelName,
        code: opts.code,
        verbose: verbose(),
        terminal,
      });
    });

  program
    .command('serve')
    .description("Serve a model over MLflow's scoring protocol (/ping, /health, /version, /invocations), like mlflow models serve.")
    .requiredOption('-m, --model-uri <uri>', 'The model: runs:/<run id>/<path>, models:/<name>/<version>, models:/<model id>, or a local folder.')
    .option('-H, --host <host>', 'Host to bind (default: 127.0.0.1; 0.0.0.0 serves every interface).')
    .option('-p, --port <port>', 'Port (default: 8080; 0 picks a free one).')
    .option('-w, --workers <n>', 'Processes serving requests on the port, each with the model loaded (default: 1).')
    .option('-t, --timeout <seconds>', 'Time allowed to score one request before a 504 (default: 60).')
    .option('--max-body-size <bytes>', 'Largest request body accepted; larger ones get a 413 (default: 16 MiB).')
    .action(async (opts) => {
      const { serveCommand } = await import('./commands/serve.js');
      state.exitCode = await serveCommand({
        modelUri: opts.modelUri,
        host: opts.host,
        port: opts.port,
        workers: opts.workers,
        timeout: opts.timeout,
        maxBodySize: opts.maxBodySize,
        verbose: verbose(),
        terminal,
      });
    });

  program
    .command('worker')
    .description('Run the nodes of runs submitted with --runner TemporalRunner: a Temporal worker for this project.')
    .option('-q, --task-queue <name>', "The task queue to poll; the runner's task_queue (default: kedro-mlflow).")
    .option('-a, --address <host:port>', 'The Temporal server (default: $TEMPORAL_ADDRESS, else 127.0.0.1:7233).')
    .option('--namespace <name>', 'The Temporal namespace (default: $TEMPORAL_NAMESPACE, else default).')
    .option('-c, --max-concurrent-nodes <n>', 'Nodes this worker runs at once (default: 1).')
    .option('--node-threads <n>', 'Worker threads that run them (default: one per node at once, at most one per CPU).')
    .option('--prefetch-nodes <n>', 'Nodes it takes ahead, so the next starts as one ends (default: 1; 0 when the pipeline is narrower than all workers together).')
    .option('--in-process', "Run node functions on the worker's main thread (for data that cannot be copied between threads).")
    .action(async (opts) => {
      const { workerCommand } = await import('./commands/worker.js');
      state.exitCode = await workerCommand({
        taskQueue: opts.taskQueue,
        address: opts.address,
        namespace: opts.namespace,
        maxConcurrentNodes: opts.maxConcurrentNodes,
        prefetchNodes: opts.prefetchNodes,
        nodeThreads: opts.nodeThreads,
        inProcess: opts.inProcess === true,
        verbose: verbose(),
        terminal,
      });
    });

  const exporter = program.command('export').description('Write a pipeline as a DAG of another scheduler.');
  exporter
    .command('airflow')
    .description('Write an Airflow DAG file with one task per node; each task runs this CLI for its node in the project folder.')
    .option('-p, --pipeline <name>', 'The registered pipeline to export (default: __default__).')
    .option('-e, --env <env>', RUN_HELP.env)
    .option('-t, --tags <tags>', 'Export only the nodes with any of these tags (comma-separated), like run --tags.')
    .option('--dag-id <id>', "The DAG id: letters, digits, '_', '.', '-' (default: the package name).")
    .option('-o, --output <file>', 'The .py file to write (default: airflow_dags/<package>_dag.py in the project).')
    .option('-f, --force', 'Replace the output file if it exists.')
    .option('--schedule <schedule>', "none (default: runs when triggered), an Airflow preset such as @daily, or a cron expression.")
    .option('--start-date <YYYY-MM-DD>', 'The start date of the schedule (default: 2024-01-01).')
    .option('--command <command>', "How a task starts this CLI (default: 'npx --no-install kedro-mlflow'); a JSON array for arguments with spaces.")
    .option('--dag-tags <tags>', 'Tags of the DAG in the Airflow UI (default: kedro-mlflow,<package>).')
    .option('--owner <name>', 'Owner of the tasks (default: airflow).')
    .option('--retries <n>', 'Retries of a failed task (default: 1).')
    .option('--retry-delay <seconds>', 'Wait before a retry (default: 300).')
    .option('--project-path <path>', 'The project folder on the machines that run the tasks (default: this project).')
    .action(async (opts) => {
      const { exportAirflowCommand } = await import('./commands/export.js');
      state.exitCode = await exportAirflowCommand({ flags: opts, verbose: verbose(), terminal });
    });

  program
    .command('predict')
    .description('Score one input file offline with a model, with the checks of serve (like mlflow models predict).')
    .requiredOption('-m, --model-uri <uri>', 'The model: runs:/<run id>/<path>, models:/<name>/<version>, models:/<model id>, or a local folder.')
    .requiredOption('-i, --input-path <file>', 'A .json file holding an /invocations body, or a .csv file with a header row.')
    .option('-o, --output-path <file>', 'Where to write {"predictions": ...} (default: stdout).')
    .option('-t, --content-type <type>', 'json or csv (default: from the input extension).')
    .action(async (opts) => {
      const { predictCommand } = await import('./commands/predict.js');
      state.exitCode = await predictCommand({
        modelUri: opts.modelUri,
        input: opts.inputPath,
        output: opts.outputPath,
        contentType: opts.contentType,
        verbose: verbose(),
        terminal,
      });
    });

  return program;
}

/**
 * Runs the command line (`argv` as in `process.argv`: node, script, then arguments) and returns the
 * exit code: 0 on success, 1 on any error (reported as a message on stderr).
 */
export async function main(argv: string[] = process.argv): Promise<number> {
  const terminal = createTerminal();
  const state: ProgramState = { exitCode: 0 };
  const program = createProgram({ terminal, state });
  state.args = normalizeArgs(argv.slice(2));
  try {
    await program.parseAsync(state.args, { from: 'user' });
    return state.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    const verbose = argv.includes('-v') || argv.includes('--verbose');
    terminal.write(formatError(error, { verbose, colors: terminal.colors }));
    return error instanceof CliError ? error.exitCode : 1;
  }
}
