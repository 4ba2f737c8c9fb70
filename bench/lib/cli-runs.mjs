// What the CLI benchmarks share: timing one whole process, and a project made by `kedro-mlflow new`
// opting out of the MLflow hook the documented way.
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
