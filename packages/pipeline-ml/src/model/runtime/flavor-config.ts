/**
 * The `kedro_pipeline` section of MLmodel: everything the bundled code needs to rebuild the model
 * in a folder that has nothing else. Paths are relative to the model folder and may not leave it.
 */
import type { CopyMode } from '@kedro-mlflow/core-pipeline';
import { KedroPipelineModelError } from '../errors/kedro-pipeline-model-error.js';

export const FLAVOR_NAME = 'kedro_pipeline';
export const CODE_FILE = 'code/pipeline.mjs';
export const PARAMETERS_FILE = 'artifacts/parameters.json';
export const ENVIRONMENT_FILE = 'node_env.json';

export interface ArtifactEntry {
  /** The artifact's copy, relative to the model folder. */
  path: string;
  /** Its dataset type (a key of the bundle's dataset types). */
  type: string;
  /** The option the path goes into (`filepath` for files and model folders, `path` for folder datasets). */
  path_option: string;
  /** The dataset's other options (load_args, …). */
  config: Record<string, unknown>;
}

export interface KedroPipelineFlavorConfig {
  code: string;
  /** The name the project registered the pipeline under, when the saver knew it (`null` otherwise, and in older models). */
  pipeline_name: string | null;
  /** Where the pipeline came from: the module (as given when saving), its export and the pipeline name. */
  source: { module: string; export: string | null; pipeline: string | null };
  input_name: string;
  output_name: string;
  /** Node names, sorted: the bundled pipeline must have exactly these. */
  nodes: string[];
  artifacts: Record<string, ArtifactEntry>;
  /** File holding the inference parameters' training values, `null` when there are none. */
  parameters: string | null;
  copy_mode: Record<string, CopyMode | null>;
  runner: string;
  node_version: string;
  env: string;
}

function bad(field: string, why: string): KedroPipelineModelError {
  return new KedroPipelineModelError(`The MLmodel's '${FLAVOR_NAME}' flavor has a bad '${field}': ${why}. Save the model again with this version of @kedro-mlflow/pipeline-ml.`, {
    kind: 'model-folder',
    key: field,
  });
}

/** A relative path that stays inside the model folder. */
export function checkInsidePath(value: unknown, field: string): string {
  if (typeof value !== 'string' || value === '') throw bad(field, 'expected a relative path');
  const parts = value.split(/[\\/]/);
  if (value.startsWith('/') || /^[a-z]:/i.test(value) || parts.includes('..')) throw bad(field, `${JSON.stringify(value)} points outside the model folder`);
  return value;
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Checks the section read from MLmodel. */
export function parseFlavorConfig(raw: unknown): KedroPipelineFlavorConfig {
  if (!isRecord(raw)) throw bad('(section)', 'expected a mapping');
  const str = (field: string): string => {
    const v = raw[field];
    if (typeof v !== 'string' || v === '') throw bad(field, 'expected a non-empty string');
    return v;
  };
  const artifacts: Record<string, ArtifactEntry> = {};
  if (!isRecord(raw.artifacts)) throw bad('artifacts', 'expected a mapping');
  for (const [name, entry] of Object.entries(raw.artifacts)) {
    if (!isRecord(entry) || typeof entry.type !== 'string' || typeof entry.path_option !== 'string') throw bad(`artifacts.${name}`, 'expected {path, type, path_option, config}');
    artifacts[name] = { path: checkInsidePath(entry.path, `artifacts.${name}.path`), type: entry.type, path_option: entry.path_option, config: isRecord(entry.config) ? entry.config : {} };
  }
  if (!Array.isArray(raw.nodes) || !raw.nodes.every((n) => typeof n === 'string')) throw bad('nodes', 'expected a list of node names');
  if (!isRecord(raw.copy_mode)) throw bad('copy_mode', 'expected a mapping');
  const source = isRecord(raw.source) ? raw.source : {};
  return {
    code: checkInsidePath(raw.code, 'code'),
    pipeline_name: typeof raw.pipeline_name === 'string' && raw.pipeline_name !== '' ? raw.pipeline_name : null,
    source: {
      module: typeof source.module === 'string' ? source.module : '',
      export: typeof source.export === 'string' ? source.export : null,
      pipeline: typeof source.pipeline === 'string' ? source.pipeline : null,
    },
    input_name: str('input_name'),
    output_name: str('output_name'),
    nodes: raw.nodes as string[],
    artifacts,
    parameters: raw.parameters === null || raw.parameters === undefined ? null : checkInsidePath(raw.parameters, 'parameters'),
    copy_mode: raw.copy_mode as Record<string, CopyMode | null>,
    runner: str('runner'),
    node_version: typeof raw.node_version === 'string' ? raw.node_version : '',
    env: typeof raw.env === 'string' ? raw.env : ENVIRONMENT_FILE,
  };
}
