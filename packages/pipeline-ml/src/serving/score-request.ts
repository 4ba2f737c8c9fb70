/**
 * One scoring: body bytes and content type in, the JSON text of `{"predictions": …}` out, through
 * the same steps for the server and for `kedro-mlflow predict`: decode (strict UTF-8), parse (JSON
 * with a depth limit, or CSV), enforce the signature on inputs and params, predict, serialise. Bad
 * input throws a `ScoringError`; a model that throws becomes a `predict-failed` one whose cause
 * holds the original error (for the server's log, never for the client).
 */
import { enforceInput } from './enforce-input.js';
import { enforceParams } from './enforce-params.js';
import { parseCsvInput } from './parse-csv-input.js';
import { parseJsonInput } from './parse-json-input.js';
import { predictionsJson } from './predictions-json.js';
import { decodeUtf8, parseJsonText, DEFAULT_MAX_JSON_DEPTH } from './read-body-text.js';
import { ScoringError } from './scoring-error.js';
import type { ScoringContentType } from './content-type.js';
import type { ScoringRequest } from './scoring-input.js';
import type { ScoringModel } from './scoring-model.js';

export interface ScoreOptions {
  maxJsonDepth?: number;
}

export function parseScoringBody(body: Uint8Array, type: ScoringContentType, model: ScoringModel, options: ScoreOptions = {}): ScoringRequest {
  const text = decodeUtf8(body);
  if (type === 'csv') return parseCsvInput(text, model.signature?.inputs);
  return parseJsonInput(parseJsonText(text, options.maxJsonDepth ?? DEFAULT_MAX_JSON_DEPTH));
}

export async function scoreRequest(model: ScoringModel, request: ScoringRequest): Promise<string> {
  const params = enforceParams(request.params, model.signature);
  const input = await enforceInput(request, model.signature);
  let predictions: unknown;
  try {
    predictions = await (params === undefined ? model.predict(input) : model.predict(input, params));
  } catch (error) {
    if (ScoringError.isInstance(error)) throw error;
    throw new ScoringError(
      'predict-failed',
      'Encountered an unexpected error while evaluating the model. Verify that the input is compatible with the model for inference (the server log has the details).',
      {},
      { cause: error },
    );
  }
  return predictionsJson(predictions);
}

export async function scoreBody(model: ScoringModel, body: Uint8Array, type: ScoringContentType, options: ScoreOptions = {}): Promise<string> {
  return scoreRequest(model, parseScoringBody(body, type, model, options));
}
