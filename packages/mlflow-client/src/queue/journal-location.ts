/**
 * Where the offline journal of a tracking URI lives: one JSON-lines file per tracking URI (its
 * credentials removed before anything is derived from it) in the journal folder —
 * `KEDRO_MLFLOW_JOURNAL_DIR`, else `$KEDRO_MLFLOW_CACHE/journal`, else
 * `$XDG_CACHE_HOME/kedro-mlflow-ts/journal`, else `~/.cache/kedro-mlflow-ts/journal`.
 */
import { createHash } from 'node:crypto';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { redactUrl } from '../store/rest/auth.js';
import { classifyStoreUri } from '../uri/tracking-uri.js';

type Env = Record<string, string | undefined>;

export function defaultJournalDir(env: Env = process.env): string {
  const explicit = env.KEDRO_MLFLOW_JOURNAL_DIR?.trim();
  if (explicit) return explicit;
  const cache = env.KEDRO_MLFLOW_CACHE?.trim();
  if (cache) return join(cache, 'journal');
  const xdg = env.XDG_CACHE_HOME?.trim();
  return join(xdg || join(homedir(), '.cache'), 'kedro-mlflow-ts', 'journal');
}

/**
 * The tracking URI as the journal names it: no user info, no query string, no trailing slash;
 * a local store as its absolute `file://` path. Safe to print.
 */
export function journalUri(trackingUri: string): string {
  const location = classifyStoreUri(trackingUri);
  if (location.kind === 'file') return `file://${location.path}`;
  return redactUrl(location.uri).replace(/\/+$/, '');
}

/** `127.0.0.1_5000-1a2b3c4d5e6f7a8b.jsonl`: readable, and unique per URI. */
export function journalFileName(trackingUri: string): string {
  const uri = journalUri(trackingUri);
  const hash = createHash('sha256').update(uri).digest('hex').slice(0, 16);
  let label = 'local';
  if (!uri.startsWith('file:')) {
    try {
      label = new URL(uri).host.replace(/[^\w.-]+/g, '_');
    } catch {
      label = 'server';
    }
  }
  return `${label}-${hash}.jsonl`;
}
