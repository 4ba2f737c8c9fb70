/**
 * A real proxy on a loopback port in front of a real server, whose behaviour tests switch at
 * runtime to inject faults:
 * - `pass`: forward everything;
 * - `down`: stop listening (new connections are refused) and drop every open connection — or with
 *   `{ style: 'reset' }` keep accepting but reset each connection at once;
 * - `status`: answer the next N requests itself with a status (e.g. 503 + `Retry-After`), then pass;
 * - `slow`: hold the next N requests (or all) for X ms before forwarding them; a request whose
 *   client gave up meanwhile is never forwarded.
 * With `tls`, it also terminates HTTPS in front of a plain-HTTP server.
 */
import { createServer, request as httpRequest, Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { Socket } from 'node:net';

export type FaultMode = 'pass' | 'down' | 'status' | 'slow';

export interface FaultProxyStats {
  /** Requests that reached the proxy. */
  requests: number;
  /** Requests forwarded to the server. */
  forwarded: number;
  /** Requests answered by the proxy itself (`status` mode). */
  injected: number;
  /** Requests held back by `slow` mode. */
  delayed: number;
  /** Connections reset or dropped by `down` mode. */
  dropped: number;
}

export interface FaultProxy {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  readonly mode: FaultMode;
  readonly stats: FaultProxyStats;
  pass(): Promise<void>;
  down(options?: { style?: 'refuse' | 'reset' }): Promise<void>;
  status(code: number, options?: { count?: number; headers?: Record<string, string>; body?: string }): Promise<void>;
  slow(delayMs: number, options?: { count?: number }): Promise<void>;
  /** Resolves once `stats.requests` reaches `n`. */
  waitForRequests(n: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

interface StatusFault {
  code: number;
  headers: Record<string, string>;
  body: string;
}

export interface FaultProxyOptions {
  port?: number;
  /** Serve HTTPS to the client (PEM key and certificate); the server behind stays plain HTTP. */
  tls?: { key: string; cert: string };
  /** Forward the client's Host header unchanged (S3 request signatures cover it). */
  preserveHost?: boolean;
}

export async function startFaultProxy(target: string, options: FaultProxyOptions = {}): Promise<FaultProxy> {
  const upstream = new URL(target);
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();
  const stats: FaultProxyStats = { requests: 0, forwarded: 0, injected: 0, delayed: 0, dropped: 0 };
  let mode: FaultMode = 'pass';
  let downStyle: 'refuse' | 'reset' = 'refuse';
  let remaining = Infinity;
  let statusFault: StatusFault = { code: 503, headers: {}, body: '' };
  let delayMs = 0;
  let listening = false;
  let closed = false;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const held = new Set<NodeJS.Timeout>();

  const server: Server = options.tls === undefined ? createServer((req, res) => handle(req, res)) : createTlsServer(options.tls, (req, res) => handle(req, res));
  server.on('connection', (socket: Socket) => {
    if (mode === 'down') {
      stats.dropped += 1;
      socket.resetAndDestroy();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_error, socket) => socket.destroy());

  const listen = (port: number): Promise<number> =>
    new Promise((resolve, reject) => {
      const onError = (error: Error) => reject(error);
      server.once('error', onError);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', onError);
        listening = true;
        const address = server.address();
        resolve(typeof address === 'object' && address !== null ? address.port : port);
      });
    });

  const port = await listen(options.port ?? 0);

  const stopListening = (): Promise<void> =>
    new Promise((resolve) => {
      if (!listening) return resolve();
      listening = false;
      server.close(() => resolve());
      dropAll();
    });

  function dropAll(): void {
    for (const timer of held) clearTimeout(timer);
    held.clear();
    for (const socket of sockets) {
      stats.dropped += 1;
      socket.destroy();
    }
    sockets.clear();
  }

  async function relisten(): Promise<void> {
    if (listening || closed) return;
    for (let attempt = 0; ; attempt += 1) {
      try {
        await listen(port);
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
  }

  function countDown(): void {
    remaining -= 1;
    if (remaining <= 0) {
      mode = 'pass';
      remaining = Infinity;
    }
  }

  function notify(): void {
    for (let i = waiters.length - 1; i >= 0; i -= 1) {
      if (stats.requests >= waiters[i]!.n) {
        waiters[i]!.resolve();
        waiters.splice(i, 1);
      }
    }
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    stats.requests += 1;
    notify();
    if (mode === 'down') {
      stats.dropped += 1;
      req.socket.destroy();
      return;
    }
    if (mode === 'status') {
      const fault = statusFault;
      countDown();
      stats.injected += 1;
      req.resume();
      req.on('end', () => {
        res.writeHead(fault.code, { 'content-type': 'text/plain', ...fault.headers });
        res.end(fault.body);
      });
      return;
    }
    if (mode === 'slow') {
      const wait = delayMs;
      countDown();
      stats.delayed += 1;
      req.pause();
      const timer = setTimeout(() => {
        held.delete(timer);
        if (res.destroyed || req.socket.destroyed) return;
        forward(req, res);
      }, wait);
      held.add(timer);
      return;
    }
    forward(req, res);
  }

  function forward(req: IncomingMessage, res: ServerResponse): void {
    stats.forwarded += 1;
    const headers = options.preserveHost === true ? req.headers : { ...req.headers, host: upstream.host };
    const out = httpRequest(
      { protocol: upstream.protocol, hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
        answer.on('error', () => res.destroy());
      },
    );
    out.on('error', () => {
      // The server itself is gone: look like it to the client.
      res.destroy();
    });
    req.on('aborted', () => out.destroy());
    req.pipe(out);
  }

  const proxy: FaultProxy = {
    url: `${options.tls === undefined ? 'http' : 'https'}://127.0.0.1:${port}`,
    port,
    get mode() {
      return mode;
    },
    stats,
    async pass() {
      mode = 'pass';
      remaining = Infinity;
      await relisten();
    },
    async down(opts = {}) {
      mode = 'down';
      downStyle = opts.style ?? 'refuse';
      if (downStyle === 'refuse') await stopListening();
      else dropAll();
    },
    async status(code, opts = {}) {
      await relisten();
      statusFault = { code, headers: opts.headers ?? {}, body: opts.body ?? `injected ${code}` };
      remaining = opts.count ?? Infinity;
      mode = 'status';
    },
    async slow(ms, opts = {}) {
      await relisten();
      delayMs = ms;
      remaining = opts.count ?? Infinity;
      mode = 'slow';
    },
    waitForRequests(n, timeoutMs = 60_000) {
      if (stats.requests >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`fault proxy saw ${stats.requests} requests, not ${n}, within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          n,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
        });
      });
    },
    async close() {
      closed = true;
      await stopListening();
      agent.destroy();
    },
  };
  return proxy;
}
