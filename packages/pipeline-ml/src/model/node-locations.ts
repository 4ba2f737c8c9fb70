/**
 * The file that defines each node's function, read from V8 through an in-process inspector session
 * (`[[FunctionLocation]]`): JavaScript functions do not know their module otherwise. Used only to
 * name the nodes behind a module the bundler refuses. Works under jest, whose modules run in a vm
 * context: each execution context is tried in turn.
 */
import { Session } from 'node:inspector/promises';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Node } from '@kedro-mlflow/core-pipeline';

const toPath = (url: string): string | undefined => {
  if (url.startsWith('file://')) return fileURLToPath(url);
  return url.startsWith('/') || /^[a-z]:\\/i.test(url) ? url : undefined;
};

/** Node name → absolute path of the file defining its function (unknown ones are left out). */
export async function nodeFunctionFiles(nodes: readonly Node[]): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  const session = new Session();
  session.connect();
  const scripts = new Map<string, string>();
  const contexts: number[] = [];
  session.on('Debugger.scriptParsed', (m) => scripts.set(m.params.scriptId, m.params.url));
  session.on('Runtime.executionContextCreated', (m) => contexts.push(m.params.context.id));
  const key = `__kedroPipelineModelFn${randomBytes(6).toString('hex')}`;
  const holder = globalThis as unknown as Record<string, unknown>;
  try {
    await session.post('Runtime.enable');
    await session.post('Debugger.enable');
    for (const node of nodes) {
      holder[key] = node.func;
      for (const contextId of contexts) {
        const evaluated = await session.post('Runtime.evaluate', { expression: `globalThis.${key}`, contextId }).catch(() => undefined);
        const objectId = evaluated?.result.type === 'function' ? evaluated.result.objectId : undefined;
        if (objectId === undefined) continue;
        const props = await session.post('Runtime.getProperties', { objectId, ownProperties: true });
        const location = props.internalProperties?.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as { scriptId?: string } | undefined;
        const path = location?.scriptId === undefined ? undefined : toPath(scripts.get(location.scriptId) ?? '');
        if (path !== undefined) found.set(node.name, path);
        break;
      }
    }
  } catch {
    // Without an inspector (a restricted runtime) the error simply names no node.
  } finally {
    delete holder[key];
    session.disconnect();
  }
  return found;
}
