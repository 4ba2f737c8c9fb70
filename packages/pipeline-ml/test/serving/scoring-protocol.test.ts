/**
 * MLflow's /invocations protocol on a server started in this process with the linear model: every
 * input format, CSV, the signature's rules (missing columns, extra columns, safe conversions),
 * params, content types, size cap, routes and MLflow's error JSON.
 */
import { prepareInputExample, SERVING_INPUT_EXAMPLE_FILE } from '@kedro-mlflow/mlflow-client';
import { startScoringServer, ScoringError, type ScoringServer } from '@kedro-mlflow/pipeline-ml';
import { EXAMPLE_ROWS, expectedPredictions, linearModel } from './fixtures/linear-model.js';
import { invoke } from './server-process.js';

let server: ScoringServer;

beforeAll(async () => {
  server = await startScoringServer({ load: async () => linearModel(), port: 0, maxBodyBytes: 64 * 1024, version: '3.17.2' });
  await server.ready;
});
afterAll(() => server.close());

const rows = [
  { x: 1.5, n: 2, label: 'a' },
  { x: 3, n: -1, label: 'zz' },
];
const expected = { predictions: expectedPredictions(rows) };

describe('input formats', () => {
  test('dataframe_split, with columns in any order and the index ignored', async () => {
    const body = { dataframe_split: { columns: ['label', 'n', 'x'], index: [7, 8], data: rows.map((r) => [r.label, r.n, r.x]) } };
    const res = await invoke(server.url, JSON.stringify(body));
    expect(res.status).toBe(200);
    expect(res.json).toEqual(expected);
  });

  test('dataframe_records', async () => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: rows }));
    expect(res).toMatchObject({ status: 200, json: expected });
  });

  test('instances as a list of row objects', async () => {
    const res = await invoke(server.url, JSON.stringify({ instances: rows }));
    expect(res).toMatchObject({ status: 200, json: expected });
  });

  test('inputs as columns', async () => {
    const body = { inputs: { x: rows.map((r) => r.x), n: rows.map((r) => r.n), label: rows.map((r) => r.label) } };
    const res = await invoke(server.url, JSON.stringify(body));
    expect(res).toMatchObject({ status: 200, json: expected });
  });

  test('inputs as rows of values, matched to the signature by position', async () => {
    const body = { inputs: rows.map((r) => [r.x, r.n, r.label, null]) };
    const res = await invoke(server.url, JSON.stringify(body));
    expect(res).toMatchObject({ status: 200, json: expected });
  });

  test('text/csv with a header row, typed from the signature; charset=utf-8 is accepted', async () => {
    const csv = 'label,x,n,note\na,1.5,2,\nzz,3,-1,hello\n';
    const res = await invoke(server.url, csv, 'text/csv; charset=utf-8');
    expect(res).toMatchObject({ status: 200, json: expected });
  });

  test("the serving_input_example.json that mlflow-client logs with a model is answered", async () => {
    const example = prepareInputExample(EXAMPLE_ROWS).files[SERVING_INPUT_EXAMPLE_FILE]!;
    const res = await invoke(server.url, example);
    expect(res).toMatchObject({ status: 200, json: { predictions: expectedPredictions(EXAMPLE_ROWS) } });
  });

  test('params are checked and passed, defaults filled in', async () => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: rows, params: { scale: 2, shout: true } }));
    expect(res).toMatchObject({ status: 200, json: { predictions: expectedPredictions(rows, 2, true) } });
  });
});

describe('schema enforcement', () => {
  test('a missing required column is a 400 naming it', async () => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: [{ x: 1, label: 'a' }] }));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error_code: 'BAD_REQUEST', message: expect.stringContaining("'n'") });
  });

  test('extra columns are dropped before the model sees the table', async () => {
    const seen: string[][] = [];
    const model = linearModel();
    const spy = await startScoringServer({
      port: 0,
      load: async () => ({ ...model, predict: (input, params) => (seen.push((input as { columnNames(): string[] }).columnNames()), model.predict(input, params)) }),
    });
    try {
      await spy.ready;
      const res = await invoke(spy.url, JSON.stringify({ dataframe_records: rows.map((r) => ({ ...r, extra: 1 })) }));
      expect(res).toMatchObject({ status: 200, json: expected });
      expect(seen).toEqual([['x', 'n', 'label']]);
    } finally {
      await spy.close();
    }
  });

  test.each([
    ['an integer into a double column', 200, { x: 2, n: 1, label: 'a' }],
    ['a fraction into a long column', 400, { x: 2.5, n: 1.5, label: 'a' }],
    ['a number into a string column', 400, { x: 2.5, n: 1, label: 7 }],
    ['a numeric string into a double column', 400, { x: '2.5', n: 1, label: 'a' }],
    ['a boolean into a long column', 400, { x: 1, n: true, label: 'a' }],
    ['null in a required column', 400, { x: null, n: 1, label: 'a' }],
  ])('%s → %d', async (_what, status, row) => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: [row] }));
    expect(res.status).toBe(status);
    if (status === 400) expect(res.json).toEqual({ error_code: 'BAD_REQUEST', message: expect.stringContaining('Failed to enforce schema') });
  });

  test('CSV cells that are not numbers in a numeric column are a 400', async () => {
    const res = await invoke(server.url, 'x,n,label\nabc,1,a\n', 'text/csv');
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error_code: 'BAD_REQUEST' });
  });

  test.each([
    ['an unknown param', { scale: 2, scael: 3 }, ['scael']],
    ['a param of the wrong type', { scale: 'big' }, ['scale']],
    ['a fraction for a long param', { sleep_ms: 1.5 }, ['sleep_ms']],
  ])('%s is a 400 INVALID_PARAMETER_VALUE naming it', async (_what, params, names) => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: rows, params }));
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error_code: 'INVALID_PARAMETER_VALUE', message: expect.stringContaining(`'${names[0]}'`) });
  });
});

describe('the protocol around the data', () => {
  test.each([
    ['a bare list', JSON.stringify(EXAMPLE_ROWS)],
    ['two format keys', JSON.stringify({ dataframe_records: rows, instances: rows })],
    ['no format key', JSON.stringify({ data: rows })],
    ['a string', '"hello"'],
    ['dataframe_split without data', JSON.stringify({ dataframe_split: { columns: ['x'] } })],
    ['dataframe_split with a short row', JSON.stringify({ dataframe_split: { columns: ['x', 'n', 'label'], data: [[1, 2]] } })],
    ['dataframe_records of lists', JSON.stringify({ dataframe_records: [[1, 2, 'a']] })],
    ['params as a list', JSON.stringify({ dataframe_records: rows, params: [1] })],
    ['invalid JSON', '{"dataframe_records": [{"x": 1'],
    ['JSON nested 100 levels', `{"inputs": ${'['.repeat(100)}${']'.repeat(100)}}`],
  ])('%s is a 400 with MLflow error JSON', async (_what, body) => {
    const res = await invoke(server.url, body);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ error_code: expect.stringMatching(/^(BAD_REQUEST|INVALID_PARAMETER_VALUE)$/), message: expect.any(String) });
  });

  test('bytes that are not UTF-8 are a 400', async () => {
    const res = await invoke(server.url, Buffer.from([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d]));
    expect(res).toMatchObject({ status: 400, json: { error_code: 'BAD_REQUEST', message: expect.stringContaining('UTF-8') } });
  });

  test.each(['text/plain', 'application/xml', 'application/json; charset=latin-1', 'application/json; format=pandas-split'])('Content-Type %s is a 415', async (type) => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: rows }), type);
    expect(res.status).toBe(415);
    expect(res.json).toEqual({ error_code: 'BAD_REQUEST', message: expect.any(String) });
  });

  test('a body over the size cap is a 413, and the next request is answered', async () => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: Array.from({ length: 5000 }, () => rows[0]) }));
    expect(res).toMatchObject({ status: 413, json: { error_code: 'REQUEST_LIMIT_EXCEEDED' } });
    expect(await invoke(server.url, JSON.stringify({ dataframe_records: rows }))).toMatchObject({ status: 200, json: expected });
  });

  test('GET /ping and /health answer 200 "\\n", /version the version', async () => {
    for (const path of ['/ping', '/health']) {
      const res = await fetch(`${server.url}${path}`);
      expect([res.status, await res.text()]).toEqual([200, '\n']);
    }
    const version = await fetch(`${server.url}/version`);
    expect(await version.text()).toBe('3.17.2');
  });

  test('unknown paths are a 404, wrong methods a 405, in MLflow error JSON', async () => {
    const missing = await fetch(`${server.url}/predict`);
    expect([missing.status, await missing.json()]).toEqual([404, { error_code: 'ENDPOINT_NOT_FOUND', message: expect.any(String) }]);
    const wrong = await fetch(`${server.url}/invocations`);
    expect([wrong.status, ((await wrong.json()) as { error_code: string }).error_code]).toEqual([405, 'BAD_REQUEST']);
  });

  test('a model that throws is a 400 without its message or stack', async () => {
    const res = await invoke(server.url, JSON.stringify({ dataframe_records: rows, params: { fail: true } }));
    expect(res.status).toBe(400);
    expect(res.text).not.toMatch(/model-internals|at .*\.ts:\d+|stack/);
    expect(res.json).toEqual({ error_code: 'BAD_REQUEST', message: expect.stringContaining('unexpected error while evaluating the model') });
  });

  test('ScoringError carries the status and code as data', () => {
    const error = new ScoringError('schema', 'missing', { columns: ['n'] });
    expect([error.status, error.errorCode, error.columns, ScoringError.isInstance(error), ScoringError.isInstance(new Error('x'))]).toEqual([400, 'BAD_REQUEST', ['n'], true, false]);
  });
});
