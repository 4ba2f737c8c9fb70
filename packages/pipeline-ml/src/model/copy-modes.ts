/**
 * The copy mode of every dataset of the inference pipeline but its output (§5.3): one mode (or
 * `null`, MemoryDataset's inferred default) for all, or a `{dataset: mode}` map over a `null`
 * default. Extra keys of a map are kept, like kedro-mlflow; anything else is refused.
 */
import { COPY_MODES, type CopyMode, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { KedroPipelineModelError } from './errors/kedro-pipeline-model-error.js';

export type CopyModeOption = CopyMode | null | Readonly<Record<string, CopyMode | null>>;

export const DEFAULT_COPY_MODE: CopyMode = 'assign';

function checkMode(mode: unknown, key: string): CopyMode | null {
  if (mode === null || mode === undefined) return null;
  if (typeof mode === 'string' && (COPY_MODES as readonly string[]).includes(mode)) return mode as CopyMode;
  throw new KedroPipelineModelError(`'${key}' must be one of ${COPY_MODES.join(', ')} or null, got ${JSON.stringify(mode)}.`, { kind: 'copy-mode', key });
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? ((value as object).constructor?.name ?? 'object') : typeof value;
}

/** Dataset → mode for `pipeline`'s datasets except `outputName` (a map's extra keys included). */
export function resolveCopyModes(copyMode: unknown, pipeline: Pipeline, outputName: string): Record<string, CopyMode | null> {
  const names = [...pipeline.datasets()].filter((name) => name !== outputName).sort();
  if (copyMode === undefined) copyMode = DEFAULT_COPY_MODE;
  if (copyMode === null || typeof copyMode === 'string') {
    const mode = checkMode(copyMode, 'copyMode');
    return Object.fromEntries(names.map((name) => [name, mode]));
  }
  if (typeof copyMode !== 'object' || Array.isArray(copyMode) || Object.getPrototypeOf(copyMode) !== Object.prototype) {
    throw new KedroPipelineModelError(`'copyMode' must be a string (${COPY_MODES.join(', ')}), null or a {dataset: mode} object, not '${typeOf(copyMode)}'.`, {
      kind: 'copy-mode',
      key: 'copyMode',
    });
  }
  const modes: Record<string, CopyMode | null> = Object.fromEntries(names.map((name) => [name, null]));
  for (const [name, mode] of Object.entries(copyMode)) modes[name] = checkMode(mode, `copyMode.${name}`);
  return modes;
}
