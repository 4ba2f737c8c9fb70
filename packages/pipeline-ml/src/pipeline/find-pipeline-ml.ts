/**
 * Which PipelineML a run trains. A session combines the requested pipelines (`__default__`, or
 * several names) into one plain Pipeline before filtering it, so the pipeline a hook is handed is
 * never a PipelineML, whatever was registered. The PipelineML is therefore looked up in the
 * project's registry by the requested names, and cut to the nodes the run really executes.
 */
import { closeMatches, Pipeline } from '@kedro-mlflow/core-pipeline';
import { PipelineMLError } from '../errors/pipeline-ml-error.js';
import { describeValue } from '../utils/describe-value.js';
import { quoteNames } from '../utils/quote-names.js';
import { PipelineML } from './pipeline-ml.js';

export interface FoundPipelineMl {
  /** The registry name the PipelineML was found under (the first requested one, if several hold it). */
  name: string;
  /** The registered PipelineML, or, with a run pipeline, its part that the run executes. */
  pipelineMl: PipelineML;
}

/** What the session runs when no name is given. */
export const DEFAULT_PIPELINE_NAME = '__default__';

function requestedNames(pipelineNames: readonly string[] | string | null | undefined): string[] {
  const names = typeof pipelineNames === 'string' ? [pipelineNames] : [...(pipelineNames ?? [])];
  return [...new Set(names.length > 0 ? names : [DEFAULT_PIPELINE_NAME])];
}

/**
 * The PipelineML among the registered pipelines `pipelineNames` (none given: `__default__`), or
 * undefined when they hold none. The same PipelineML under several names counts once; two different
 * ones are an error naming them. With `run` (the pipeline the session executes, after its filters),
 * the result keeps only the training nodes of the run, and all the PipelineML checks run again on
 * them, so a filter that removes what inference needs fails before the first node; undefined when
 * the run executes none of its nodes.
 */
export function findPipelineMl(
  registry: Readonly<Record<string, Pipeline>>,
  pipelineNames?: readonly string[] | string | null,
  run?: Pipeline,
): FoundPipelineMl | undefined {
  const names = requestedNames(pipelineNames);
  const unknown = names.filter((name) => !Object.hasOwn(registry, name));
  if (unknown.length > 0) {
    const hints = unknown.flatMap((name) => closeMatches(name, Object.keys(registry)));
    throw new PipelineMLError(
      `Pipeline(s) ${quoteNames(unknown)} not found in the pipeline registry, which has ${quoteNames(Object.keys(registry))}.` +
        (hints.length > 0 ? ` Did you mean ${quoteNames(new Set(hints))}?` : ''),
      { kind: 'unknown-pipeline', pipelineNames: unknown },
    );
  }
  const found = new Map<PipelineML, string[]>();
  for (const name of names) {
    const registered = registry[name];
    if (!PipelineML.isInstance(registered)) continue;
    const holders = found.get(registered);
    if (holders === undefined) found.set(registered, [name]);
    else holders.push(name);
  }
  if (found.size > 1) {
    const holders = [...found.values()].map((list) => list[0]!);
    throw new PipelineMLError(
      `The requested pipelines hold ${found.size} different PipelineMLs: ${quoteNames(holders)}. A run logs one model: ` +
        'run them one at a time, or register one PipelineML whose training covers both.',
      { kind: 'several-pipeline-ml', pipelineNames: holders },
    );
  }
  const [entry] = found;
  if (entry === undefined) return undefined;
  const [pipelineMl, [name]] = entry;
  if (run === undefined) return { name: name!, pipelineMl };
  if (!Pipeline.isInstance(run)) {
    throw new PipelineMLError(`'run' must be the Pipeline the session runs, not ${describeValue(run)}.`, { kind: 'invalid-argument', key: 'run' });
  }
  const runKeys = new Set(run.nodes.map((node) => node.key));
  if (!pipelineMl.nodes.some((node) => runKeys.has(node.key))) return undefined;
  return { name: name!, pipelineMl: pipelineMl.intersect(run) };
}
