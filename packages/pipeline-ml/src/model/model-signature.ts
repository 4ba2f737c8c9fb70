/**
 * The model's signature. `auto`: the inputs' columns and types inferred from the input example (an
 * arquero table, rows, `{columns}`), and the params: `runner` (default: the model's runner) and
 * every inference parameter with its training value as default. A parameter MLflow's params schema
 * cannot describe (an object, a list of mixed or nested values) is left out with a warning: it
 * keeps its training value when served, and `predict(input, params)` can still override it.
 */
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { isColumnTable } from '@kedro-mlflow/datasets';
import { prepareInputExample, type DataTypeName, type InputExample, type ModelSignature, type ParamSpec } from '@kedro-mlflow/mlflow-client';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';
import { RUNNER_PARAM } from './runtime/run-inference.js';

const log = getLogger('kedro_mlflow.mlflow.kedro_pipeline_model');

export type ModelInputExample = InputExample | { columnNames(): string[]; array(name: string): ArrayLike<unknown> };

/** An arquero table becomes `{columns}`; the other forms are MLflow-client input examples already. */
export function toInputExample(example: ModelInputExample): InputExample {
  if (!isColumnTable(example)) return example as InputExample;
  const table = example as unknown as { columnNames(): string[]; array(name: string): ArrayLike<unknown> };
  return { columns: Object.fromEntries(table.columnNames().map((name) => [name, Array.from(table.array(name))])) };
}

function scalarType(value: unknown): DataTypeName | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'long' : 'double';
  if (value instanceof Date) return 'datetime';
  return undefined;
}

function paramSpec(name: string, value: unknown): ParamSpec | undefined {
  const scalar = scalarType(value);
  if (scalar !== undefined) return { name, type: scalar, default: value instanceof Date ? value.toISOString() : value, shape: null };
  if (Array.isArray(value) && value.length > 0) {
    const types = new Set(value.map(scalarType));
    // Whole numbers among floats are floats: [0.5, 1] is a list of doubles.
    if (types.size === 2 && types.has('long') && types.has('double')) return { name, type: 'double', default: value, shape: [-1] };
    const [only] = types;
    if (types.size === 1 && only !== undefined) return { name, type: only, default: value, shape: [-1] };
  }
  return undefined;
}

export function paramsSchema(runner: string, parameters: Readonly<Record<string, unknown>>): ParamSpec[] {
  const specs: ParamSpec[] = [{ name: RUNNER_PARAM, type: 'string', default: runner, shape: null }];
  for (const [name, value] of Object.entries(parameters).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const spec = paramSpec(name, value);
    if (spec === undefined) log.warn("The inference parameter 'params:%s' is left out of the signature: MLflow params are scalars or lists of scalars.", name);
    else specs.push(spec);
  }
  return specs;
}

/** `auto` → the inferred signature; an object → as given; `null` → none. */
export function modelSignature(option: unknown, example: InputExample | undefined, runner: string, parameters: Readonly<Record<string, unknown>>): ModelSignature | undefined {
  if (option === null) return undefined;
  if (option === undefined || option === 'auto') {
    const inputs = example === undefined ? undefined : prepareInputExample(example).inferredSchema;
    return { ...(inputs === undefined ? {} : { inputs }), params: paramsSchema(runner, parameters) };
  }
  if (typeof option === 'object' && !Array.isArray(option)) return option as ModelSignature;
  throw new KedroPipelineModelError(`'signature' must be 'auto', null or a signature object, got ${JSON.stringify(option)}.`, { kind: 'invalid-argument', key: 'signature' });
}
