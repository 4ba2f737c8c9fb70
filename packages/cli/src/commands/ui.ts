/**
 * `kedro-mlflow ui`: Python MLflow's own UI (`mlflow ui`) on the project's tracking store. The
 * session's context is loaded first, so the MLflow hook reads mlflow.yml, exports its credentials
 * and gets the experiment ready, as before a run; host and port come from mlflow.yml's `ui`
 * section unless given as flags. A tracking server already serves its UI: its address is printed.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { getMlflowConfig, mlflowConfigOf } from '@kedro-mlflow/hooks';
import { CliError } from '../errors.js';
import { setupLogging } from '../output/logging.js';
import { styles, writeStdout, type Terminal } from '../output/terminal.js';
import { openProjectSession } from './project-session.js';
import { SIGNAL_EXIT_CODES, type HandledSignal } from './run-interrupts.js';

export interface UiOptions {
  env: string | undefined;
  host: string | undefined;
  port: string | undefined;
  verbose: boolean;
  terminal: Terminal;
}

export const MLFLOW_INSTALL_HINT = 'python3 -m pip install mlflow';

/** The arguments of `mlflow` for a backend store, host and port. */
export function mlflowUiArgs(trackingUri: string, host: string, port: number): string[] {
  return ['ui', '--backend-store-uri', trackingUri, '--host', host, '--port', String(port)];
}

/**
 * `MLFLOW_BIN`, else the project's Python venv (`.venv/bin/mlflow`), else the venv that
 * scripts/setup-mlflow.sh (run by the checkout's bootstrap) made and named in
 * `$KEDRO_MLFLOW_CACHE/current-mlflow` (default `~/.cache/kedro-mlflow-ts`), else `mlflow` from PATH.
 */
export function mlflowExecutable(projectPath: string, env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.MLFLOW_BIN?.trim();
  if (configured !== undefined && configured !== '') return configured;
  const bin = process.platform === 'win32' ? 'Scripts' : 'bin';
  const venv = join(projectPath, '.venv', bin, 'mlflow');
  if (existsSync(venv)) return venv;
  const bootstrapped = bootstrapVenv(env);
  return bootstrapped !== undefined && existsSync(join(bootstrapped, bin, 'mlflow')) ? join(bootstrapped, bin, 'mlflow') : 'mlflow';
}

function bootstrapVenv(env: NodeJS.ProcessEnv): string | undefined {
  const cache = env.KEDRO_MLFLOW_CACHE?.trim() || join(homedir(), '.cache', 'kedro-mlflow-ts');
  try {
    const dir = readFileSync(join(cache, 'current-mlflow'), 'utf8').trim();
    return dir === '' ? undefined : dir;
  } catch {
    return undefined;
  }
}

function parsePort(value: string): number {
  const port = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new CliError(`Invalid value for '--port': '${value}' is not a port number (1-65535).`);
  return port;
}

function notInstalled(executable: string, cause: unknown): CliError {
  return new CliError(
    `MLflow is not installed ('${executable}' was not found): kedro-mlflow ui starts Python MLflow's own UI. ` +
      `Install it with \`${MLFLOW_INSTALL_HINT}\` (in a virtual environment: .venv/bin/mlflow in the project is found, and so is the one scripts/bootstrap.sh makes), ` +
      'or set MLFLOW_BIN to an mlflow executable.',
    { cause },
  );
}

export async function uiCommand(options: UiOptions): Promise<number> {
  const { terminal } = options;
  const s = styles(terminal.colors);
  setupLogging(options);
  const port = options.port === undefined ? undefined : parsePort(options.port);
  const { metadata, session } = await openProjectSession(options.env);
  let trackingUri: string;
  let host: string;
  let chosenPort: number;
  try {
    const context = await session.loadContext();
    // The hook resolved it (and set MLflow up); a project that disabled the plugin still has a config.
    const config = mlflowConfigOf(context) ?? (await getMlflowConfig(context));
    trackingUri = config.server.mlflow_tracking_uri;
    host = options.host ?? config.ui.host;
    chosenPort = port ?? config.ui.port;
  } finally {
    session.close();
  }
  if (/^https?:\/\//i.test(trackingUri)) {
    terminal.write(`The runs of this project are on the MLflow server ${trackingUri}: open it in a browser (it serves its own UI).\n`);
    writeStdout(`${trackingUri}\n`);
    return 0;
  }
  const executable = mlflowExecutable(metadata.projectPath);
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${chosenPort}`;
  terminal.write(`${s.bold('MLflow UI')} for ${trackingUri} on ${url} ${s.dim('(Ctrl-C stops it)')}\n`);
  return new Promise<number>((resolvePromise, reject) => {
    const child = spawn(executable, mlflowUiArgs(trackingUri, host, chosenPort), {
      stdio: ['ignore', 'inherit', 'inherit'],
      // MLflow 3.13+ reads a local mlruns folder only when asked to.
      env: { ...process.env, MLFLOW_ALLOW_FILE_STORE: 'true' },
    });
    const forward = (signal: HandledSignal): void => {
      child.kill(signal);
    };
    const signals = Object.keys(SIGNAL_EXIT_CODES) as HandledSignal[];
    for (const signal of signals) process.on(signal, forward);
    const done = (): void => {
      for (const signal of signals) process.off(signal, forward);
    };
    child.on('error', (error: NodeJS.ErrnoException) => {
      done();
      reject(error.code === 'ENOENT' ? notInstalled(executable, error) : new CliError(`Could not start '${executable}': ${error.message}`, { cause: error }));
    });
    child.on('exit', (code, signal) => {
      done();
      if (signal !== null) resolvePromise(signal in SIGNAL_EXIT_CODES ? SIGNAL_EXIT_CODES[signal as HandledSignal] : 1);
      else resolvePromise(code ?? 1);
    });
  });
}
