// Bundles apps/tutorial/src/ml_core (TypeScript sources, workspace packages from their sources) into
// one ESM file with esbuild, so the benchmark runs the current code without a build step.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';

export async function bundleMlCore(root) {
  const outfile = join(mkdtempSync(join(tmpdir(), 'kedro-mlflow-bench-tutorial-')), 'ml-core.mjs');
  await build({
    entryPoints: [join(root, 'apps', 'tutorial', 'src', 'ml_core', 'index.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    conditions: ['@kedro-mlflow/source'],
    logLevel: 'error',
  });
  return outfile;
}
