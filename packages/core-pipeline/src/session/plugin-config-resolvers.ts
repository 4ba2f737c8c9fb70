/**
 * Config resolvers contributed by plugins (OmegaConf's global `register_new_resolver`, as
 * kedro-mlflow uses it for `${km.random_name:}`). Every config loader a session makes afterwards can
 * use them; the project's own `configLoaderArgs.customResolvers` win on a name clash.
 *
 * Shared on globalThis under a Symbol.for key, like the plugin hooks, so every copy of this package
 * in the process sees the same resolvers.
 */
import type { Resolver } from '../config/interpolation.js';
import { processRegistry } from '../utils/process-registry.js';

const registry = (): Map<string, Resolver> => processRegistry('@kedro-mlflow/core-pipeline.pluginConfigResolvers');

/** Registers `${name:…}` for the config loaders of later contexts; false when the name was taken (kept as is). */
export function registerConfigResolver(name: string, resolver: Resolver): boolean {
  if (typeof name !== 'string' || name === '') throw new TypeError('registerConfigResolver(name, resolver) needs a resolver name.');
  if (typeof resolver !== 'function') throw new TypeError(`registerConfigResolver('${name}', resolver): the resolver must be a function.`);
  if (registry().has(name)) return false;
  registry().set(name, resolver);
  return true;
}

export function unregisterConfigResolver(name: string): boolean {
  return registry().delete(name);
}

/** The registered resolvers, as `customResolvers`. */
export function pluginConfigResolvers(): Record<string, Resolver> {
  return Object.fromEntries(registry());
}
