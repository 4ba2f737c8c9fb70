/**
 * The Node side of the `python_function` flavor, bundled into each model as `code/pyfunc-runner.mjs`
 * and started once by the Python loader (`python/kedro_mlflow_node_loader.py`). It opens the model
 * with the bundle beside it, answers `{"ready": true}` (or the load error), then one JSON line per
 * request line: `{id, input: {columns, data}, params}` (a pandas frame, split orient) or
 * `{id, inputs, params}` (any other JSON value) → `{id, table, columns?, predictions}` or
 * `{id, error: {kind, message, class}}`. Requests are answered as they finish, in any order.
 *
 * The input goes through the scoring server's own steps (signature applied to a table, params
 * checked and defaulted, predictions written with its conversions), so Python MLflow gets the
 * predictions `kedro-mlflow serve` answers.
 */
import { createInterface } from 'node:readline';
import { isColumnTable } from '@kedro-mlflow/datasets';
import { enforceInput } from '../serving/enforce-input.js';
import { enforceParams } from '../serving/enforce-params.js';
import { parseJsonInput } from '../serving/parse-json-input.js';
import { predictionsJson } from '../serving/predictions-json.js';
import type { LoadedPipelineModel } from './runtime/loaded-pipeline-model.js';

export interface PyfuncError {
  /** The `kind` of the error thrown (`fallback` when it has none: `predict-failed`, or `load-failed` when opening the model). */
  kind: string;
  message: string;
  /** The error's class name. */
  class: string;
}

export function pyfuncError(error: unknown, fallback = 'predict-failed'): PyfuncError {
  const fields = (typeof error === 'object' && error !== null ? error : {}) as { kind?: unknown; message?: unknown; name?: unknown };
  return {
    kind: typeof fields.kind === 'string' ? fields.kind : fallback,
    message: typeof fields.message === 'string' ? fields.message : String(error),
    class: typeof fields.name === 'string' ? fields.name : 'Error',
  };
}

type PyfuncModel = Pick<LoadedPipelineModel, 'predict' | 'signature'>;

/** The answer line (without its newline) to one request line. */
export async function answerPyfuncRequest(model: PyfuncModel, line: string): Promise<string> {
  let id: unknown = null;
  try {
    const request = JSON.parse(line) as { id?: unknown; input?: unknown; inputs?: unknown; params?: unknown };
    id = request.id ?? null;
    const body = request.input !== undefined ? { dataframe_split: request.input, params: request.params } : { inputs: request.inputs ?? null, params: request.params };
    const scoring = parseJsonInput(body);
    const params = enforceParams(scoring.params, model.signature);
    const input = await enforceInput(scoring, model.signature);
    const predictions = await (params === undefined ? model.predict(input) : model.predict(input, params));
    const table = isColumnTable(predictions);
    const head = JSON.stringify(table ? { id, table, columns: predictions.columnNames() } : { id, table });
    // `{"predictions": …}` as the scoring server writes it, with the head's fields in front.
    return `${head.slice(0, -1)},${predictionsJson(predictions).slice(1)}`;
  } catch (error) {
    return JSON.stringify({ id, error: pyfuncError(error) });
  }
}

/** Runs until stdin ends; `bundleUrl` is the URL of the model's `code/pipeline.mjs`. */
export async function runPyfuncRunner(bundleUrl: string): Promise<void> {
  const stdout = process.stdout;
  const send = stdout.write.bind(stdout) as (text: string, done?: () => void) => boolean;
  // stdout carries the protocol: whatever the model's code prints goes to stderr.
  stdout.write = process.stderr.write.bind(process.stderr) as typeof stdout.write;
  // Predict logs a dozen info lines per call: behind a scoring server, warnings and errors only, unless asked.
  process.env.KEDRO_LOG_LEVEL ??= 'warn';
  let model: PyfuncModel;
  try {
    const bundle = (await import(bundleUrl)) as { loadModel: () => Promise<LoadedPipelineModel> };
    model = await bundle.loadModel();
  } catch (error) {
    send(`${JSON.stringify({ ready: false, error: pyfuncError(error, 'load-failed') })}\n`, () => process.exit(1));
    return;
  }
  send('{"ready":true}\n');
  const inflight = new Set<Promise<void>>();
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim() === '') continue;
    const done: Promise<void> = answerPyfuncRequest(model, line).then((text) => void send(`${text}\n`));
    inflight.add(done);
    void done.finally(() => inflight.delete(done));
  }
  await Promise.all(inflight);
  // The model may keep handles open (runner pools): the end of the input is the end.
  send('', () => process.exit(0));
}
