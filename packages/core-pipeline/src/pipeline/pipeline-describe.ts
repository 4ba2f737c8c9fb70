/** Text and JSON renderings of a pipeline. */
import { byCodePoint } from '../utils/py-repr.js';
import type { Node } from './node.js';

/** The version written by `toJSON()` (kedro writes its own version there). */
export const CORE_PIPELINE_VERSION = '0.1.0';

export interface PipelineJSON {
  kedro_version: string;
  pipeline: Array<{ name: string; inputs: string[]; outputs: string[]; tags: string[] }>;
}

function namesOrNone(names: ReadonlySet<string>): string {
  return names.size === 0 ? 'None' : [...names].sort(byCodePoint).join(', ');
}

export function describePipeline(
  ordered: readonly Node[],
  inputs: ReadonlySet<string>,
  outputs: ReadonlySet<string>,
  namesOnly: boolean,
): string {
  const lines = ordered.map((node) => (namesOnly ? node.name : node.toString())).join('\n');
  return (
    '#### Pipeline execution order ####\n' +
    `Inputs: ${namesOrNone(inputs)}\n\n` +
    `${lines}\n\n` +
    `Outputs: ${namesOrNone(outputs)}\n` +
    '##################################'
  );
}

export function pipelineToJSON(ordered: readonly Node[]): PipelineJSON {
  return {
    kedro_version: CORE_PIPELINE_VERSION,
    pipeline: ordered.map((node) => ({
      name: node.name,
      inputs: [...node.inputs],
      outputs: [...node.outputs],
      tags: [...node.tags].sort(byCodePoint),
    })),
  };
}

/** `Pipeline([\nNode(...),\nNode(...)\n])`, at most 10 nodes then `...`, like kedro's repr. */
export function pipelineRepr(ordered: readonly Node[]): string {
  if (ordered.length === 0) return 'Pipeline([])';
  const shown = ordered.slice(0, 10).map((node) => node.repr());
  if (ordered.length > 10) shown.push('...');
  return `Pipeline([\n${shown.join(',\n')}\n])`;
}
