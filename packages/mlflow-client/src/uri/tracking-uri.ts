/**
 * Which store a URI means: `http(s)://…` → the REST API of an MLflow server; `file:` or a plain path
 * → an `mlruns` folder. Everything else is refused with a message naming the scheme and what to
 * use instead.
 */
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UnsupportedUriError } from '../errors/unsupported-uri-error.js';

export type StoreLocation = { kind: 'http'; uri: string } | { kind: 'file'; uri: string; path: string };

type Env = Record<string, string | undefined>;

/** The tracking URI: explicit > `MLFLOW_TRACKING_URI` > `./mlruns`. */
export function resolveTrackingUri(explicit?: string, env: Env = process.env): string {
  const fromEnv = env.MLFLOW_TRACKING_URI?.trim();
  return explicit?.trim() || fromEnv || resolve('mlruns');
}

/** The registry URI: explicit > `MLFLOW_REGISTRY_URI` > the tracking URI. */
export function resolveRegistryUri(explicit: string | undefined, trackingUri: string, env: Env = process.env): string {
  return explicit?.trim() || env.MLFLOW_REGISTRY_URI?.trim() || trackingUri;
}

/** The scheme of a URI (`http`, `file`, `s3`…), or undefined for a plain (or Windows) path. */
export function uriScheme(uri: string): string | undefined {
  const match = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri);
  if (match === null) return undefined;
  if (match[1]!.length === 1) return undefined; // C:\path
  return match[1]!.toLowerCase();
}

/** A local folder from `file:///abs`, `file:relative`, or a plain path (made absolute). */
export function localPathOf(uri: string): string {
  if (uri.startsWith('file://')) return fileURLToPath(uri);
  if (uri.startsWith('file:')) return resolve(uri.slice('file:'.length));
  return isAbsolute(uri) ? uri : resolve(uri);
}

const DATABASE_SCHEMES = new Set(['sqlite', 'postgresql', 'postgres', 'mysql', 'mssql', 'postgresql+psycopg2', 'mysql+pymysql']);

export function classifyStoreUri(uri: string, what: 'tracking' | 'registry' = 'tracking'): StoreLocation {
  const scheme = /^databricks(-uc)?$/i.test(uri.trim()) ? uri.trim().toLowerCase() : uriScheme(uri);
  if (scheme === undefined || scheme === 'file') {
    try {
      return { kind: 'file', uri, path: localPathOf(uri) };
    } catch (error) {
      // fileURLToPath refuses a remote host or an encoded slash: say which URI, not only why.
      throw malformed(uri, scheme ?? 'file', what, (error as Error).message, error);
    }
  }
  if (scheme === 'http' || scheme === 'https') {
    // Checked here so a typo fails once, naming the URI, instead of on every request.
    const url = URL.canParse(uri) ? new URL(uri) : undefined;
    if (url === undefined || url.hostname === '') throw malformed(uri, scheme, what, 'it is not a URL with a host (http(s)://host[:port][/path])');
    return { kind: 'http', uri };
  }
  const variable = what === 'tracking' ? 'MLFLOW_TRACKING_URI' : 'MLFLOW_REGISTRY_URI';
  let hint: string;
  if (DATABASE_SCHEMES.has(scheme) || scheme.startsWith('postgresql+') || scheme.startsWith('mysql+')) {
    hint = `This client talks to databases through an MLflow server: run \`mlflow server --backend-store-uri ${scheme}:…\` and set ${variable} to its http(s) URL.`;
  } else if (scheme === 'databricks' || scheme === 'databricks-uc' || scheme === 'uc') {
    hint = `Databricks workspaces are not supported; use an open-source MLflow server (http(s) URL) or a local folder.`;
  } else {
    hint = `Use an http(s):// URL of an MLflow server, or a local folder (a path or file:// URI) for an mlruns store.`;
  }
  throw new UnsupportedUriError({ uri, scheme, message: `Unsupported ${what} URI scheme '${scheme}' in ${JSON.stringify(redact(uri))}. ${hint}` });
}

function malformed(uri: string, scheme: string, what: string, reason: string, cause?: unknown): UnsupportedUriError {
  return new UnsupportedUriError({ uri, scheme, message: `Malformed ${what} URI ${JSON.stringify(redact(uri))}: ${reason}.`, cause });
}

function redact(uri: string): string {
  return uri.replace(/\/\/[^/@]*@/, '//');
}
