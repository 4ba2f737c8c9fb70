import { createServer, type Server } from 'node:http';
import { startFaultProxy, type FaultProxy } from '@kedro-mlflow/mlflow-test-server';

/** A tiny real upstream: echoes the method, path, Host header and body. */
function echoServer(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ method: req.method, path: req.url, host: req.headers.host, body }));
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as { port: number };
      resolve({ server, url: `http://127.0.0.1:${address.port}` });
    }),
  );
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a failure');
}

describe('fault proxy', () => {
  let upstream: { server: Server; url: string };
  let proxy: FaultProxy;

  beforeEach(async () => {
    upstream = await echoServer();
    proxy = await startFaultProxy(upstream.url);
  });

  afterEach(async () => {
    await proxy.close();
    upstream.server.closeAllConnections();
    await new Promise((r) => upstream.server.close(r));
  });

  it('passes requests through, bodies and all, with the upstream Host', async () => {
    const res = await fetch(`${proxy.url}/a/b?x=1`, { method: 'POST', body: 'hello' });
    expect(await res.json()).toEqual({ method: 'POST', path: '/a/b?x=1', host: new URL(upstream.url).host, body: 'hello' });
    expect(proxy.stats).toMatchObject({ requests: 1, forwarded: 1 });
  });

  it('answers the next N requests with a status, then passes again', async () => {
    await proxy.status(503, { count: 2, headers: { 'retry-after': '7' }, body: 'busy' });
    const first = await fetch(`${proxy.url}/x`);
    expect(first.status).toBe(503);
    expect(first.headers.get('retry-after')).toBe('7');
    expect(await first.text()).toBe('busy');
    expect((await fetch(`${proxy.url}/x`)).status).toBe(503);
    expect((await fetch(`${proxy.url}/x`)).status).toBe(200);
    expect(proxy.mode).toBe('pass');
    expect(proxy.stats).toMatchObject({ injected: 2, forwarded: 1 });
  });

  it('refuses connections when down, and drops open ones', async () => {
    await proxy.slow(2000);
    const held = fetch(`${proxy.url}/held`);
    await proxy.waitForRequests(1);
    await proxy.down();
    expect(String(((await failure(held)).cause as { code?: string })?.code)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    const error = await failure(fetch(`${proxy.url}/x`));
    expect(String((error.cause as { code?: string })?.code)).toBe('ECONNREFUSED');
    await proxy.pass();
    expect((await fetch(`${proxy.url}/x`)).status).toBe(200);
  });

  it('resets connections in reset style', async () => {
    await proxy.down({ style: 'reset' });
    const error = await failure(fetch(`${proxy.url}/x`));
    expect(String((error.cause as { code?: string })?.code)).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(proxy.stats.dropped).toBeGreaterThan(0);
  });

  it('holds requests back in slow mode', async () => {
    await proxy.slow(400, { count: 1 });
    const t0 = Date.now();
    expect((await fetch(`${proxy.url}/x`)).status).toBe(200);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(390);
    expect(proxy.stats.delayed).toBe(1);
    expect(proxy.mode).toBe('pass');
  });

  it('waits for a number of requests', async () => {
    const waiting = proxy.waitForRequests(2);
    await fetch(`${proxy.url}/1`);
    await fetch(`${proxy.url}/2`);
    await expect(waiting).resolves.toBeUndefined();
  });
});
