/**
 * The code of a ParallelRunner worker thread. It is evaluated from a string (no separate file to
 * locate from dist or src): it imports the module that defines the pipeline, indexes its nodes by
 * name, then runs the nodes the main thread asks for on the data it sends.
 */
export const WORKER_SOURCE = String.raw`
const { parentPort, workerData } = require('node:worker_threads');
let nodes;

function isPipeline(value) {
  return value !== null && typeof value === 'object' && Array.isArray(value.nodes);
}

async function locate() {
  const mod = await import(workerData.moduleUrl);
  const names = workerData.exportName ? [workerData.exportName] : ['default', 'registerPipelines', 'createPipeline'];
  let value;
  for (const name of names) {
    if (mod[name] !== undefined) { value = mod[name]; break; }
  }
  if (value === undefined) throw new Error('module ' + workerData.moduleUrl + ' exports none of ' + names.join(', '));
  if (typeof value === 'function') value = await value();
  const pipelines = isPipeline(value) ? [value] : Object.values(value ?? {}).filter(isPipeline);
  nodes = new Map();
  for (const pipeline of pipelines) for (const node of pipeline.nodes) nodes.set(node.name, node);
  return [...nodes.keys()];
}

const BUILTIN = new Set(['Map', 'Set', 'Date', 'RegExp', 'ArrayBuffer', 'Boolean', 'Number', 'String']);
function classOf(value) {
  if (typeof value === 'function') return 'a function';
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value) || Array.isArray(value)) return undefined;
  const proto = Object.getPrototypeOf(value);
  if (proto === null || Object.getPrototypeOf(proto) === null) return undefined;
  const ctor = (proto.constructor && proto.constructor.name) || '';
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if ((BUILTIN.has(tag) && ctor === tag) || (tag === 'Error' && ctor.endsWith('Error'))) return undefined;
  return 'an instance of ' + (ctor || 'a class');
}
// Outputs are copied back to the main thread: refuse values that would silently lose their class.
function checkOutputs(nodeName, outputs) {
  for (const [name, value] of Object.entries(outputs)) {
    const found = classOf(value) ?? (Array.isArray(value) && value.length > 0 ? classOf(value[0]) : undefined);
    if (found !== undefined) {
      const error = new Error("Dataset '" + name + "' (output of node " + nodeName + ') holds ' + found + ', which cannot be copied from a worker thread without losing it. Run this pipeline with SequentialRunner or ConcurrentRunner, or persist that dataset to a file dataset between the nodes.');
      error.name = 'DatasetError';
      throw error;
    }
  }
}

function serialiseError(error) {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}

parentPort.on('message', async (msg) => {
  try {
    if (msg.type === 'locate') {
      parentPort.postMessage({ type: 'located', id: msg.id, names: await locate() });
    } else if (msg.type === 'run') {
      const node = nodes.get(msg.name);
      if (node === undefined) throw new Error('node ' + msg.name + ' is not defined by ' + workerData.moduleUrl);
      const outputs = await node.run(msg.inputs);
      checkOutputs(msg.name, outputs);
      parentPort.postMessage({ type: 'result', id: msg.id, outputs });
    }
  } catch (error) {
    parentPort.postMessage({ type: 'error', id: msg.id, error: serialiseError(error) });
  }
});
`;
