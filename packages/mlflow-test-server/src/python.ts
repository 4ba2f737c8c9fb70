import { execFile } from 'node:child_process';
import { requireMlflowVenv } from './venv.js';

export interface PythonResult {
  stdout: string;
  stderr: string;
}

/**
 * Runs a Python snippet with the MLflow venv's interpreter (interop checks: "does real MLflow read
 * what we wrote?"). Rejects with stderr on a non-zero exit.
 */
export function runPython(code: string, options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<PythonResult> {
  const venv = requireMlflowVenv();
  return new Promise((resolve, reject) => {
    execFile(
      venv.python,
      ['-c', code],
      {
        cwd: options.cwd,
        env: { ...process.env, PYTHONWARNINGS: 'ignore', ...options.env },
        timeout: options.timeoutMs ?? 120_000,
        maxBuffer: 64 * 1024 * 1024,
      },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`python failed (${error.message.split('\n')[0]}):\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** Runs a snippet that prints one JSON document on its last stdout line, and parses it. */
export async function runPythonJson<T = unknown>(code: string, options: Parameters<typeof runPython>[1] = {}): Promise<T> {
  const { stdout } = await runPython(code, options);
  const lines = stdout.trim().split('\n');
  return JSON.parse(lines[lines.length - 1] ?? 'null') as T;
}
