/**
 * From `kedro-mlflow run` flags (and an optional `--config run.yml`) to what the session is asked to
 * do. Kept free of I/O except reading the config file, so that the rules are unit-testable:
 * - `--config` holds a `run:` section whose keys are option names (kedro's snake_case names such as
 *   `from_nodes`, or the flag names such as `from-nodes`); flags given on the command line win;
 * - list options accept a comma string (split as on the command line) or a YAML list;
 * - `params` / `runner_params` accept a `k=v,...` string or a mapping; `load_versions` a
 *   `ds:version,...` string or a mapping.
 */
import { readFileSync } from 'node:fs';
import { isPlainObject as isRecord } from '@kedro-mlflow/core-pipeline';
import { CliError } from '../errors.js';
import { closeMatches } from '../suggest.js';
import { camelCaseKeys, isUnsafeVersion, parseLoadVersions, parseParams, splitNodeNames, splitString } from './options.js';
import { parseYamlValue } from './yaml-value.js';

/** The option values as commander hands them over (camelCase of the long flag names). */
export interface RunFlags {
  pipelines?: string | undefined;
  pipeline?: string | undefined;
  env?: string | undefined;
  nodes?: string | undefined;
  fromNodes?: string | undefined;
  toNodes?: string | undefined;
  fromInputs?: string | undefined;
  toOutputs?: string | undefined;
  tags?: string | undefined;
  namespaces?: string | undefined;
  runner?: string | undefined;
  runnerParams?: string | undefined;
  async?: boolean | undefined;
  params?: string | undefined;
  loadVersions?: string | undefined;
  onlyMissingOutputs?: boolean | undefined;
  confSource?: string | undefined;
}

export type RunFlagName = keyof RunFlags;

/** What `run` will do, normalised. */
export interface RunRequest {
  /** Empty: the `__default__` pipeline. */
  pipelineNames: string[];
  env: string | undefined;
  nodeNames: string[];
  fromNodes: string[];
  toNodes: string[];
  fromInputs: string[];
  toOutputs: string[];
  tags: string[];
  namespaces: string[];
  runner: string | undefined;
  /** camelCase runner constructor options (`maxWorkers`, `isAsync`). */
  runnerOptions: Record<string, unknown>;
  params: Record<string, unknown>;
  loadVersions: Record<string, string>;
  onlyMissingOutputs: boolean;
  confSource: string | undefined;
  /** Deprecation warnings to log (`--pipeline`, `--async`). */
  warnings: string[];
}

/**
 * Keys accepted in the `run:` section of a config file → the flag they stand for. kedro's own names
 * first (those of `kedro run`'s parameters), then the flag spellings.
 */
const CONFIG_KEYS: Record<string, RunFlagName> = {
  pipelines: 'pipelines',
  pipeline: 'pipeline',
  env: 'env',
  node_names: 'nodes',
  nodes: 'nodes',
  from_nodes: 'fromNodes',
  'from-nodes': 'fromNodes',
  to_nodes: 'toNodes',
  'to-nodes': 'toNodes',
  from_inputs: 'fromInputs',
  'from-inputs': 'fromInputs',
  to_outputs: 'toOutputs',
  'to-outputs': 'toOutputs',
  tags: 'tags',
  namespaces: 'namespaces',
  runner: 'runner',
  runner_params: 'runnerParams',
  'runner-params': 'runnerParams',
  is_async: 'async',
  async: 'async',
  params: 'params',
  load_versions: 'loadVersions',
  'load-versions': 'loadVersions',
  only_missing_outputs: 'onlyMissingOutputs',
  'only-missing-outputs': 'onlyMissingOutputs',
  conf_source: 'confSource',
  'conf-source': 'confSource',
};

/** The keys a `run:` section may hold, as shown in messages (kedro's names). */
export const RUN_CONFIG_KEYS: readonly string[] = Object.keys(CONFIG_KEYS).filter((k) => !k.includes('-') && k !== 'nodes' && k !== 'async');

/** A `run:` section read from a config file: flag name → raw value (string, list, mapping, boolean). */
export type RunConfig = Partial<Record<RunFlagName, unknown>>;

/** Validates the parsed content of a `--config` file and maps its keys to flag names. */
export function runConfigFromDocument(document: unknown, file: string): RunConfig {
  if (!isRecord(document) || !('run' in document)) {
    throw new CliError(
      `The config file '${file}' has no \`run:\` section. Put the options of \`kedro-mlflow run\` under it, e.g.\n` +
        'run:\n  pipelines: __default__\n  env: local\n  params: "model.lr=0.1"',
    );
  }
  const section = document.run;
  if (section === null || section === undefined) return {};
  if (!isRecord(section)) {
    throw new CliError(`The \`run:\` section of the config file '${file}' must be a mapping of option names to values.`);
  }
  const config: RunConfig = {};
  for (const [key, value] of Object.entries(section)) {
    const flag = CONFIG_KEYS[key];
    if (flag === undefined) {
      const matches = closeMatches(key, RUN_CONFIG_KEYS, 3, 0.5);
      const suggestion =
        matches.length === 0 ? '' : matches.length === 1 ? ` Did you mean this? ${matches[0]}` : ` Did you mean one of these? ${matches.join(', ')}`;
      throw new CliError(
        `Key \`${key}\` in provided configuration is not valid.${suggestion}` +
          ` (config file '${file}'; valid keys: ${RUN_CONFIG_KEYS.join(', ')}).`,
      );
    }
    config[flag] = value;
  }
  return config;
}

/** Reads `--config <file>` (YAML); missing file, bad YAML and unknown keys are CliErrors. */
export function readRunConfig(file: string): RunConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') throw new CliError(`Invalid value for '--config' / '-c': File '${file}' does not exist.`);
    if (code === 'EISDIR') throw new CliError(`Invalid value for '--config' / '-c': File '${file}' is a directory.`);
    throw new CliError(`Invalid value for '--config' / '-c': cannot read '${file}': ${(error as Error).message}`);
  }
  let document: unknown;
  try {
    document = parseYamlValue(text);
  } catch (error) {
    throw new CliError(`The config file '${file}' is not valid YAML: ${(error as Error).message}`);
  }
  return runConfigFromDocument(document, file);
}

function describeType(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

function listValue(value: unknown, key: string, split: (text: string) => string[]): string[] {
  if (value === undefined || value === null || value === '') return [];
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter((v) => v !== '');
  if (typeof value === 'string') return split(value);
  if (typeof value === 'number' || typeof value === 'boolean') return split(String(value));
  throw new CliError(`Config key \`${key}\` must be a comma-separated string or a list, got ${describeType(value)}.`);
}

function stringValue(value: unknown, key: string): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw new CliError(`Config key \`${key}\` must be a string, got ${describeType(value)}.`);
}

function flagValue(value: unknown, key: string): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  throw new CliError(`Config key \`${key}\` must be true or false, got ${describeType(value)}.`);
}

function mappingOrParams(value: unknown, option: string): Record<string, unknown> {
  if (value === undefined || value === null || value === '') return {};
  if (isRecord(value)) return value;
  if (typeof value === 'string') return parseParams(value, option);
  throw new CliError(`Config key \`${option}\` must be a \`key=value,...\` string or a mapping, got ${describeType(value)}.`);
}

function loadVersionsValue(value: unknown): Record<string, string> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value === 'string') return parseLoadVersions(value);
  if (isRecord(value)) {
    const out: Record<string, string> = {};
    for (const [name, version] of Object.entries(value)) {
      const text = String(version);
      if (isUnsafeVersion(text)) parseLoadVersions(`${name}:${text}`); // throws kedro's message
      out[name] = text;
    }
    return out;
  }
  throw new CliError(`Config key \`load_versions\` must be a \`dataset:version,...\` string or a mapping, got ${describeType(value)}.`);
}

/**
 * Merges flags and config (flags given on the command line win; `given(flag)` says whether one was)
 * and applies kedro's rules: `--pipeline` vs `--pipelines`, `--async` vs `is_async`, splitting and
 * typing of every value.
 */
export function buildRunRequest(flags: RunFlags, config: RunConfig = {}, given: (flag: RunFlagName) => boolean = () => true): RunRequest {
  const pick = (flag: RunFlagName): unknown => {
    const fromCli = flags[flag];
    if (given(flag) && fromCli !== undefined) return fromCli;
    return flag in config ? config[flag] : fromCli;
  };
  const warnings: string[] = [];

  const pipeline = stringValue(pick('pipeline'), 'pipeline');
  const pipelines = listValue(pick('pipelines'), 'pipelines', splitString);
  if (pipeline !== undefined && pipelines.length > 0) {
    throw new CliError("Options '--pipeline' and '--pipelines' cannot be used together");
  }
  let pipelineNames: string[];
  if (pipeline !== undefined) {
    warnings.push("Option '--pipeline' is deprecated and will be removed in a future release. Please use '--pipelines' instead.");
    pipelineNames = [pipeline];
  } else {
    pipelineNames = [...new Set(pipelines)];
  }

  const runnerOptions = camelCaseKeys(mappingOrParams(pick('runnerParams'), 'runner_params'));
  if (flagValue(pick('async'), 'is_async')) {
    warnings.push("Option '--async' is deprecated and will be removed in a future release. Please use '--runner-params=is_async=True' instead.");
    if ('isAsync' in runnerOptions && !runnerOptions.isAsync) {
      throw new CliError("Options '--async' and '--runner-params=is_async=False' cannot be used together.");
    }
    runnerOptions.isAsync = true;
  }

  return {
    pipelineNames,
    env: stringValue(pick('env'), 'env'),
    nodeNames: listValue(pick('nodes'), 'node_names', splitNodeNames),
    fromNodes: listValue(pick('fromNodes'), 'from_nodes', splitNodeNames),
    toNodes: listValue(pick('toNodes'), 'to_nodes', splitNodeNames),
    fromInputs: listValue(pick('fromInputs'), 'from_inputs', splitString),
    toOutputs: listValue(pick('toOutputs'), 'to_outputs', splitString),
    tags: listValue(pick('tags'), 'tags', splitString),
    namespaces: listValue(pick('namespaces'), 'namespaces', splitNodeNames),
    runner: stringValue(pick('runner'), 'runner'),
    runnerOptions,
    params: mappingOrParams(pick('params'), 'params'),
    loadVersions: loadVersionsValue(pick('loadVersions')),
    onlyMissingOutputs: flagValue(pick('onlyMissingOutputs'), 'only_missing_outputs'),
    confSource: stringValue(pick('confSource'), 'conf_source'),
    warnings,
  };
}
