/**
 * `kedro-mlflow predict`: one scoring offline, from a file (`.json` with the `/invocations` body,
 * `.csv` with a header row) to a file or stdout, through the same parsing and signature checks as
 * the server.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { extname } from 'node:path';
import type { ScoringContentType } from './content-type.js';
import { ScoringError } from './scoring-error.js';
import { scoreBody, type ScoreOptions } from './score-request.js';
import type { ScoringModel } from './scoring-model.js';

export interface PredictFileOptions extends ScoreOptions {
  model: ScoringModel;
  inputPath: string;
  /** Where to write `{"predictions": …}`; undefined returns the text only. */
  outputPath?: string;
  /** `json` or `csv`; by default from the input's extension. */
  contentType?: ScoringContentType;
}

export function contentTypeOfPath(path: string): ScoringContentType {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.csv') return 'csv';
  throw new ScoringError('content-type', `Cannot tell the input format of '${path}' from its extension: name it .json (a scoring request body) or .csv (a header row, then rows), or pass --content-type json|csv.`);
}

/** Scores the input file; returns the JSON text (also written to `outputPath` when given). */
export async function predictFile(options: PredictFileOptions): Promise<string> {
  const type = options.contentType ?? contentTypeOfPath(options.inputPath);
  const body = await readFile(options.inputPath);
  const text = await scoreBody(options.model, body, type, options);
  if (options.outputPath !== undefined) await writeFile(options.outputPath, `${text}\n`);
  return text;
}
