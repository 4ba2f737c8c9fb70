/**
 * The scoring server as a real process: 503 while the model loads, exit 1 when it cannot load,
 * 504 past the timeout, 408 for a client that trickles its body, one log line per request, and
 * workers sharing the port, a dead one replaced.
 */
import { connect } from 'node:net';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expectedPredictions } from './fixtures/linear-model.js';
import { invoke, startServerProcess, type ServerProcess } from './server-process.js';

jest.setTimeout(60_000);

const rows = [{ x: 2, n: 3, label: 'q' }];
const body = JSON.stringify({ dataframe_records: rows });
const started: ServerProcess[] = [];

async function start(...args: Parameters<typeof startServerProcess>): Promise<ServerProcess> {
  const server = await startServerProcess(...args);
  started.push(server);
  return server;
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.stop()));
});

/** Polls until `check` holds (the process reacts to events of its own). */
async function until(check: () => Promise<boolean>): Promise<void> {
  for (;;) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('answers 503 with MLflow error JSON while the model loads, then serves', async () => {
  const gate = join(mkdtempSync(join(tmpdir(), 'scoring-gate-')), 'go');
  const server = await start({}, { LOAD_GATE: gate });
  const ping = await fetch(`${server.url}/ping`);
  expect([ping.status, await ping.json()]).toEqual([503, { error_code: 'TEMPORARILY_UNAVAILABLE', message: expect.any(String) }]);
  expect(await invoke(server.url, body)).toMatchObject({ status: 503, json: { error_code: 'TEMPORARILY_UNAVAILABLE' } });
  writeFileSync(gate, '');
  await until(async () => (await fetch(`${server.url}/ping`)).status === 200);
  expect(await invoke(server.url, body)).toMatchObject({ status: 200, json: { predictions: expectedPredictions(rows) } });
});

test('a model that cannot load stops the server with exit code 1, the error logged', async () => {
  const server = await start({}, { LOAD_FAIL: '1' });
  expect(await server.exited).toBe(1);
  const failure = await server.waitForLog((line) => typeof line.msg === 'string' && line.msg.includes('could not be loaded'));
  expect(JSON.stringify(failure)).toContain('the model file is corrupt');
});

test('a request slower than --timeout gets a 504, and the server goes on', async () => {
  const server = await start({ timeoutMs: 300 });
  const slow = await invoke(server.url, JSON.stringify({ dataframe_records: rows, params: { sleep_ms: 2000 } }));
  expect(slow).toMatchObject({ status: 504, json: { error_code: 'DEADLINE_EXCEEDED', message: 'Request processing time exceeded limit' } });
  expect(await invoke(server.url, body)).toMatchObject({ status: 200 });
});

test('a client that trickles its body gets a 408 in MLflow error JSON', async () => {
  const server = await start({ bodyTimeoutMs: 300 });
  const { port } = new URL(server.url);
  const answer = await new Promise<string>((resolve, reject) => {
    const socket = connect(Number(port), '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
    socket.write(`POST /invocations HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{"dataframe_records"`);
  });
  expect(answer).toMatch(/^HTTP\/1\.1 408 /);
  expect(JSON.parse(answer.slice(answer.indexOf('\r\n\r\n') + 4))).toEqual({ error_code: 'BAD_REQUEST', message: expect.stringContaining('did not arrive') });
  expect(await invoke(server.url, body)).toMatchObject({ status: 200 });
});

test('logs one line per request: method, path, status, ms', async () => {
  const server = await start();
  await invoke(server.url, body);
  await invoke(server.url, '{', 'application/json');
  await fetch(`${server.url}/ping`);
  const lines = await Promise.all([200, 400].map((status) => server.waitForLog((l) => l.msg === 'request' && l.path === '/invocations' && l.status === status)));
  await server.waitForLog((l) => l.msg === 'request' && l.path === '/ping');
  expect(lines[0]).toMatchObject({ method: 'POST', path: '/invocations', status: 200, ms: expect.any(Number) });
  expect(lines[1]).toMatchObject({ status: 400, error: 'bad-json' });
  expect(server.logs.filter((l) => l.msg === 'request')).toHaveLength(3);
});

test('with workers, once /ping answers 200 every request is answered by a loaded worker', async () => {
  const server = await start({ workers: 2 });
  await until(async () => (await fetch(`${server.url}/ping`).then((r) => r.status, () => 0)) === 200);
  const answers = await Promise.all(Array.from({ length: 20 }, () => invoke(server.url, body)));
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
  expect(await server.stop()).toBe(0);
});

test('with workers, requests are served by several processes on one port; a dead worker is replaced', async () => {
  const server = await start({ workers: 2 });
  const ready = async (): Promise<number[]> => server.logs.filter((l) => l.msg === 'scoring worker ready').map((l) => l.pid as number);
  await until(async () => (await ready()).length === 2);
  const [first] = await ready();
  process.kill(first!, 'SIGKILL');
  await server.waitForLog((l) => typeof l.msg === 'string' && l.msg.includes('worker died'));
  await until(async () => (await ready()).length === 3);
  const answers = await Promise.all(Array.from({ length: 20 }, () => invoke(server.url, body)));
  expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200));
  expect(await server.stop()).toBe(0);
});
