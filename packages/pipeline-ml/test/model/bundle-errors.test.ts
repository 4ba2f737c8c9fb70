/** A node whose module cannot be bundled fails at training time, naming the node and the module. */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import { checkModelBundle, KedroPipelineModel, KedroPipelineModelError, saveModel } from '@kedro-mlflow/pipeline-ml';
import { createPipeline as nativePipeline } from './fixtures/native-addon.js';
import { createPipeline as dynamicPipeline } from './fixtures/dynamic-import.js';
import { artifactCatalog, fixturePipeline, PIPELINES_MODULE, tempDir } from './model-helpers.js';

jest.setTimeout(120_000);
const FIXTURES = join(__dirname, 'fixtures');

async function saveError(pipeline: ReturnType<typeof nativePipeline>, module: string): Promise<KedroPipelineModelError> {
  const kpm = new KedroPipelineModel({ pipeline, catalog: await artifactCatalog({ model: 2 }), inputName: 'data', code: { module } });
  try {
    await saveModel(kpm, join(tempDir(), 'model'));
  } catch (error) {
    if (KedroPipelineModelError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected saveModel to fail');
}

describe('unbundlable node code', () => {
  it('a native addon (.node): the node and the module that loads it', async () => {
    const error = await saveError(nativePipeline(), join(FIXTURES, 'native-addon.ts'));
    expect(error.kind).toBe('unbundlable');
    expect(error.module).toBe(join(FIXTURES, 'native-scorer.ts'));
    expect([...error.nodes]).toEqual(['native_predict']);
    expect(error.message).toContain("Node 'native_predict' imports");
    expect(error.message).toContain('scorer.node');
  });

  it('an import() of a computed name: the node and its module', async () => {
    const error = await saveError(dynamicPipeline(), join(FIXTURES, 'dynamic-import.ts'));
    expect(error.kind).toBe('unbundlable');
    expect(error.module).toBe(join(FIXTURES, 'dynamic-import.ts'));
    expect([...error.nodes]).toEqual(['dynamic_predict']);
  });

  it('no MLmodel is written: nothing half-saved can be loaded', async () => {
    const dir = join(tempDir(), 'model');
    const kpm = new KedroPipelineModel({ pipeline: nativePipeline(), catalog: await artifactCatalog({ model: 2 }), inputName: 'data', code: { module: join(FIXTURES, 'native-addon.ts') } });
    await expect(saveModel(kpm, dir)).rejects.toThrow(KedroPipelineModelError);
    expect(existsSync(join(dir, 'MLmodel'))).toBe(false);
  });
});

describe('checkModelBundle: the same bundling before training, into a folder removed afterwards', () => {
  let previousTmp: string | undefined;
  let tmp: string;
  beforeEach(() => {
    previousTmp = process.env.TMPDIR;
    tmp = tempDir('kpm-check-tmp-');
    process.env.TMPDIR = tmp; // os.tmpdir() reads it at each call: the throw-away folder goes here
  });
  afterEach(() => {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
  });

  /** A catalog as before training: the artifact is declared, nothing is saved yet. */
  const untrained = (): DataCatalog => new DataCatalog({ datasets: { model: new JSONDataset({ filepath: join(tempDir('kpm-untrained-'), 'model.json') }) } });

  it("refuses a native addon with saveModel's error, although no artifact exists yet", async () => {
    const error = await checkModelBundle({ pipeline: nativePipeline(), inputName: 'data', code: { module: join(FIXTURES, 'native-addon.ts') }, catalog: untrained() }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(KedroPipelineModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'unbundlable', module: join(FIXTURES, 'native-scorer.ts'), nodes: ['native_predict'] });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('passes bundleable code and leaves nothing behind', async () => {
    const code = { module: PIPELINES_MODULE, exportName: 'registerPipelines', pipelineName: 'dummy' };
    await expect(checkModelBundle({ pipeline: fixturePipeline('dummy'), inputName: 'data', code, catalog: untrained() })).resolves.toBeUndefined();
    expect(readdirSync(tmp)).toEqual([]);
  });
});
