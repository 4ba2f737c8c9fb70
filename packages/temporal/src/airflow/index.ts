/**
 * @kedro-mlflow/temporal/airflow: `kedro-mlflow export airflow`, a pipeline as an Airflow DAG file
 * with one task per node (kedro-airflow's shape). Loads no Temporal code.
 */
export { buildAirflowDag, dagFilePath, exportAirflowDag } from './export-airflow.js';
export type { AirflowDag, AirflowExportProject, AirflowExportResult } from './export-airflow.js';
export { AirflowExportError } from './airflow-export-error.js';
export type { AirflowExportErrorKind } from './airflow-export-error.js';
export { DEFAULT_COMMAND, DEFAULT_START_DATE } from './export-options.js';
export type { AirflowDagSettings, AirflowExportFlags } from './export-options.js';
export { renderAirflowDag } from './render-dag.js';
export type { AirflowTask } from './render-dag.js';
export { inMemoryBetweenNodes } from './in-memory-datasets.js';
export { isAirflowId, sanitizeAirflowId, taskIdsFor } from './task-ids.js';
