/**
 * The `python_function` section a `kedro_pipeline` model folder also declares, so that Python
 * MLflow loads, predicts and serves it as it is (`mlflow.pyfunc.load_model`, `mlflow models serve
 * --env-manager local`, `mlflow models predict`). MLflow imports `loader_module` from the `code`
 * folder and calls its `_load_pyfunc(<folder>/<data>)`: the loader (python/, shipped with this
 * package) starts `data`, the Node runner bundled here, once and talks to it over stdio.
 *
 * No Python environment is declared: the loader needs only MLflow's own dependencies, and Node is
 * not a pip package, so `--env-manager local` (the interpreter MLflow runs in) is the way to serve.
 */
import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { FlavorConfig } from '@kedro-mlflow/mlflow-client';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import { nodeBundleOptions, packageRoot, perFileBuilds } from './bundle-code.js';
import { CODE_FILE } from './runtime/flavor-config.js';

export const PYFUNC_FLAVOR_NAME = 'python_function';
export const PYFUNC_LOADER_MODULE = 'kedro_mlflow_node_loader';
export const PYFUNC_RUNNER_FILE = 'code/pyfunc-runner.mjs';
const CODE_DIR = dirname(CODE_FILE);

/** Writes the loader and the runner into `<dir>/code/`; returns the `python_function` section. */
export async function writePyfuncFiles(dir: string): Promise<FlavorConfig> {
  const { root, fromSource } = packageRoot();
  await mkdir(join(dir, CODE_DIR), { recursive: true });
  await copyFile(join(root, 'python', `${PYFUNC_LOADER_MODULE}.py`), join(dir, CODE_DIR, `${PYFUNC_LOADER_MODULE}.py`));
  const runner = join(root, fromSource ? 'src/model/pyfunc-runner.ts' : 'dist/model/pyfunc-runner.js');
  const bundleUrl = `new URL(${JSON.stringify(`./${CODE_FILE.slice(CODE_DIR.length + 1)}`)}, import.meta.url).href`;
  const { build } = await import('esbuild');
  try {
    await build({
      ...nodeBundleOptions(fromSource, process.cwd()),
      stdin: { contents: `import { runPyfuncRunner } from ${JSON.stringify(runner)};\nawait runPyfuncRunner(${bundleUrl});\n`, resolveDir: root, sourcefile: 'pyfunc-runner-entry.mjs', loader: 'js' },
      outfile: join(dir, PYFUNC_RUNNER_FILE),
      plugins: fromSource ? [] : [perFileBuilds()],
    });
  } catch (error) {
    throw new KedroPipelineModelError(`Bundling the python_function runner failed: ${(error as Error).message}. Reinstall @kedro-mlflow/pipeline-ml.`, { kind: 'unbundlable', module: runner }, { cause: error });
  }
  // No `env` key: MLflow's container and virtualenv code test for its presence.
  return { loader_module: PYFUNC_LOADER_MODULE, code: CODE_DIR, data: PYFUNC_RUNNER_FILE };
}
