/** `kedro-mlflow serve` and `predict`: their flags are checked before any model is loaded. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliAll, ensureBuilt } from './helpers.js';

beforeAll(ensureBuilt);

const cwd = mkdtempSync(join(tmpdir(), 'cli-serve-'));
const input = join(cwd, 'in.json');
writeFileSync(input, JSON.stringify({ dataframe_records: [{ x: 1 }] }));

test.each([
  ['a port out of range', ['serve', '-m', 'runs:/abc/model', '--port', '99999'], "'--port'"],
  ['zero workers', ['serve', '-m', 'runs:/abc/model', '--workers', '0'], "'--workers'"],
  ['a timeout that is not a number', ['serve', '-m', 'runs:/abc/model', '--timeout', 'soon'], "'--timeout'"],
  ['no model URI', ['serve'], '--model-uri'],
  ['a missing input file', ['predict', '-m', 'runs:/abc/model', '-i', join(cwd, 'nope.json')], 'nope.json'],
  ['an unknown content type', ['predict', '-m', 'runs:/abc/model', '-i', input, '--content-type', 'xml'], "'--content-type'"],
])('%s is refused, naming the flag or file', async (_what, args, named) => {
  const [res] = await cliAll([[args, { cwd }]]);
  expect(res!.code).toBe(1);
  expect(res!.stderr).toContain(named);
  expect(res!.stdout).toBe('');
});

test('serve and predict are listed with their options', async () => {
  const [serve, predict] = await cliAll([
    [['serve', '--help'], { cwd }],
    [['predict', '--help'], { cwd }],
  ]);
  for (const flag of ['--model-uri', '--host', '--port', '--workers', '--timeout', '--max-body-size']) expect(serve!.stdout).toContain(flag);
  for (const flag of ['--model-uri', '--input-path', '--output-path', '--content-type']) expect(predict!.stdout).toContain(flag);
});
