/**
 * The `Content-Type` of an `/invocations` request, checked the way MLflow's scoring server does:
 * `application/json` or `text/csv`, and no parameter but `charset=utf-8`.
 */
import { ScoringError } from './scoring-error.js';

export type ScoringContentType = 'json' | 'csv';

const MIME_TYPES: Record<string, ScoringContentType> = { 'application/json': 'json', 'text/csv': 'csv' };

export function parseContentType(header: string | undefined): ScoringContentType {
  const [mime = '', ...parameters] = (header ?? '').split(';').map((part) => part.trim());
  const kind = MIME_TYPES[mime.toLowerCase()];
  if (kind === undefined) {
    const got = header === undefined ? 'no Content-Type' : `'${header.slice(0, 100)}'`;
    throw new ScoringError('content-type', `This predictor only supports the following content types: application/json, text/csv. Got ${got}.`);
  }
  for (const parameter of parameters) {
    if (parameter === '') continue;
    const [key = '', value = ''] = parameter.split('=', 2).map((s) => s.trim().toLowerCase());
    if (key !== 'charset') throw new ScoringError('content-type', `Unrecognized content type parameter '${key.slice(0, 50)}': only charset=utf-8 is accepted.`);
    if (value.replace(/^"|"$/g, '') !== 'utf-8') throw new ScoringError('content-type', 'The scoring server only supports UTF-8 (charset=utf-8).');
  }
  return kind;
}
