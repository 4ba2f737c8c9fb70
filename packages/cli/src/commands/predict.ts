/**
 * `kedro-mlflow predict -m <uri> -i in.json|in.csv [-o out.json]`: one offline scoring with the
 * same parsing and signature checks as `serve` (like `mlflow models predict`); the JSON
 * `{"predictions": …}` goes to the output file or stdout. A model downloaded from MLflow is removed
 * at the end, also when Ctrl-C or SIGTERM ends the command (exit code 130 / 143).
 */
import { existsSync } from 'node:fs';
import { loadModel, predictFile, ScoringError, type ScoringContentType } from '@kedro-mlflow/pipeline-ml';
import { CliError } from '../errors.js';
import { setupLogging } from '../output/logging.js';
import { writeStdout, type Terminal } from '../output/terminal.js';
import { SIGNAL_EXIT_CODES } from './run-interrupts.js';

export interface PredictOptions {
  modelUri: string;
  input: string;
  output: string | undefined;
  contentType: string | undefined;
  verbose: boolean;
  terminal: Terminal;
}

function contentTypeOption(value: string | undefined): ScoringContentType | undefined {
  if (value === undefined || value === 'json' || value === 'csv') return value;
  throw new CliError(`Invalid value for '--content-type': '${value}' (expected json or csv).`);
}

export async function predictCommand(options: PredictOptions): Promise<number> {
  setupLogging(options);
  const contentType = contentTypeOption(options.contentType);
  if (!existsSync(options.input)) throw new CliError(`The input file '${options.input}' does not exist: pass a .json request body or a .csv file with -i.`);
  // Without a handler a signal kills the process outright; exiting lets the model's exit hook remove its download.
  const onSignal = (signal: keyof typeof SIGNAL_EXIT_CODES): void => process.exit(SIGNAL_EXIT_CODES[signal]);
  const signals = Object.keys(SIGNAL_EXIT_CODES) as Array<keyof typeof SIGNAL_EXIT_CODES>;
  for (const signal of signals) process.once(signal, onSignal);
  let model: Awaited<ReturnType<typeof loadModel>> | undefined;
  try {
    model = await loadModel(options.modelUri);
    const text = await predictFile({ model, inputPath: options.input, ...(options.output === undefined ? {} : { outputPath: options.output }), ...(contentType === undefined ? {} : { contentType }) });
    if (options.output === undefined) writeStdout(`${text}\n`);
    return 0;
  } catch (error) {
    // Offline there is no server log to point at: say what the model threw.
    if (ScoringError.isInstance(error) && error.kind === 'predict-failed') {
      const reason = error.cause instanceof Error ? error.cause.message : String(error.cause);
      throw new CliError(`The model failed on '${options.input}': ${reason}`, { cause: error.cause });
    }
    throw error;
  } finally {
    for (const signal of signals) process.off(signal, onSignal);
    await model?.close();
  }
}
