/**
 * A model dataset's `flavor` option, checked when the dataset is built: a registered name
 * (`object`) is looked up at once; `<module>#<Export>` (`./src/flavors/onnx.ts#OnnxFlavor`, or
 * `some-package#Flavor`) must name a module that exists from the project, and is imported — with
 * the session's module loader, like custom dataset types — when the model is first saved or
 * loaded. The export is a flavor object or a class whose instances are flavors.
 */
import { closeMatches, defaultModuleLoader, locateProjectModule, parseModuleExport } from '@kedro-mlflow/core-pipeline';
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from '../file/show-value.js';
import { ModelFlavorError } from './errors/model-flavor-error.js';
import { getModelFlavor, registeredModelFlavors } from './flavor-registry.js';
import { isModelFlavor, type ModelFlavor } from './model-flavor.js';

export interface FlavorReference {
  /** As written in the catalog (a flavor object given in code: its name). */
  readonly spec: string;
  /** The flavor, once known (at once for registered names and objects). */
  resolve(): Promise<ModelFlavor>;
  /** The flavor if it is known without importing anything. */
  readonly known: ModelFlavor | undefined;
}

/** `path#Export` → the flavor, shared by every dataset that names it. */
const imported = new Map<string, Promise<ModelFlavor>>();

function unknownFlavor(dataset: string, spec: string): ModelFlavorError {
  const registered = registeredModelFlavors();
  const close = closeMatches(spec, registered, 1);
  const python = /^mlflow\./.test(spec)
    ? ` '${spec}' is a Python MLflow flavor: Python flavors cannot run here; use 'object' for a model that is plain data, or write a flavor (name, save, load) and point to it.`
    : '';
  return new ModelFlavorError({
    kind: 'unknown',
    dataset,
    flavor: spec,
    available: registered,
    message:
      `Dataset ${dataset} has an unknown model flavor '${spec}'.` +
      (close.length > 0 ? ` Did you mean '${close[0]}'?` : '') +
      python +
      ` Registered flavors: ${registered.join(', ')}. A flavor of your own is named by its module ` +
      `('flavor: ./src/flavors/my-flavor.ts#MyFlavor'), or registered with registerModelFlavor() before the catalog is built.`,
  });
}

async function importFlavor(dataset: string, spec: string, path: string, module: string, exportName: string): Promise<ModelFlavor> {
  let exports: Record<string, unknown>;
  try {
    exports = await defaultModuleLoader()(path);
  } catch (error) {
    throw new ModelFlavorError({
      kind: 'import-failed',
      dataset,
      flavor: spec,
      message: `Dataset ${dataset}: importing the flavor module '${path}' failed: ${(error as Error).message ?? String(error)}`,
      cause: error,
    });
  }
  const value = exports[exportName];
  if (value === undefined) {
    const names = Object.keys(exports).filter((k) => k !== '__esModule' && k !== 'default').sort();
    const close = closeMatches(exportName, names, 1);
    throw new ModelFlavorError({
      kind: 'export-missing',
      dataset,
      flavor: spec,
      available: names,
      message:
        `Dataset ${dataset}: the flavor module '${module}' has no export '${exportName}'.` +
        (close.length > 0 ? ` Did you mean '${close[0]}'?` : '') +
        ` Its exports: ${names.length > 0 ? names.join(', ') : 'none'}.`,
    });
  }
  const proto = typeof value === 'function' ? (value as { prototype?: Record<string, unknown> }).prototype : undefined;
  const flavor = typeof proto?.save === 'function' ? new (value as new () => unknown)() : value;
  if (!isModelFlavor(flavor)) {
    throw new ModelFlavorError({
      kind: 'not-a-flavor',
      dataset,
      flavor: spec,
      message:
        `Dataset ${dataset}: '${exportName}' of '${module}' is not a model flavor: export an object (or a class ` +
        "whose instances are objects) with a 'name' and 'save(model, dir, args)' and 'load(dir, args)' functions.",
    });
  }
  return flavor;
}

/** Checks `flavor` for the dataset labelled `dataset` (throws the typed errors described above). */
export function flavorReference(dataset: string, flavor: unknown, projectPath: string | undefined): FlavorReference {
  if (isModelFlavor(flavor)) return { spec: flavor.name, known: flavor, resolve: () => Promise.resolve(flavor) };
  if (typeof flavor !== 'string' || flavor.trim() === '') {
    throw new DatasetOptionError({
      dataset,
      option: 'flavor',
      message: `Dataset ${dataset} needs a 'flavor': a registered name such as 'object', or '<module>#<Export>' of a flavor of your own (got ${showValue(flavor)}).`,
    });
  }
  const spec = flavor.trim();
  if (!spec.includes('#')) {
    const registered = getModelFlavor(spec);
    if (registered === undefined) throw unknownFlavor(dataset, spec);
    return { spec, known: registered, resolve: () => Promise.resolve(registered) };
  }
  const parsed = parseModuleExport(spec);
  if (parsed === undefined) {
    throw new DatasetOptionError({
      dataset,
      option: 'flavor',
      message: `Dataset ${dataset} has flavor '${spec}': expected '<module>#<Export>', e.g. './src/flavors/onnx.ts#OnnxFlavor' (a path relative to the project) or 'some-package#Flavor'.`,
    });
  }
  const root = projectPath ?? process.cwd();
  const path = locateProjectModule(parsed.module, root);
  if (path === undefined) {
    throw new ModelFlavorError({
      kind: 'module-not-found',
      dataset,
      flavor: spec,
      message: `Dataset ${dataset} has flavor '${spec}', but the module '${parsed.module}' was not found from the project folder '${root}'. Check the path (relative to the project) or install the package.`,
    });
  }
  const key = `${path}#${parsed.exportName}`;
  return {
    spec,
    known: undefined,
    resolve: () => {
      let found = imported.get(key);
      if (found === undefined) {
        found = importFlavor(dataset, spec, path, parsed.module, parsed.exportName);
        imported.set(key, found);
        found.catch(() => imported.delete(key));
      }
      return found;
    },
  };
}
