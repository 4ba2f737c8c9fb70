/**
 * A ParallelRunner worker thread: it imports the module that defines the pipeline, indexes its nodes
 * by name, then runs the nodes the main thread asks for on the inputs it sends. Outputs go through
 * the same thread-data check as the inputs did on the main thread, and errors go back through the
 * error codec so the main thread rebuilds them with their class.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { encodeThrown } from './error-codec.js';
import { assertCrossesThreads } from './thread-data.js';
import type { ParallelWorkerData, WorkerReply, WorkerRequest } from './worker-messages.js';

// Duck-typed: the pipeline module may use another copy of this package, whose classes differ.
interface RunnableNode {
  name: string;
  run(inputs: Record<string, unknown>): Promise<Record<string, unknown>>;
}
interface PipelineLike {
  nodes: RunnableNode[];
}

const data = workerData as ParallelWorkerData;
const port = parentPort!;
const nodes = new Map<string, RunnableNode>();

function isPipeline(value: unknown): value is PipelineLike {
  return value !== null && typeof value === 'object' && Array.isArray((value as { nodes?: unknown }).nodes);
}

async function locate(): Promise<string[]> {
  const mod = (await import(data.moduleUrl)) as Record<string, unknown>;
  const names = data.exportName !== undefined ? [data.exportName] : ['default', 'registerPipelines', 'createPipeline'];
  const name = names.find((n) => mod[n] !== undefined);
  if (name === undefined) throw new Error(`module ${data.moduleUrl} exports none of ${names.join(', ')}`);
  let value = mod[name];
  if (typeof value === 'function') value = await (value as () => unknown)();
  const pipelines = isPipeline(value) ? [value] : Object.values(value ?? {}).filter(isPipeline);
  nodes.clear();
  for (const pipeline of pipelines) for (const node of pipeline.nodes) nodes.set(node.name, node);
  return [...nodes.keys()];
}

async function run(name: string, inputs: Record<string, unknown>): Promise<Record<string, unknown>> {
  const node = nodes.get(name);
  if (node === undefined) throw new Error(`node ${name} is not defined by ${data.moduleUrl}`);
  const outputs = await node.run(inputs);
  for (const [dataset, value] of Object.entries(outputs)) assertCrossesThreads(value, dataset, name, 'output of', data.remedy);
  return outputs;
}

async function answer(msg: WorkerRequest): Promise<WorkerReply> {
  try {
    if (msg.type === 'locate') return { id: msg.id, type: 'located', names: await locate() };
    return { id: msg.id, type: 'result', outputs: await run(msg.name, msg.inputs) };
  } catch (error) {
    return { id: msg.id, type: 'error', error: encodeThrown(error) };
  }
}

port.on('message', (msg: WorkerRequest) => {
  void answer(msg).then((reply) => {
    try {
      port.postMessage(reply);
    } catch (error) {
      // A value deeper than the first level that structured clone refuses (DataCloneError).
      port.postMessage({ id: msg.id, type: 'error', error: encodeThrown(error) } satisfies WorkerReply);
    }
  });
});
