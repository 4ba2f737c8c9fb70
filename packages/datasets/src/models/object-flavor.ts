/**
 * The built-in `object` flavor: a model that is plain data (weights, vocabularies, thresholds), the
 * counterpart of pickling a Python object. `serialization: v8` (the default) keeps anything
 * `structuredClone` keeps (Maps, typed arrays, bigints, Dates) in Node's v8 format, like
 * ObjectDataset; `serialization: json` writes readable JSON that any language can read, refusing
 * values JSON cannot hold, like JSONDataset. Class instances come back as plain objects.
 */
import { join } from 'node:path';
import type { FlavorConfig } from '@kedro-mlflow/mlflow-client';
import { isOneOf } from '../file/dataset-args.js';
import { JSONDataset } from '../json/json-dataset.js';
import { ObjectDataset } from '../object/object-dataset.js';
import type { FlavorArgs, FlavorLoadContext, ModelFlavor } from './model-flavor.js';

export type ObjectSerialization = 'v8' | 'json';

const FILES: Record<ObjectSerialization, string> = { v8: 'model.bin', json: 'model.json' };

function fileDataset(serialization: ObjectSerialization, path: string): ObjectDataset | JSONDataset {
  return serialization === 'json' ? new JSONDataset({ filepath: path }) : new ObjectDataset({ filepath: path });
}

function serializationOf(config: FlavorConfig): ObjectSerialization {
  const value = config.serialization;
  if (value !== 'v8' && value !== 'json') throw new TypeError(`the MLmodel's 'object' flavor has serialization ${JSON.stringify(value)}, expected 'v8' or 'json'`);
  return value;
}

export const objectFlavor: ModelFlavor = {
  name: 'object',
  saveArgs: { serialization: isOneOf('v8', 'json') },
  loadArgs: {},

  async save(model: unknown, dir: string, args: FlavorArgs): Promise<FlavorConfig> {
    const serialization = (args.serialization as ObjectSerialization | undefined) ?? 'v8';
    const data = FILES[serialization];
    const path = join(dir, data);
    await fileDataset(serialization, path).saveTo(path, model);
    return { data, serialization, node_version: process.versions.node };
  },

  async load(dir: string, _args: FlavorArgs, { config }: FlavorLoadContext): Promise<unknown> {
    const serialization = serializationOf(config);
    const data = typeof config.data === 'string' ? config.data : FILES[serialization];
    if (data.split(/[\\/]/).includes('..')) throw new TypeError(`the MLmodel's 'object' flavor points outside the model folder (data: ${JSON.stringify(data)})`);
    const path = join(dir, data);
    return fileDataset(serialization, path).loadFrom(path);
  },
};
