/**
 * Running one node inside a runner (kedro's Task): load inputs (with dataset hooks), let
 * `beforeNodeRun` hooks replace inputs, call the function, save outputs (with dataset hooks), then
 * confirm datasets. `isAsync` loads and saves a node's datasets concurrently.
 */
import type { HookManager } from '../hooks/hook-manager.js';
import type { KedroHookSpecs } from '../hooks/hook-specs.js';
import type { DataCatalog } from '../io/data-catalog.js';
import type { Node } from '../pipeline/node.js';

export interface TaskContext {
  catalog: DataCatalog;
  hooks: HookManager<KedroHookSpecs>;
  isAsync: boolean;
  runId: string | undefined;
  /** Calls the node's function; the parallel runner sends it to a worker thread instead. */
  invoke?: (node: Node, inputs: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

export async function runNodeTask(node: Node, ctx: TaskContext): Promise<void> {
  if (ctx.isAsync && node.isGenerator) {
    throw new Error(
      `Async data loading and saving does not work with nodes wrapping generator functions (node ${node.name}). Run without async loading, or make the node return its result.`,
    );
  }
  const inputs = await loadInputs(node, ctx);
  const runInputs = await applyBeforeNodeRun(node, inputs, ctx);
  if (node.isGenerator) {
    await runGenerator(node, runInputs, ctx);
  } else {
    let outputs: Record<string, unknown>;
    try {
      outputs = ctx.invoke === undefined ? await node.run(runInputs) : await ctx.invoke(node, runInputs);
    } catch (error) {
      await ctx.hooks.call('onNodeError', { error, node, catalog: ctx.catalog, inputs: runInputs, isAsync: ctx.isAsync, runId: ctx.runId });
      throw error;
    }
    if (ctx.hooks.has('afterNodeRun')) {
      await ctx.hooks.call('afterNodeRun', { node, catalog: ctx.catalog, inputs: runInputs, outputs, isAsync: ctx.isAsync, runId: ctx.runId });
    }
    await saveOutputs(node, outputs, ctx);
  }
  for (const name of node.confirms) await ctx.catalog.confirm(name);
}

async function loadOne(node: Node, name: string, ctx: TaskContext): Promise<unknown> {
  if (ctx.hooks.has('beforeDatasetLoaded')) await ctx.hooks.call('beforeDatasetLoaded', { datasetName: name, node });
  const data = await ctx.catalog.load(name);
  if (ctx.hooks.has('afterDatasetLoaded')) await ctx.hooks.call('afterDatasetLoaded', { datasetName: name, data, node });
  return data;
}

async function loadInputs(node: Node, ctx: TaskContext): Promise<Record<string, unknown>> {
  const inputs: Record<string, unknown> = {};
  if (ctx.isAsync) {
    const values = await Promise.all(node.inputs.map((name) => loadOne(node, name, ctx)));
    node.inputs.forEach((name, i) => (inputs[name] = values[i]));
  } else {
    for (const name of node.inputs) inputs[name] = await loadOne(node, name, ctx);
  }
  return inputs;
}

/** Results are merged in hook-call order, so on a clash the hook called last wins. */
async function applyBeforeNodeRun(node: Node, inputs: Record<string, unknown>, ctx: TaskContext): Promise<Record<string, unknown>> {
  if (!ctx.hooks.has('beforeNodeRun')) return inputs;
  const results = await ctx.hooks.call('beforeNodeRun', { node, catalog: ctx.catalog, inputs: { ...inputs }, isAsync: ctx.isAsync, runId: ctx.runId });
  let merged = inputs;
  for (const result of results) {
    if (typeof result !== 'object' || result === null || Array.isArray(result)) {
      const type = result === null ? 'null' : Array.isArray(result) ? 'Array' : typeof result;
      throw new TypeError(
        `'beforeNodeRun' must return either undefined or an object mapping dataset names to updated values, got '${type}' instead.`,
      );
    }
    merged = { ...merged, ...(result as Record<string, unknown>) };
  }
  return merged;
}

async function saveOne(node: Node, name: string, data: unknown, ctx: TaskContext, announce = true): Promise<void> {
  if (announce && ctx.hooks.has('beforeDatasetSaved')) await ctx.hooks.call('beforeDatasetSaved', { datasetName: name, data, node });
  await ctx.catalog.save(name, data);
  if (ctx.hooks.has('afterDatasetSaved')) await ctx.hooks.call('afterDatasetSaved', { datasetName: name, data, node });
}

async function saveOutputs(node: Node, outputs: Record<string, unknown>, ctx: TaskContext): Promise<void> {
  const entries = Object.entries(outputs);
  if (!ctx.isAsync) {
    for (const [name, data] of entries) await saveOne(node, name, data, ctx);
    return;
  }
  // Async: announce every save first, then save concurrently; the first failure is raised.
  for (const [name, data] of entries) await ctx.hooks.call('beforeDatasetSaved', { datasetName: name, data, node });
  await Promise.all(entries.map(([name, data]) => saveOne(node, name, data, ctx, false)));
}

/** Generator nodes: every yielded chunk is saved as it comes (several saves per dataset). */
async function runGenerator(node: Node, inputs: Record<string, unknown>, ctx: TaskContext): Promise<void> {
  let last: Record<string, unknown> = {};
  const chunks = node.runChunks(inputs);
  for (;;) {
    let step: IteratorResult<Record<string, unknown>>;
    try {
      step = await chunks.next();
    } catch (error) {
      await ctx.hooks.call('onNodeError', { error, node, catalog: ctx.catalog, inputs, isAsync: ctx.isAsync, runId: ctx.runId });
      throw error;
    }
    if (step.done === true) break;
    last = step.value;
    await saveOutputs(node, step.value, ctx);
  }
  await ctx.hooks.call('afterNodeRun', { node, catalog: ctx.catalog, inputs, outputs: last, isAsync: ctx.isAsync, runId: ctx.runId });
}
