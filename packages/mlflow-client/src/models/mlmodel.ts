/**
 * The MLmodel file at the root of every MLflow model folder (the "Storage Format" of
 * https://mlflow.org/docs/latest/ml/model/): which flavors can load the model, where it was logged
 * (MLflow 3: `artifact_path` is the logged model's full artifact URI, `model_uuid` = `model_id` =
 * `m-…`), its signature (three JSON strings) and input example.
 *
 * `readMLmodel` reads it with PyYAML's rules and checks every known field, naming the file and the
 * field on error; keys it does not know are kept in `extra` and written back by `writeMLmodel`,
 * which writes like `yaml.safe_dump` (block style, keys sorted). Field names are camelCase here,
 * snake_case in the file; flavor configurations and metadata are kept verbatim.
 */
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import { InvalidMLmodelError } from './model-errors.js';
import { dumpModelYaml, parseYaml, type YamlValue } from './model-yaml.js';
import { parseSignature, SchemaError, type SignatureStrings } from './signature.js';

export const MLMODEL_FILE_NAME = 'MLmodel';

/** A flavor's configuration (`python_function: {loader_module: …, env: …}`), kept as written. */
export type FlavorConfig = { [key: string]: YamlValue };

/** `saved_input_example_info`: where the input example is and how it is encoded. */
export interface SavedInputExampleInfo {
  /** The example file, relative to the model folder (`input_example.json`). */
  artifactPath: string;
  /** `dataframe`, `ndarray`, `json_object`, … */
  type: string;
  /** `split` or `records` for dataframes. */
  pandasOrient?: string;
  /** The ready-made `/invocations` body (`serving_input_example.json`). */
  servingInputPath?: string;
  /** Other keys, kept as written. */
  extra?: { [key: string]: YamlValue };
}

export interface MLmodel {
  /** MLflow 3: the logged model's artifact URI; 2.x: the run-relative path. */
  artifactPath?: string;
  /** At least one flavor. */
  flavors: { [flavor: string]: FlavorConfig };
  modelUuid?: string;
  /** `m-…`; `null` when the model was saved outside tracking (Python writes `model_id: null`). */
  modelId?: string | null;
  runId?: string;
  /** Naive UTC, `YYYY-MM-DD HH:MM:SS.ffffff`. */
  utcTimeCreated?: string;
  mlflowVersion?: string;
  /** JSON strings, as stored; `parseSignature` gives typed schemas. */
  signature?: SignatureStrings;
  savedInputExampleInfo?: SavedInputExampleInfo;
  modelSizeBytes?: number;
  metadata?: { [key: string]: YamlValue } | null;
  /** Every other top-level key (`prompts`, `is_signature_from_type_hint`, `env_vars`, …), kept. */
  extra: { [key: string]: YamlValue };
}

const KNOWN = new Set([
  'artifact_path',
  'flavors',
  'model_uuid',
  'model_id',
  'run_id',
  'utc_time_created',
  'mlflow_version',
  'signature',
  'saved_input_example_info',
  'model_size_bytes',
  'metadata',
]);

const isMap = (v: YamlValue | undefined): v is { [key: string]: YamlValue } => v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);

function kind(v: YamlValue | undefined): string {
  if (v === null || v === undefined) return 'nothing';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

/** `2024-05-01 12:00:00.000000` for a date (naive UTC, microseconds), like Python's `str(datetime.utcnow())`. */
export function formatUtcTimeCreated(date: Date = new Date()): string {
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${date.getUTCFullYear()}-${p(date.getUTCMonth() + 1)}-${p(date.getUTCDate())} ${p(date.getUTCHours())}:${p(date.getUTCMinutes())}:${p(date.getUTCSeconds())}.${p(date.getUTCMilliseconds(), 3)}000`;
}

/** A parsed YAML document → `MLmodel`; `file` names it in errors. */
export function mlmodelFromYaml(doc: YamlValue, file = '<memory>'): MLmodel {
  const fail = (field: string | undefined, message: string, cause?: unknown): never => {
    throw new InvalidMLmodelError({ file, ...(field === undefined ? {} : { field }), message, cause });
  };
  if (!isMap(doc)) return fail(undefined, `is not an MLmodel file: expected a YAML mapping, got ${kind(doc)}`);
  const str = (key: string): string | undefined => {
    const v = doc[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    // PyYAML may read an unquoted value as a number (`mlflow_version: 3.0` is a float there).
    if (typeof v === 'number' && (key === 'mlflow_version' || key === 'run_id' || key === 'model_uuid')) return String(v);
    return fail(key, `must be a string, got ${kind(v)}`);
  };

  const flavors = doc.flavors;
  if (!isMap(flavors)) return fail('flavors', `must be a mapping of flavor name to its configuration, got ${kind(flavors)}`);
  if (Object.keys(flavors).length === 0) fail('flavors', 'must name at least one flavor');
  for (const [name, config] of Object.entries(flavors)) {
    if (!isMap(config)) fail(`flavors.${name}`, `must be a mapping, got ${kind(config)}`);
  }
  const model: MLmodel = { flavors: flavors as MLmodel['flavors'], extra: {} };

  const artifactPath = str('artifact_path');
  if (artifactPath !== undefined) model.artifactPath = artifactPath;
  const modelUuid = str('model_uuid');
  if (modelUuid !== undefined) model.modelUuid = modelUuid;
  if (doc.model_id === null) model.modelId = null;
  else {
    const modelId = str('model_id');
    if (modelId !== undefined) model.modelId = modelId;
  }
  const runId = str('run_id');
  if (runId !== undefined) model.runId = runId;
  const created = str('utc_time_created');
  if (created !== undefined) {
    if (!/^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d+)?$/.test(created)) fail('utc_time_created', `must look like 'YYYY-MM-DD HH:MM:SS.ffffff', got ${JSON.stringify(created)}`);
    model.utcTimeCreated = created;
  }
  const version = str('mlflow_version');
  if (version !== undefined) model.mlflowVersion = version;

  if (doc.signature !== undefined && doc.signature !== null) {
    const sig = doc.signature;
    if (!isMap(sig)) return fail('signature', `must be a mapping with inputs/outputs/params, got ${kind(sig)}`);
    const strings: SignatureStrings = {};
    for (const key of ['inputs', 'outputs', 'params'] as const) {
      const v = sig[key];
      if (v === undefined) continue;
      if (v !== null && typeof v !== 'string') fail(`signature.${key}`, `must be a JSON string or null, got ${kind(v)}`);
      strings[key] = v as string | null;
    }
    try {
      parseSignature(strings);
    } catch (error) {
      if (error instanceof SchemaError) fail(error.path, error.message.slice(error.path.length + 2), error);
      throw error;
    }
    model.signature = strings;
  }

  const info = doc.saved_input_example_info;
  if (info !== undefined && info !== null) {
    if (!isMap(info)) return fail('saved_input_example_info', `must be a mapping, got ${kind(info)}`);
    if (typeof info.artifact_path !== 'string' || info.artifact_path === '') fail('saved_input_example_info.artifact_path', `must be a file name, got ${kind(info.artifact_path)}`);
    if (typeof info.type !== 'string') fail('saved_input_example_info.type', `must be a string, got ${kind(info.type)}`);
    const parsed: SavedInputExampleInfo = { artifactPath: info.artifact_path as string, type: info.type as string };
    if (typeof info.pandas_orient === 'string') parsed.pandasOrient = info.pandas_orient;
    if (typeof info.serving_input_path === 'string') parsed.servingInputPath = info.serving_input_path;
    const rest = Object.fromEntries(Object.entries(info).filter(([k]) => !['artifact_path', 'type', 'pandas_orient', 'serving_input_path'].includes(k)));
    if (Object.keys(rest).length > 0) parsed.extra = rest;
    model.savedInputExampleInfo = parsed;
  }

  const size = doc.model_size_bytes;
  if (size !== undefined && size !== null) {
    if (typeof size !== 'number' || !Number.isInteger(size) || size < 0) fail('model_size_bytes', `must be a non-negative integer, got ${kind(size)}`);
    model.modelSizeBytes = size as number;
  }
  if (doc.metadata !== undefined) {
    if (doc.metadata !== null && !isMap(doc.metadata)) fail('metadata', `must be a mapping, got ${kind(doc.metadata)}`);
    model.metadata = doc.metadata as MLmodel['metadata'];
  }
  for (const [key, value] of Object.entries(doc)) if (!KNOWN.has(key)) model.extra[key] = value;
  return model;
}

/** `MLmodel` → the mapping written to the file (snake_case keys, unknown keys restored). */
export function mlmodelToYaml(model: MLmodel): { [key: string]: YamlValue } {
  const out: { [key: string]: YamlValue } = { ...model.extra };
  out.flavors = model.flavors;
  if (model.artifactPath !== undefined) out.artifact_path = model.artifactPath;
  if (model.modelUuid !== undefined) out.model_uuid = model.modelUuid;
  if (model.modelId !== undefined) out.model_id = model.modelId;
  if (model.runId !== undefined) out.run_id = model.runId;
  if (model.utcTimeCreated !== undefined) out.utc_time_created = model.utcTimeCreated;
  if (model.mlflowVersion !== undefined) out.mlflow_version = model.mlflowVersion;
  if (model.signature !== undefined) {
    out.signature = { inputs: model.signature.inputs ?? null, outputs: model.signature.outputs ?? null, params: model.signature.params ?? null };
  }
  const info = model.savedInputExampleInfo;
  if (info !== undefined) {
    out.saved_input_example_info = {
      ...info.extra,
      artifact_path: info.artifactPath,
      type: info.type,
      ...(info.pandasOrient === undefined ? {} : { pandas_orient: info.pandasOrient }),
      ...(info.servingInputPath === undefined ? {} : { serving_input_path: info.servingInputPath }),
    };
  }
  if (model.modelSizeBytes !== undefined) out.model_size_bytes = model.modelSizeBytes;
  if (model.metadata !== undefined) out.metadata = model.metadata;
  return out;
}

/** The YAML text of an MLmodel; the model is checked first (a bad one throws `InvalidMLmodelError`). */
export function serializeMLmodel(model: MLmodel): string {
  const doc = mlmodelToYaml(model);
  mlmodelFromYaml(doc, '<MLmodel being written>');
  return dumpModelYaml(doc);
}

/** Parses MLmodel text; `file` names it in errors. */
export function parseMLmodel(text: string, file = '<memory>'): MLmodel {
  let doc: YamlValue;
  try {
    doc = parseYaml(text);
  } catch (error) {
    throw new InvalidMLmodelError({ file, message: `is not valid YAML: ${(error as Error).message}`, cause: error });
  }
  return mlmodelFromYaml(doc, file);
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await fsp.stat(path)).isDirectory();
  } catch {
    return false;
  }
}

/** Reads `<dir>/MLmodel`, or the file itself when given a file. */
export async function readMLmodel(dirOrFile: string): Promise<MLmodel> {
  const file = (await isDirectory(dirOrFile)) ? join(dirOrFile, MLMODEL_FILE_NAME) : dirOrFile;
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InvalidMLmodelError({ file, message: code === 'ENOENT' ? 'does not exist (not an MLflow model folder?)' : `cannot be read (${(error as Error).message})`, cause: error });
  }
  return parseMLmodel(text, file);
}

/** Writes `<dir>/MLmodel` (creating `dir`); returns the file's path. */
export async function writeMLmodel(dir: string, model: MLmodel): Promise<string> {
  const text = serializeMLmodel(model);
  await fsp.mkdir(dir, { recursive: true });
  const file = join(dir, MLMODEL_FILE_NAME);
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2, 8)}.tmp`;
  await fsp.writeFile(temp, text, 'utf8');
  await fsp.rename(temp, file);
  return file;
}
