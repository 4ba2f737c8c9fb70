/** A run started (or resumed) through `MlflowTracking`, as it was when it became active. */
import type { Run, RunInfo } from '../entities/tracking.js';
import { TAG_PARENT_RUN_ID } from './system-tags.js';

export interface ActiveRun {
  readonly runId: string;
  readonly experimentId: string;
  readonly runName: string;
  /** The run this one is nested under (`mlflow.parentRunId`). */
  readonly parentRunId: string | undefined;
  readonly artifactUri: string;
  /** The run's info when it started. */
  readonly info: RunInfo;
  /** Its tags when it started (system tags included). */
  readonly tags: Readonly<Record<string, string>>;
}

export function toActiveRun(run: Run): ActiveRun {
  return Object.freeze({
    runId: run.info.runId,
    experimentId: run.info.experimentId,
    runName: run.info.runName,
    parentRunId: run.data.tags[TAG_PARENT_RUN_ID],
    artifactUri: run.info.artifactUri,
    info: Object.freeze({ ...run.info }),
    tags: Object.freeze({ ...run.data.tags }),
  });
}
