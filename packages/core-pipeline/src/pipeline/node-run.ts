/**
 * Running a node: check the provided inputs against the definition, build the function's
 * arguments, and map what it returns (or yields) onto the declared outputs.
 */
import { PipelineError } from '../errors/pipeline-error.js';
import { getLogger } from '../logging.js';
import { byCodePoint, pyList, pySet } from '../utils/py-repr.js';
import { jsTypeName, isPlainObject } from './js-type-name.js';
import { ioIsEmpty, isStringList, type NodeIORaw } from './node-io.js';

const log = getLogger('kedro.pipeline');

/** What the run helpers need to know about a node. */
export interface RunnableNodeShape {
  readonly rawInputs: NodeIORaw;
  readonly rawOutputs: NodeIORaw;
  readonly name: string;
  readonly explicitName: string | undefined;
  readonly funcName: string;
  toString(): string;
}

function sortedKeys(inputs: Record<string, unknown>): string {
  return pyList(Object.keys(inputs).sort(byCodePoint));
}

/** Validate `inputs` against the node's declared inputs and return the call arguments. */
export function callArguments(node: RunnableNodeShape, given: unknown): unknown[] {
  if (given !== null && given !== undefined && !isPlainObject(given)) {
    throw new PipelineError(`Node.run() expects an object or undefined, but got '${jsTypeName(given)}' instead`);
  }
  const inputs: Record<string, unknown> = (given as Record<string, unknown> | null | undefined) ?? {};
  const count = Object.keys(inputs).length;
  const declared = node.rawInputs;
  // Only built when a check fails: sorting the keys of a wide node on every run is measurable.
  const got = (): string => `but got the following ${count} input(s) instead: ${sortedKeys(inputs)}.`;

  if (ioIsEmpty(declared) || declared === null) {
    if (count > 0) throw new PipelineError(`Node ${node.toString()} expected no inputs, ${got()}`);
    return [];
  }
  if (typeof declared === 'string') {
    if (count !== 1 || !(declared in inputs)) {
      throw new PipelineError(`Node ${node.toString()} expected one input named '${declared}', ${got()}`);
    }
    return [inputs[declared]];
  }
  if (isStringList(declared)) {
    if (!sameNames(declared, inputs)) {
      throw new PipelineError(`Node ${node.toString()} expected ${declared.length} input(s) ${pyList(declared)}, ${got()}`);
    }
    return declared.map((name) => inputs[name]);
  }
  const names = [...new Set(Object.values(declared))];
  if (!sameNames(names, inputs)) {
    throw new PipelineError(
      `Node ${node.toString()} expected ${names.length} input(s) ${pyList([...names].sort(byCodePoint))}, ${got()}`,
    );
  }
  const argument: Record<string, unknown> = {};
  for (const [arg, name] of Object.entries(declared)) argument[arg] = inputs[name];
  return [argument];
}

/** Set equality of declared names (duplicates allowed) and provided keys. */
function sameNames(declared: readonly string[], inputs: Record<string, unknown>): boolean {
  const wanted = new Set(declared);
  const keys = Object.keys(inputs);
  return keys.length === wanted.size && keys.every((key) => wanted.has(key));
}

/** Map one returned (or yielded) value onto the declared outputs. */
export function outputsRecord(node: RunnableNodeShape, result: unknown): Record<string, unknown> {
  const declared = node.rawOutputs;
  if (ioIsEmpty(declared) || declared === null) {
    if (result !== undefined && result !== null) {
      log.warn(
        "Node '%s' returned a value of type '%s', but the node is defined with outputs=null. Kedro ignores return " +
          'values for nodes without declared outputs. If this return value is intentional, declare outputs in ' +
          'the node definition to include it in the pipeline.',
        node.explicitName ?? node.funcName,
        jsTypeName(result),
      );
    }
    return {};
  }
  if (typeof declared === 'string') return { [declared]: result };
  const failed = `Failed to save outputs of node ${node.toString()}.\n`;
  if (isStringList(declared)) {
    if (!Array.isArray(result)) {
      throw new PipelineError(
        `${failed}The node definition contains a list of outputs ${pyList(declared)}, whereas the node function returned a '${jsTypeName(result)}'.`,
      );
    }
    if (result.length !== declared.length) {
      throw new PipelineError(
        `${failed}The node function returned ${result.length} output(s), whereas the node definition contains ${declared.length} output(s).`,
      );
    }
    const outputs: Record<string, unknown> = {};
    declared.forEach((name, i) => {
      outputs[name] = result[i];
    });
    return outputs;
  }
  if (result === null || typeof result !== 'object' || Array.isArray(result)) {
    throw new PipelineError(
      `${failed}The node output is a dictionary, whereas the function output is '${jsTypeName(result)}'.`,
    );
  }
  const returned = result as Record<string, unknown>;
  const declaredKeys = Object.keys(declared);
  const returnedKeys = Object.keys(returned);
  if (returnedKeys.length !== declaredKeys.length || !declaredKeys.every((key) => key in returned)) {
    throw new PipelineError(
      `${failed}The node's output keys ${pySet(declaredKeys)} do not match with the returned output's keys ${pySet(returnedKeys)}.`,
    );
  }
  const outputs: Record<string, unknown> = {};
  for (const [key, name] of Object.entries(declared)) outputs[name] = returned[key];
  return outputs;
}

/** `function*` or `async function*`: the node yields chunks instead of returning once. */
export function isGeneratorFunction(fn: unknown): boolean {
  const tag = Object.prototype.toString.call(fn);
  return tag === '[object GeneratorFunction]' || tag === '[object AsyncGeneratorFunction]';
}

export function logNodeFailure(node: RunnableNodeShape, error: unknown): void {
  log.error('Node %s failed with error: \n%s', node.toString(), error instanceof Error ? error.message : String(error));
}
