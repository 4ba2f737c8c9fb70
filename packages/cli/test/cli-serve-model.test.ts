/**
 * `kedro-mlflow serve` and `predict` on a real kedro_pipeline model folder (saved with pipeline-ml's
 * saveModel, signature inferred from the input example): the built CLI answers /invocations with the
 * pipeline's predictions, enforces the signature, and stops on SIGTERM.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { saveModel } from '@kedro-mlflow/pipeline-ml';
import { cliAsync, ensureBuilt } from './helpers.js';
import { postInvocation as post, scoringModel, spawnServe } from './serve-helpers.js';

jest.setTimeout(120_000);

const work = mkdtempSync(join(tmpdir(), 'cli-serve-model-'));
const modelDir = join(work, 'model');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  ensureBuilt();
  const kpm = await scoringModel(work);
  await saveModel(kpm, modelDir, { inputExample: [{ x: 1.5, n: 2 }] });
});

test('serve -m <folder> answers /invocations with the pipeline predictions and stops on SIGTERM', async () => {
  const { url, stop } = await spawnServe(['-m', modelDir, '--port', '0'], work);
  try {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    for (;;) {
      if ((await fetch(`${url}/ping`)).status === 200) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(await post(url, { dataframe_split: { columns: ['n', 'x'], data: [[1, 2], [0, -1]] } })).toEqual({ status: 200, json: { predictions: [7, -3] } });
    expect(await post(url, { dataframe_records: [{ x: 2 }] })).toEqual({ status: 400, json: { error_code: 'BAD_REQUEST', message: expect.stringContaining("'n'") } });
    const failed = await post(url, { dataframe_records: [{ x: -1e9, n: 1 }] });
    expect(failed).toEqual({ status: 400, json: { error_code: 'BAD_REQUEST', message: expect.stringContaining('unexpected error while evaluating the model') } });
    expect(JSON.stringify(failed.json)).not.toContain('trained on');
  } finally {
    expect(await stop()).toBe(0);
  }
});

test('predict -m <folder> -i in.csv prints the predictions; bad input and a failing model are errors', async () => {
  const input = join(work, 'in.csv');
  writeFileSync(input, 'x,n\n1,1\n2.5,0\n');
  const res = await cliAsync(['predict', '-m', modelDir, '-i', input], { cwd: work });
  expect(res.code).toBe(0);
  expect(JSON.parse(res.stdout)).toEqual({ predictions: [4, 7.5] });
  const bad = join(work, 'bad.json');
  writeFileSync(bad, JSON.stringify({ dataframe_records: [{ x: 'one', n: 1 }] }));
  const refused = await cliAsync(['predict', '-m', modelDir, '-i', bad], { cwd: work });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('Failed to enforce schema');
  const outOfRange = join(work, 'far.json');
  writeFileSync(outOfRange, JSON.stringify({ dataframe_records: [{ x: -1e9, n: 1 }] }));
  const failed = await cliAsync(['predict', '-m', modelDir, '-i', outOfRange], { cwd: work });
  expect([failed.code, failed.stderr]).toEqual([1, expect.stringContaining('x is out of the range the model was trained on')]);
});
