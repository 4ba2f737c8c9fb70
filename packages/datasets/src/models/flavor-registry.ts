/**
 * Flavors usable by name (`flavor: object`). The registry is process-wide and shared by every copy
 * of this package, so a package above (pipeline-ml registering `kedro_pipeline`) or a project's
 * settings can add theirs once, before the catalog is built.
 */
import { processRegistry } from '@kedro-mlflow/core-pipeline';
import { ModelFlavorError } from './errors/model-flavor-error.js';
import { isModelFlavor, type ModelFlavor } from './model-flavor.js';
import { objectFlavor } from './object-flavor.js';

const registry = (): Map<string, ModelFlavor> =>
  processRegistry<ModelFlavor>('@kedro-mlflow/datasets.model-flavors', () => [[objectFlavor.name, objectFlavor as ModelFlavor]]);

/** Make `flavor: <flavor.name>` usable by every model dataset of the process. Re-registering replaces. */
export function registerModelFlavor<M>(flavor: ModelFlavor<M>): void {
  if (!isModelFlavor(flavor) || flavor.name.includes('#')) {
    const shown = typeof (flavor as { name?: unknown } | null)?.name === 'string' ? (flavor as { name: string }).name : String(flavor);
    throw new ModelFlavorError({
      kind: 'not-a-flavor',
      flavor: shown,
      message: `Cannot register model flavor '${shown}': a flavor is an object with a non-empty 'name' (without '#') and 'save' and 'load' functions.`,
    });
  }
  registry().set(flavor.name, flavor as ModelFlavor);
}

/** Remove a registered flavor (tests, hot reload). Returns whether it was registered. */
export function unregisterModelFlavor(name: string): boolean {
  return registry().delete(name);
}

export function getModelFlavor(name: string): ModelFlavor | undefined {
  return registry().get(name);
}

/** Registered flavor names, sorted. */
export function registeredModelFlavors(): string[] {
  return [...registry().keys()].sort();
}
