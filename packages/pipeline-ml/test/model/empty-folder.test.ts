/**
 * The model runs where the project never was: the folder is copied to a fresh temporary folder
 * outside the repository and opened by a plain `node` child process, which has no node_modules
 * and no loader, only the model's bundled code.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { saveModel } from '@kedro-mlflow/pipeline-ml';
import { artifactCatalog, fixtureModel, tempDir } from './model-helpers.js';

jest.setTimeout(120_000);
const run = promisify(execFile);

const script = `
const { loadModel } = await import('./model/code/pipeline.mjs');
const model = await loadModel();
const out = {
  byDefault: await model.predict({ words: ['a', 'the', 'b'] }.words),
  strict: await model.predict(['a', 'the', 'b'], { threshold: 0.8 }),
  concurrent: await model.predict(['a'], { runner: 'ThreadRunner' }),
  parallel: await model.predict(['a'], { runner: 'ParallelRunner' }),
  again: await model.predict(['a', 'the', 'b']),
  params: model.signature.params.map((p) => [p.name, p.default]),
};
console.log(JSON.stringify(out));
`;

describe('a saved model in an empty folder', () => {
  it('loads and predicts with plain node and nothing but the folder', async () => {
    const kpm = fixtureModel('params', await artifactCatalog({ model: [0.2, 0.6, 0.9] }, { 'params:stopwords': ['the'], 'params:threshold': 0.5 }));
    const dir = join(tempDir(), 'model');
    await saveModel(kpm, dir);
    const elsewhere = tempDir('kpm-empty-');
    cpSync(dir, join(elsewhere, 'model'), { recursive: true });
    expect(readdirSync(elsewhere)).toEqual(['model']);
    expect(existsSync(join(elsewhere, 'node_modules'))).toBe(false);
    const env = { PATH: process.env.PATH ?? '', HOME: elsewhere };
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: elsewhere, env });
    const out = JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
    expect(out).toEqual({
      byDefault: [0, 1, 1, 0],
      strict: [0, 0, 1, 0],
      concurrent: [0, 1, 1, 0],
      parallel: [0, 1, 1, 0],
      again: [0, 1, 1, 0],
      params: [['runner', 'SequentialRunner'], ['stopwords', ['the']], ['threshold', 0.5]],
    });
    // Nothing outside the folder is imported: the bundle names no package to resolve.
    const bundle = readFileSync(join(elsewhere, 'model', 'code', 'pipeline.mjs'), 'utf8');
    expect(bundle).not.toMatch(/from ["']@kedro-mlflow\//);
  });
});
