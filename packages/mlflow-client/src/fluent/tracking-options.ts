import type { MlflowClient } from '../client/mlflow-client.js';
import type { MlflowClientOptions } from '../client/client-options.js';
import type { LoggableValue } from '../client/prepare-inputs.js';

export interface MlflowTrackingOptions extends MlflowClientOptions {
  /** Use this client (its tracking URI and HTTP settings); otherwise one is made from these options. */
  client?: MlflowClient;
  /** The experiment of new runs (got or created). Default: `MLFLOW_EXPERIMENT_NAME`, else `MLFLOW_EXPERIMENT_ID`, else `0`. */
  experimentName?: string;
  experimentId?: string;
  /** Queued items of one run that trigger a log-batch at once. Default 1000. */
  batchSize?: number;
  /** Longest wait before queued items are sent, ms. Default 500. */
  flushIntervalMs?: number;
  /**
   * Where data the server could not take is kept until it answers again; `false` to drop it like
   * MLflow does. Default: `KEDRO_MLFLOW_JOURNAL_DIR`, else `~/.cache/kedro-mlflow-ts/journal`.
   */
  journalDir?: string | false;
  /** While the server is unreachable, how often to check it again, ms. Default 5000. */
  probeIntervalMs?: number;
  /**
   * At `close()` and at the end of the process, when the journal holds anything and the server
   * answers the last probe: the longest wait for it to take everything, ms. Default 60,000.
   */
  closeTimeoutMs?: number;
  /**
   * Process exit: on `beforeExit`, end runs still active (FINISHED, or FAILED when the exit code is
   * not 0) and flush; on `exit`, write what is still queued to the journal. Default true.
   */
  exitHandlers?: boolean;
  /** `mlflow.source.name` of new runs. Default: the entry script (`process.argv[1]`). */
  sourceName?: string;
}

export interface StartRunOptions {
  /** Default: the tracking object's experiment (see `MlflowTrackingOptions.experimentName`). */
  experimentId?: string;
  /** Got or created. */
  experimentName?: string;
  runName?: string;
  /** Start it inside the active run (`mlflow.parentRunId`). Required when a run is active. */
  nested?: boolean;
  /** An explicit parent (default: the active run, for nested runs). */
  parentRunId?: string;
  tags?: Record<string, LoggableValue>;
  /** Markdown shown in the UI (`mlflow.note.content`). */
  description?: string;
  /** Resume this run instead of creating one (default: `MLFLOW_RUN_ID`, used once). */
  runId?: string;
  /** ms since epoch; default now. */
  startTime?: number;
}
