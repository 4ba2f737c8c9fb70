/**
 * Plugin hooks: kedro registers the hooks of installed plugins (entry points `kedro.hooks`) in every
 * session, after the project's, unless settings.disableHooksForPlugins names them. Node has no entry
 * points, so a plugin (or the CLI, on its behalf) registers its hooks here under its package name.
 *
 * The registry lives on globalThis under a Symbol.for key, so it is shared by every copy of this
 * package loaded in the process (the CLI's and the project's).
 */
import { ProjectError } from '../errors/project-error.js';
import { processRegistry } from '../utils/process-registry.js';

/** Hook instances, or a factory making fresh ones for each session (for hooks that keep run state). */
export type PluginHooks = object | object[] | (() => object | object[]);

const registry = (): Map<string, PluginHooks> => processRegistry('@kedro-mlflow/core-pipeline.pluginHooks');

/** Registers (or replaces) the hooks of the plugin `name`, e.g. `'@kedro-mlflow/hooks'`. */
export function registerPluginHooks(name: string, hooks: PluginHooks): void {
  if (typeof name !== 'string' || name === '') throw new TypeError('registerPluginHooks(name, hooks) needs the plugin name.');
  registry().set(name, hooks);
}

export function unregisterPluginHooks(name: string): boolean {
  return registry().delete(name);
}

/** Registered plugin names, in registration order. */
export function pluginHookNames(): string[] {
  return [...registry().keys()];
}

/** The hook instances of every registered plugin not in `disabled`, plugin by plugin. */
export function collectPluginHooks(disabled: readonly string[] = []): Array<{ name: string; hooks: object[] }> {
  const collected: Array<{ name: string; hooks: object[] }> = [];
  for (const [name, entry] of registry()) {
    if (disabled.includes(name)) continue;
    collected.push({ name, hooks: instantiate(name, entry) });
  }
  return collected;
}

function instantiate(name: string, entry: PluginHooks): object[] {
  let value: unknown = entry;
  if (typeof entry === 'function') {
    if (isClass(entry)) {
      throw new ProjectError(
        `Plugin '${name}' registered the class '${entry.name}' as its hooks. KedroSession expects hooks to be registered as instances ` +
          '(or a function returning them). Have you forgotten the `new` when registering a hook class?',
      );
    }
    try {
      value = (entry as () => unknown)();
    } catch (error) {
      throw new ProjectError(`The hooks factory of plugin '${name}' failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
    }
  }
  const list = Array.isArray(value) ? value : [value];
  for (const hook of list) {
    if (hook === null || typeof hook !== 'object') {
      throw new ProjectError(`Plugin '${name}' must register hook instances (objects with hook methods), got ${hook === null ? 'null' : typeof hook}.`);
    }
  }
  return list as object[];
}

/** A class (unlike a factory function) has a read-only `prototype`, and calling it without `new` throws. */
function isClass(value: object): boolean {
  return Object.getOwnPropertyDescriptor(value, 'prototype')?.writable === false;
}
