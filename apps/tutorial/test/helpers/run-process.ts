/** Runs a Node script or the CLI of the checkout as a child process and collects what it printed. */
import { spawn } from 'node:child_process';
import { CLI } from './project-copy.js';

export interface ProcessResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a child: `extra` wins; an `undefined` value removes the variable. */
export function childEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  for (const key of ['FORCE_COLOR', 'KEDRO_ENV', 'CI', 'MLFLOW_TRACKING_URI']) delete env[key];
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

export function runNode(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<ProcessResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: childEnv(env) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

export function runCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<ProcessResult> {
  return runNode([CLI, ...args], cwd, env);
}

/** Fails with everything the process printed unless it exited 0. */
export function expectSuccess(what: string, res: ProcessResult): ProcessResult {
  if (res.code !== 0) throw new Error(`${what} exited ${res.code}\n--- stdout\n${res.stdout}\n--- stderr\n${res.stderr.slice(-20_000)}`);
  return res;
}
