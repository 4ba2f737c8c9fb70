/**
 * `kedro-mlflow serve -m <uri>`: MLflow's scoring server protocol (`/ping`, `/health`, `/version`,
 * `/invocations`) for a logged model, until Ctrl-C. Options mirror `mlflow models serve`; the
 * server itself is @kedro-mlflow/pipeline-ml's `serveModel`, the model its `loadModel(uri)` (the
 * kedro_pipeline flavor; remote URIs through the environment's tracking URI, MLFLOW_TRACKING_URI).
 */
import { loadModel, serveModel, SCORING_DEFAULTS } from '@kedro-mlflow/pipeline-ml';
import { CliError } from '../errors.js';
import { setupLogging } from '../output/logging.js';
import type { Terminal } from '../output/terminal.js';
import { integerOption } from '../parse/integer-option.js';

export interface ServeOptions {
  modelUri: string;
  host: string | undefined;
  port: string | undefined;
  workers: string | undefined;
  timeout: string | undefined;
  maxBodySize: string | undefined;
  verbose: boolean;
  terminal: Terminal;
}

const MAX_WORKERS = 256;

export async function serveCommand(options: ServeOptions): Promise<number> {
  setupLogging(options);
  const port = options.port === undefined ? SCORING_DEFAULTS.port : integerOption('--port', options.port, 0, 65535);
  const workers = options.workers === undefined ? 1 : integerOption('--workers', options.workers, 1, MAX_WORKERS);
  const timeoutMs = options.timeout === undefined ? SCORING_DEFAULTS.timeoutMs : integerOption('--timeout', options.timeout, 1, 24 * 3600) * 1000;
  const maxBodyBytes = options.maxBodySize === undefined ? SCORING_DEFAULTS.maxBodyBytes : integerOption('--max-body-size', options.maxBodySize, 1, 2 ** 31);
  const uri = options.modelUri;
  return serveModel({ load: () => loadModel(uri), host: options.host ?? SCORING_DEFAULTS.host, port, workers, timeoutMs, maxBodyBytes });
}
