import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'AirflowExportError';
const marker = `@kedro-mlflow/temporal.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Why `kedro-mlflow export airflow` wrote no DAG. Code branches on `kind`:
 * - `option`: an option value is invalid (`option` names the flag, e.g. `--dag-id`);
 * - `in-memory`: datasets passed between nodes live in memory, which cannot cross Airflow tasks
 *   (`datasets` names them);
 * - `empty-pipeline`: the (filtered) pipeline has no node;
 * - `output-exists`: the output file exists and `--force` was not given (`file`).
 */
export type AirflowExportErrorKind = 'option' | 'in-memory' | 'empty-pipeline' | 'output-exists';

export class AirflowExportError extends KedroError {
  private readonly [symbol] = true;
  readonly kind: AirflowExportErrorKind;
  readonly option: string | undefined;
  readonly datasets: readonly string[];
  readonly file: string | undefined;

  constructor(init: { kind: AirflowExportErrorKind; message: string; option?: string; datasets?: readonly string[]; file?: string }) {
    super(init.message);
    this.name = name;
    this.kind = init.kind;
    this.option = init.option;
    this.datasets = init.datasets ?? [];
    this.file = init.file;
  }

  static override isInstance(error: unknown): error is AirflowExportError {
    return KedroError.hasMarker(error, marker);
  }
}

/** A bad option value: the message names the flag and says what a good value looks like. */
export function optionError(option: string, message: string): AirflowExportError {
  return new AirflowExportError({ kind: 'option', option, message: `Invalid value for '${option}': ${message}` });
}
