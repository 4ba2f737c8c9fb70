/**
 * Run inputs and outputs: datasets under `<experiment>/datasets/<md5(name+digest)>/`,
 * run inputs under `<run>/inputs/<id>/meta.yaml`, model outputs under `<run>/outputs/<model_id>/`.
 * Ids are the md5 digests Python computes, so both sides dedupe the same way.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { join } from 'node:path';
import type { DatasetInput, DatasetSummary, RunInputs, RunOutputs } from '../../entities/tracking.js';
import { type FileContext, invalidParam, num, str } from './context.js';
import { createExclusive, listSubdirs } from './fs-ops.js';
import { validateModelId } from './layout.js';
import { dumpYaml, type YamlValue } from './yaml-meta.js';

const LIMITS = { name: 500, digest: 36, source: 65_535, schema: 1_048_575, profile: 16_777_215 };

function md5(...parts: string[]): string {
  const hash = createHash('md5');
  for (const p of parts) hash.update(p, 'utf8');
  return hash.digest('hex');
}

export function validateDatasetInput(input: DatasetInput): void {
  const d = input?.dataset;
  if (d == null) throw invalidParam('Dataset cannot be None');
  for (const field of ['name', 'digest', 'sourceType', 'source'] as const) {
    if (typeof d[field] !== 'string') throw invalidParam(`Dataset ${field === 'sourceType' ? 'source_type' : field} cannot be None`);
  }
  for (const [field, limit] of Object.entries(LIMITS)) {
    const value = d[field as keyof DatasetSummary];
    if (typeof value === 'string' && value.length > limit) throw invalidParam(`'${field}' exceeds the maximum length of ${limit}`);
  }
  for (const [key, value] of Object.entries(input.tags ?? {})) {
    if (key.length > 255) throw invalidParam(`'key' exceeds the maximum length of 255`);
    if (String(value).length > 500) throw invalidParam(`'value' exceeds the maximum length of 500`);
  }
}

/** Writes `<dir>/meta.yaml` unless it exists; `base` (the run or experiment folder) must exist. */
async function writeMetaOnce(base: string, dir: string, data: { [key: string]: YamlValue }): Promise<void> {
  await fsp.stat(base);
  await fsp.mkdir(dir, { recursive: true });
  await createExclusive(join(dir, 'meta.yaml'), dumpYaml(data), dir);
}

export async function logInputs(
  experimentDir: string,
  runDir: string,
  runId: string,
  datasets: DatasetInput[],
  models: Array<{ modelId: string }>,
): Promise<void> {
  for (const input of datasets) {
    const d = input.dataset;
    const datasetId = md5(d.name, d.digest);
    await writeMetaOnce(experimentDir, join(experimentDir, 'datasets', datasetId), {
      digest: d.digest,
      name: d.name,
      profile: d.profile ?? null,
      schema: d.schema ?? null,
      source: d.source,
      source_type: d.sourceType,
    });
    const tags: { [key: string]: YamlValue } = {};
    for (const [k, v] of Object.entries(input.tags ?? {})) tags[k] = String(v);
    // destination_id repeats the source id: that is what Python writes (and reads back).
    await writeMetaOnce(runDir, join(runDir, 'inputs', md5(datasetId, runId)), {
      destination_id: datasetId,
      destination_type: 'RUN',
      source_id: datasetId,
      source_type: 'DATASET',
      tags,
    });
  }
  for (const { modelId } of models) {
    validateModelId(modelId);
    await writeMetaOnce(runDir, join(runDir, 'inputs', md5(modelId, runId)), {
      destination_id: modelId,
      destination_type: 'RUN',
      source_id: modelId,
      source_type: 'MODEL',
      tags: {},
    });
  }
}

export async function logOutputs(runDir: string, models: Array<{ modelId: string; step: number }>): Promise<void> {
  for (const { modelId, step } of models) {
    validateModelId(modelId);
    if (!Number.isInteger(step ?? 0)) throw invalidParam(`Invalid step ${String(step)} for model output '${modelId}'.`);
    await writeMetaOnce(runDir, join(runDir, 'outputs', modelId), {
      destination_id: modelId,
      destination_type: 'MODEL_OUTPUT',
      source_id: modelId,
      source_type: 'RUN_OUTPUT',
      step: step ?? 0,
      tags: {},
    });
  }
}

export async function readInputs(ctx: FileContext, experimentDir: string, runDir: string): Promise<RunInputs> {
  const inputs: RunInputs = { datasetInputs: [], modelInputs: [] };
  const inputsDir = join(runDir, 'inputs');
  for (const id of (await listSubdirs(inputsDir)).sort()) {
    const meta = await ctx.readMeta(join(inputsDir, id));
    if (meta === undefined) continue;
    const sourceId = str(meta.source_id) ?? '';
    if (meta.source_type === 'MODEL') {
      inputs.modelInputs.push({ modelId: sourceId });
    } else if (meta.source_type === 'DATASET') {
      const datasetMeta = /^[\w-]+$/.test(sourceId) ? await ctx.readMeta(join(experimentDir, 'datasets', sourceId)) : undefined;
      if (datasetMeta === undefined) continue;
      const dataset: DatasetSummary = {
        name: str(datasetMeta.name) ?? '',
        digest: str(datasetMeta.digest) ?? '',
        sourceType: str(datasetMeta.source_type) ?? '',
        source: str(datasetMeta.source) ?? '',
      };
      const schema = str(datasetMeta.schema);
      const profile = str(datasetMeta.profile);
      if (schema !== undefined) dataset.schema = schema;
      if (profile !== undefined) dataset.profile = profile;
      const tags: Record<string, string> = {};
      const rawTags = meta.tags;
      if (rawTags !== null && typeof rawTags === 'object' && !Array.isArray(rawTags)) {
        for (const [k, v] of Object.entries(rawTags)) tags[k] = str(v) ?? '';
      }
      inputs.datasetInputs.push({ dataset, tags });
    }
  }
  return inputs;
}

export async function readOutputs(ctx: FileContext, runDir: string): Promise<RunOutputs> {
  const outputs: RunOutputs = { modelOutputs: [] };
  const outputsDir = join(runDir, 'outputs');
  for (const id of (await listSubdirs(outputsDir)).sort()) {
    const meta = await ctx.readMeta(join(outputsDir, id));
    if (meta === undefined || meta.destination_type !== 'MODEL_OUTPUT') continue;
    outputs.modelOutputs.push({ modelId: str(meta.destination_id) ?? id, step: num(meta.step) ?? 0 });
  }
  return outputs;
}
