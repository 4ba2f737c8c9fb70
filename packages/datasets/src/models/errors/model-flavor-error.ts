import { DatasetError } from '@kedro-mlflow/core-pipeline';

const name = 'ModelFlavorError';
const marker = `@kedro-mlflow/datasets.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * What went wrong with a model dataset's `flavor`:
 * - `unknown`: no flavor of that name is registered (`registered` lists those that are);
 * - `module-not-found`: the module of `<module>#<Export>` does not exist from the project;
 * - `import-failed`: importing that module threw;
 * - `export-missing`: the module has no such export;
 * - `not-a-flavor`: the export (or a registration) has no `name`, `save` and `load`;
 * - `not-in-model`: the model folder's MLmodel has no section for the flavor (`available` lists its flavors).
 */
export type ModelFlavorErrorKind = 'unknown' | 'module-not-found' | 'import-failed' | 'export-missing' | 'not-a-flavor' | 'not-in-model';

export class ModelFlavorError extends DatasetError {
  private readonly [symbol] = true;
  readonly kind: ModelFlavorErrorKind;
  /** The catalog name of the dataset (or its description); undefined outside a dataset. */
  readonly dataset: string | undefined;
  /** The flavor as written (`object`, `./src/flavors/onnx.ts#OnnxFlavor`). */
  readonly flavor: string;
  /** The names to pick from: registered flavors (`unknown`), the model's flavors (`not-in-model`), the module's exports. */
  readonly available: readonly string[];

  constructor(options: {
    kind: ModelFlavorErrorKind;
    dataset?: string | undefined;
    flavor: string;
    available?: readonly string[];
    message: string;
    cause?: unknown;
  }) {
    super(options.message, { cause: options.cause });
    this.name = name;
    this.kind = options.kind;
    this.dataset = options.dataset;
    this.flavor = options.flavor;
    this.available = options.available ?? [];
  }

  static override isInstance(error: unknown): error is ModelFlavorError {
    return DatasetError.hasMarker(error, marker);
  }
}
