/**
 * The `kedro_command` tag: the `kedro-mlflow run` command that repeats a run, with every option
 * that shaped it (pipelines, filters, environment, runner and its options, runtime params, load
 * versions). Values are shell-quoted where needed, so the tag can be pasted into a terminal.
 */
import { isRunnerName, type RunParams } from '@kedro-mlflow/core-pipeline';

const SAFE = /^[\w@%+=:,./-]+$/;

function shellQuote(value: string): string {
  return SAFE.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A value as `--params` reads it back (YAML): plain when unambiguous, else JSON (valid YAML). */
function yamlScalar(value: unknown): string {
  if (typeof value === 'string') return /^[\w./-]+$/.test(value) && !/^(true|false|null|~|yes|no|on|off|[-+]?[\d.]+(e[-+]?\d+)?)$/i.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? 'null';
}

/** `{model: {lr: 0.1}, name: 'x'}` → `model.lr=0.1,name=x`. */
function paramPairs(params: Record<string, unknown>, prefix = ''): string[] {
  return Object.entries(params).flatMap(([key, value]) =>
    isPlainObject(value) && Object.keys(value).length > 0 ? paramPairs(value, `${prefix}${key}.`) : [`${prefix}${key}=${yamlScalar(value)}`],
  );
}

const snakeCase = (key: string): string => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** Runner options that a command line can carry (scalars), as `--runner-params` pairs. */
function runnerPairs(runParams: RunParams): string[] {
  const options: Record<string, unknown> = { ...runParams.runnerOptions };
  if (runParams.isAsync === true) options.isAsync = true;
  return Object.entries(options)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'string')
    .map(([k, v]) => `${snakeCase(k)}=${String(v)}`);
}

/** The pipeline names of a run: `pipelineNames`, else `['__default__']`. */
export function runPipelineNames(runParams: RunParams): string[] {
  const names = runParams.pipelineNames ?? (typeof runParams.pipelineName === 'string' ? [runParams.pipelineName] : undefined);
  return names !== undefined && names.length > 0 ? names : ['__default__'];
}

export function generateKedroCommand(runParams: RunParams): string {
  const parts = ['kedro-mlflow', 'run'];
  const option = (flag: string, value: string | undefined): void => {
    if (value !== undefined && value !== '') parts.push(`--${flag}=${shellQuote(value)}`);
  };
  const list = (flag: string, values: readonly string[] | undefined): void => option(flag, values?.join(','));
  list('from-inputs', runParams.fromInputs);
  list('to-outputs', runParams.toOutputs);
  list('from-nodes', runParams.fromNodes);
  list('to-nodes', runParams.toNodes);
  list('nodes', runParams.nodeNames);
  list('pipelines', runPipelineNames(runParams));
  list('tags', runParams.tags);
  list('namespaces', runParams.namespaces);
  list(
    'load-versions',
    Object.entries(runParams.loadVersions ?? {}).map(([name, version]) => `${name}:${version}`),
  );
  option('env', runParams.env);
  // A runner class passed as an instance has no name the CLI knows: leave it out rather than lie.
  if (runParams.runner !== undefined && isRunnerName(runParams.runner)) option('runner', runParams.runner);
  list('runner-params', runnerPairs(runParams));
  list('params', paramPairs(runParams.runtimeParams ?? {}));
  if (runParams.onlyMissingOutputs === true) parts.push('--only-missing-outputs');
  return parts.join(' ');
}
