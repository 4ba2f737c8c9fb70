/**
 * MLflow's scoring server protocol on node:http: `GET /ping`, `/health` (200 once the model is
 * loaded, 503 while it loads, 404 if loading failed), `GET /version`, `POST /invocations`. The
 * server listens before the model is loaded, so that health checks see the load. Every refusal is
 * MLflow's error JSON (`error_code`, `message`) with its status, never a stack trace; each request
 * is one log line (method, path, status, ms). Binds 127.0.0.1 unless told otherwise.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { MLFLOW_FORMAT_VERSION } from '@kedro-mlflow/mlflow-client';
import { parseContentType } from './content-type.js';
import { readRequestBody } from './read-request-body.js';
import { ScoringError } from './scoring-error.js';
import { parseScoringBody, scoreRequest } from './score-request.js';
import type { ScoringModel, ScoringModelLoader } from './scoring-model.js';

const log = getLogger('pipeline-ml.serving');

export const SCORING_DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  /** MLflow's MLFLOW_SCORING_SERVER_REQUEST_TIMEOUT default. */
  timeoutMs: 60_000,
  maxBodyBytes: 16 * 1024 * 1024,
  bodyTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  maxJsonDepth: 64,
} as const;

export interface ScoringServerOptions {
  load: ScoringModelLoader;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Time allowed to score one request (after its body is read) before a 504. */
  timeoutMs?: number;
  /** Bodies over this size get a 413. */
  maxBodyBytes?: number;
  /** Time allowed for a client to send its body before a 408. */
  bodyTimeoutMs?: number;
  /** Time allowed for a client to send its headers. */
  headersTimeoutMs?: number;
  maxJsonDepth?: number;
  /** What `GET /version` answers (MLflow answers its own version). */
  version?: string;
  /**
   * Listen only once the model has loaded (or failed to): for workers sharing a port, so that the
   * connections of a client that saw one worker's /ping answer 200 never reach one still loading.
   */
  listenAfterLoad?: boolean;
}

export type ScoringServerState = 'loading' | 'ready' | 'failed';

export interface ScoringServer {
  readonly url: string;
  readonly port: number;
  state(): ScoringServerState;
  /** Settles when the model is loaded (rejects with the load error). */
  readonly ready: Promise<ScoringModel>;
  /**
   * Stops listening, cuts open connections, then closes the model (`model.close()`: the server
   * owns what its loader gave it); a model still loading is closed as soon as it has loaded.
   */
  close(): Promise<void>;
}

const JSON_TYPE = 'application/json';

/** Requests node:http refuses before the handler sees them (slow or oversized headers). */
const CLIENT_ERRORS: Record<string, [number, string]> = {
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout'],
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large'],
};

function send(res: ServerResponse, status: number, body: string, type = JSON_TYPE, close = false): void {
  if (res.headersSent || res.destroyed) return;
  const headers: Record<string, string | number> = { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) };
  if (close) headers.Connection = 'close';
  res.writeHead(status, headers).end(body);
}

function sendError(res: ServerResponse, error: ScoringError, close = false): void {
  send(res, error.status, JSON.stringify(error.toJSON()), JSON_TYPE, close);
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScoringError('timeout', 'Request processing time exceeded limit')), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Starts listening at once (unless `listenAfterLoad`); the model loads in the background (see `ready`). */
export async function startScoringServer(options: ScoringServerOptions): Promise<ScoringServer> {
  const settings = { ...SCORING_DEFAULTS, ...stripUndefined(options) };
  let state: ScoringServerState = 'loading';
  let model: ScoringModel | undefined;
  const ready = Promise.resolve()
    .then(() => options.load())
    .then(
      (loaded) => {
        model = loaded;
        state = 'ready';
        return loaded;
      },
      (error: unknown) => {
        state = 'failed';
        log.with({ err: error }).error('the model could not be loaded: /ping answers 404, /invocations 503');
        throw error;
      },
    );
  ready.catch(() => undefined); // the failure is logged and kept in `state`; callers may await `ready`

  let modelClosed = false;
  /** Closes the model once; a failure is logged, never thrown at the caller that stops the server. */
  const closeModel = async (loaded: ScoringModel): Promise<void> => {
    if (modelClosed) return;
    modelClosed = true;
    try {
      await loaded.close?.();
    } catch (error) {
      log.with({ err: error }).warn('closing the model failed');
    }
  };

  const unavailable = (): ScoringError =>
    state === 'loading'
      ? new ScoringError('loading', 'The model is still loading: retry when GET /ping answers 200.')
      : new ScoringError('load-failed', 'The model failed to load (see the server log): restart the server with a model that loads.');

  async function invocations(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const type = parseContentType(req.headers['content-type']);
    if (model === undefined) throw unavailable();
    const body = await readRequestBody(req, settings.maxBodyBytes, settings.bodyTimeoutMs);
    const current = model;
    const text = await withTimeout(
      Promise.resolve().then(() => scoreRequest(current, parseScoringBody(body, type, current, { maxJsonDepth: settings.maxJsonDepth }))),
      settings.timeoutMs,
    );
    send(res, 200, text);
  }

  async function route(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/ping' || path === '/health') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ScoringError('method', `${path} answers GET only.`);
      if (state === 'ready') send(res, 200, '\n');
      else if (state === 'loading') throw unavailable();
      else sendError(res, new ScoringError('not-found', 'The model failed to load (see the server log).'));
      return;
    }
    if (path === '/version') {
      if (req.method !== 'GET' && req.method !== 'HEAD') throw new ScoringError('method', '/version answers GET only.');
      send(res, 200, settings.version ?? MLFLOW_FORMAT_VERSION);
      return;
    }
    if (path === '/invocations') {
      if (req.method !== 'POST') throw new ScoringError('method', '/invocations answers POST only.');
      await invocations(req, res);
      return;
    }
    throw new ScoringError('not-found', `No such endpoint: the scoring server answers GET /ping, /health, /version and POST /invocations.`);
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const start = performance.now();
    const path = (req.url ?? '/').split('?', 1)[0]!.slice(0, 200);
    let failure: ScoringError | undefined;
    let cause: unknown;
    req.on('error', () => undefined);
    res.on('error', () => undefined);
    res.once('close', () => {
      const status = res.writableFinished ? res.statusCode : 499;
      const fields: Record<string, unknown> = { method: req.method, path, status, ms: Math.round((performance.now() - start) * 100) / 100 };
      if (failure !== undefined) fields.error = failure.kind;
      if (cause !== undefined) fields.err = cause;
      log.with(fields).info('request');
    });
    route(req, res, path).catch((error: unknown) => {
      failure = ScoringError.isInstance(error) ? error : new ScoringError('internal', 'The scoring server failed on this request (see the server log).', {}, { cause: error });
      if (failure.kind === 'predict-failed' || failure.kind === 'internal') cause = failure.cause;
      // A body left unread (refused early, cut off, timed out) must not be parsed as the next request.
      const bodyUnread = !req.complete;
      sendError(res, failure, bodyUnread);
    });
  }

  const server: Server = createServer({ headersTimeout: settings.headersTimeoutMs, requestTimeout: 0 }, handle);
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    if (!socket.writable || error.code === 'ECONNRESET') {
      socket.destroy();
      return;
    }
    const [status, reason] = CLIENT_ERRORS[error.code ?? ''] ?? [400, 'Bad Request'];
    const body = JSON.stringify({ error_code: 'BAD_REQUEST', message: `The request could not be read as HTTP (${error.code ?? 'malformed'}).` });
    socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Type: ${JSON_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    log.with({ status, error: error.code }).info('request');
  });
  if (options.listenAfterLoad === true) await ready.catch(() => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(settings.port, settings.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const hostText = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${hostText}:${address.port}`,
    port: address.port,
    state: () => state,
    ready,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      if (model !== undefined) await closeModel(model);
      // Not awaited: a download may take long, and the process exit removes its folder anyway.
      else void ready.then(closeModel, () => undefined);
    },
  };
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
