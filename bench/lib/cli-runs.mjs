// What the CLI benchmarks share: timing one whole process, and a project made by `kedro-mlflow new`
// opting out of the MLflow hook the documented way, with local datasets instead of the MLflow ones.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

/** Wall time of one process, in seconds; fails loudly if the command fails. */
export function timeRun(command, args, options) {
  const start = performance.now();
  const res = spawnSync(command, args, { ...options, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = (performance.now() - start) / 1000;
  if (res.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${res.status}) in ${options.cwd}:\n${res.stderr.slice(-4000)}`);
  }
  return seconds;
}

/** Adds `disableHooksForPlugins: ['@kedro-mlflow/hooks']` to the template's src/settings.ts. */
export function disableMlflowHook(settingsFile) {
  const settings = readFileSync(settingsFile, 'utf8');
  const hooksLine = /^(\s*)hooks: \[\],$/m;
  if (!hooksLine.test(settings)) throw new Error(`${settingsFile} has no 'hooks: [],' line to add disableHooksForPlugins after: the template changed`);
  writeFileSync(settingsFile, settings.replace(hooksLine, "$&\n$1disableHooksForPlugins: ['@kedro-mlflow/hooks'],"));
}

const MLFLOW_METRIC = /^(kedro_mlflow\.io\.metrics\.)?Mlflow(Metric|Metrics)(History)?Dataset$/;
const MLFLOW_ARTIFACT = /^(kedro_mlflow\.io\.artifacts\.)?MlflowArtifactDataset$/;

/**
 * Rewrites a catalog (as the template writes it: block mappings, two-space indents) for a run
 * without the MLflow hook, where MLflow datasets have no run to log to: a metric entry is dropped
 * (the value stays in memory) and an artifact entry becomes the dataset it wraps (the file is still
 * written). Throws on a shape it does not know, so that a template change cannot go unnoticed.
 */
export function localCatalog(catalogFile) {
  const blocks = [];
  for (const line of readFileSync(catalogFile, 'utf8').split('\n')) {
    if (/^\S/.test(line) || blocks.length === 0) blocks.push([line]);
    else blocks[blocks.length - 1].push(line);
  }
  const rewritten = blocks.flatMap((block) => {
    const type = block.map((l) => /^ {2}type: *(\S+)/.exec(l)?.[1]).find((t) => t !== undefined);
    if (type === undefined || (!MLFLOW_METRIC.test(type) && !MLFLOW_ARTIFACT.test(type))) return block;
    if (MLFLOW_METRIC.test(type)) return [];
    const at = block.findIndex((l) => /^ {2}dataset: *$/.test(l));
    if (at < 0) throw new Error(`${catalogFile}: the ${type} entry '${block[0]}' has no block 'dataset:' to unwrap: update bench/lib/cli-runs.mjs`);
    const wrapped = [];
    for (const l of block.slice(at + 1)) {
      if (!/^ {4}/.test(l)) break;
      wrapped.push(l.slice(2));
    }
    return [block[0], ...wrapped];
  });
  writeFileSync(catalogFile, rewritten.join('\n'));
}
