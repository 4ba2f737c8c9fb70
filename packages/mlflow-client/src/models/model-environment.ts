/**
 * The Python environment files of a model folder, for models that a Python loader will
 * open: `requirements.txt` (one requirement a line), and — when the Python version is known —
 * `python_env.yaml` (virtualenv/uv) and `conda.yaml`, in the shapes MLflow writes. The
 * `python_function` flavor points at the last two with `env: {conda: conda.yaml, virtualenv:
 * python_env.yaml}` (`pythonFunctionEnv()`).
 */
import { yamlString } from '../store/file/yaml-meta.js';

export const REQUIREMENTS_FILE = 'requirements.txt';
export const PYTHON_ENV_FILE = 'python_env.yaml';
export const CONDA_ENV_FILE = 'conda.yaml';

export interface PythonEnvironment {
  /** pip requirement lines (`mlflow==3.17.2`, `scikit-learn>=1.5`). */
  pipRequirements: string[];
  /** `3.11.7`: also writes python_env.yaml and conda.yaml. */
  pythonVersion?: string;
  /** pip build dependencies of python_env.yaml (default pip, setuptools, wheel). */
  buildDependencies?: string[];
}

/** Checks requirement lines: non-empty, one line each. */
export function checkRequirements(lines: unknown): string[] {
  if (!Array.isArray(lines)) throw new TypeError('pipRequirements must be an array of requirement strings');
  return lines.map((line, i) => {
    if (typeof line !== 'string' || line.trim() === '' || /[\r\n]/.test(line)) {
      throw new TypeError(`pipRequirements[${i}] must be one non-empty line, got ${JSON.stringify(line)}`);
    }
    return line.trim();
  });
}

/** file name → content */
export function environmentFiles(env: PythonEnvironment): Record<string, string> {
  const requirements = checkRequirements(env.pipRequirements);
  const files: Record<string, string> = { [REQUIREMENTS_FILE]: requirements.join('\n') };
  if (env.pythonVersion === undefined) return files;
  if (!/^\d+\.\d+(\.\d+)?$/.test(env.pythonVersion)) throw new TypeError(`pythonVersion must look like 3.11.7, got ${JSON.stringify(env.pythonVersion)}`);
  const build = env.buildDependencies ?? ['pip', 'setuptools', 'wheel'];
  const list = (items: string[], indent = ''): string => items.map((x) => `${indent}- ${yamlString(x)}\n`).join('');
  files[PYTHON_ENV_FILE] = `python: ${env.pythonVersion}\nbuild_dependencies:\n${list(build)}dependencies:\n- -r requirements.txt\n`;
  files[CONDA_ENV_FILE] =
    `channels:\n- conda-forge\ndependencies:\n- python=${env.pythonVersion}\n- pip\n` +
    (requirements.length === 0 ? '' : `- pip:\n${list(requirements, '  ')}`) +
    'name: mlflow-env\n';
  return files;
}

/** The `env` entry of a `python_function` flavor for the files above. */
export function pythonFunctionEnv(): { conda: string; virtualenv: string } {
  return { conda: CONDA_ENV_FILE, virtualenv: PYTHON_ENV_FILE };
}
