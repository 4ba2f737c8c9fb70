/**
 * Options of kedro-mlflow's model datasets that only mean something to Python MLflow. They are
 * refused by name, with what to do instead, rather than accepted and ignored.
 */
import { DatasetOptionError } from '../errors/dataset-option-error.js';
import { showValue } from '../file/show-value.js';

export function rejectPyfuncWorkflow(dataset: string, options: object | undefined): void {
  const value = (options as { pyfunc_workflow?: unknown } | undefined)?.pyfunc_workflow;
  if (value === undefined || value === null) return;
  throw new DatasetOptionError({
    dataset,
    option: 'pyfunc_workflow',
    message:
      `Dataset ${dataset} has pyfunc_workflow=${showValue(value)}: PyFunc workflows ('python_model', 'loader_module') are ` +
      "Python MLflow's way to save custom models. Here the 'flavor' saves and loads the model: remove 'pyfunc_workflow' " +
      "and name a flavor ('object', or '<module>#<Export>' of a flavor of your own).",
  });
}

/** How a dataset names itself in messages: its catalog name, else its class and key option. */
export function datasetLabel(className: string, catalogName: string | undefined, detail: string): string {
  return catalogName !== undefined ? `'${catalogName}'` : `${className}(${detail})`;
}
