import { KedroError } from '@kedro-mlflow/core-pipeline';

const name = 'TemporalRunnerError';
const marker = `@kedro-mlflow/temporal.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * What went wrong around a pipeline on Temporal (not inside a node: a node's own failure is core-pipeline's
 * NodeRunError). Code branches on `kind`:
 * - `option`: a runner or worker option is missing or invalid (`option` names it);
 * - `cannot-travel`: datasets that cannot cross between workers (`datasets` names them), found before the run;
 * - `connection`: the Temporal server at `address` did not answer;
 * - `wrong-project`: a worker of another project took the task (`project`, `expected`);
 * - `cancelled`: the workflow was cancelled (the driver was interrupted) or terminated;
 * - `workflow`: the workflow failed for another reason (timed out, history limit).
 */
export type TemporalRunnerErrorKind = 'option' | 'cannot-travel' | 'connection' | 'wrong-project' | 'cancelled' | 'workflow';

export class TemporalRunnerError extends KedroError {
  private readonly [symbol] = true;
  readonly kind: TemporalRunnerErrorKind;
  readonly option: string | undefined;
  readonly datasets: readonly string[];
  readonly nodeName: string | undefined;
  readonly workflowId: string | undefined;

  constructor(init: {
    kind: TemporalRunnerErrorKind;
    message: string;
    option?: string;
    datasets?: readonly string[];
    nodeName?: string;
    workflowId?: string;
    cause?: unknown;
  }) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = name;
    this.kind = init.kind;
    this.option = init.option;
    this.datasets = init.datasets ?? [];
    this.nodeName = init.nodeName;
    this.workflowId = init.workflowId;
  }

  static override isInstance(error: unknown): error is TemporalRunnerError {
    return KedroError.hasMarker(error, marker);
  }
}
