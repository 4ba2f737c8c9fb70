/**
 * `kedro-mlflow serve` and `predict` on a real kedro_pipeline model folder (saved with pipeline-ml's
 * saveModel, signature inferred from the input example): the built CLI answers /invocations with the
 * pipeline's predictions, enforces the signature, and stops on SIGTERM.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import { KedroPipelineModel, saveModel } from '@kedro-mlflow/pipeline-ml';
import { BIN, cliAsync, cliEnv, ensureBuilt } from './helpers.js';
import { registerPipelines } from './fixtures/scoring/pipelines.js';

jest.setTimeout(120_000);

const work = mkdtempSync(join(tmpdir(), 'cli-serve-model-'));
const modelDir = join(work, 'model');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  ensureBuilt();
  const catalog = new DataCatalog({ datasets: { model: new JSONDataset({ filepath: join(work, 'model.json') }) } });
  await catalog.save('model', { factor: 3 });
  const kpm = new KedroPipelineModel({
    pipeline: registerPipelines().inference!,
    catalog,
    inputName: 'data',
    code: { module: join(__dirname, 'fixtures', 'scoring', 'pipelines.ts'), exportName: 'registerPipelines', pipelineName: 'inference' },
  });
  await saveModel(kpm, modelDir, { inputExample: [{ x: 1.5, n: 2 }] });
});

async function post(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}

test('serve -m <folder> answers /invocations with the pipeline predictions and stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [BIN, 'serve', '-m', modelDir, '--port', '0'], { cwd: work, env: cliEnv({ KEDRO_LOG_FORMAT: 'json' }) });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const line = stderr.split('\n').find((l) => l.includes('scoring server listening'));
        if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
    });
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
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
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
