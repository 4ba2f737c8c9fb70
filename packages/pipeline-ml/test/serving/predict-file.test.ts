/** Offline scoring (`kedro-mlflow predict`): the same parsing and signature checks as the server. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contentTypeOfPath, predictFile, ScoringError } from '@kedro-mlflow/pipeline-ml';
import { expectedPredictions, linearModel } from './fixtures/linear-model.js';

const dir = mkdtempSync(join(tmpdir(), 'predict-file-'));
const rows = [
  { x: 0.5, n: 1, label: 'a' },
  { x: 2, n: 0, label: 'b' },
];

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

test('a JSON request body, with params, written to the output file', async () => {
  const input = file('in.json', JSON.stringify({ dataframe_split: { columns: ['x', 'n', 'label'], data: rows.map((r) => [r.x, r.n, r.label]) }, params: { scale: 3 } }));
  const output = join(dir, 'out.json');
  const text = await predictFile({ model: linearModel(), inputPath: input, outputPath: output });
  expect(JSON.parse(readFileSync(output, 'utf8'))).toEqual({ predictions: expectedPredictions(rows, 3) });
  expect(JSON.parse(text)).toEqual({ predictions: expectedPredictions(rows, 3) });
});

test('a CSV file', async () => {
  const input = file('in.csv', `x,n,label\n${rows.map((r) => `${r.x},${r.n},${r.label}`).join('\n')}\n`);
  expect(JSON.parse(await predictFile({ model: linearModel(), inputPath: input }))).toEqual({ predictions: expectedPredictions(rows) });
});

test('an input breaking the signature is a ScoringError naming the missing column', async () => {
  const input = file('missing.json', JSON.stringify({ dataframe_records: [{ x: 1, label: 'a' }] }));
  const error = await predictFile({ model: linearModel(), inputPath: input }).catch((e: unknown) => e);
  expect(ScoringError.isInstance(error)).toBe(true);
  expect(error).toMatchObject({ kind: 'schema', columns: ['n'] });
});

test('an input file that is neither .json nor .csv needs --content-type', () => {
  expect(() => contentTypeOfPath('rows.txt')).toThrow(expect.objectContaining({ kind: 'content-type', message: expect.stringContaining('rows.txt') }));
  expect([contentTypeOfPath('A.JSON'), contentTypeOfPath('b.csv')]).toEqual(['json', 'csv']);
});
