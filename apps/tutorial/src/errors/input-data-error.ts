import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'InputDataError';
const marker = `@kedro-mlflow/tutorial.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * Data a node of the tutorial receives does not have the shape it needs:
 * - `missing-column`: a table has no column `field` (`instances` need `text`, `labels` need `label`);
 * - `bad-value`: the value at `field` (a column at `row`, or a list index such as `[3]`) is not what it
 *   should be (a text, a sentiment, a stop word);
 * - `row-count`: two tables that go together (`instances` and `labels`) differ in length.
 */
export type InputDataErrorKind = 'missing-column' | 'bad-value' | 'row-count';

export class InputDataError extends KedroError {
  private readonly [symbol] = true;
  readonly kind: InputDataErrorKind;
  /** The dataset (catalog name) the data came from. */
  readonly dataset: string;
  /** The column, or the path of the value, at fault. */
  readonly field: string;
  readonly row: number | undefined;

  constructor(options: { kind: InputDataErrorKind; dataset: string; field: string; row?: number; message: string }) {
    super(options.message);
    this.name = name;
    this.kind = options.kind;
    this.dataset = options.dataset;
    this.field = options.field;
    this.row = options.row;
  }

  static override isInstance(error: unknown): error is InputDataError {
    return KedroError.hasMarker(error, marker);
  }
}
