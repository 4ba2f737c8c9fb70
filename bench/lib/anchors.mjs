// The Python anchors (kedro, kedro-mlflow, mlflow) live in a cached venv made by bench/anchors/setup.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function anchorPython() {
  const cache = process.env.KEDRO_MLFLOW_CACHE ?? join(homedir(), '.cache', 'kedro-mlflow-ts');
  const python = join(cache, 'anchors', 'bin', 'python');
  return existsSync(join(cache, 'anchors', '.complete')) && existsSync(python) ? python : undefined;
}

/** Runs a Python anchor script that prints one JSON line; undefined when the venv is missing. */
export function runAnchor(script, args = [], env = {}) {
  const python = anchorPython();
  if (python === undefined) return undefined;
  const out = execFileSync(python, [script, ...args], {
    encoding: 'utf8',
    env: { ...process.env, KEDRO_DISABLE_TELEMETRY: 'true', DO_NOT_TRACK: '1', PYTHONWARNINGS: 'ignore', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const lines = out.trim().split('\n');
  return JSON.parse(lines[lines.length - 1]);
}

export const NO_ANCHOR = 'anchor not installed (run bench/anchors/setup)';
