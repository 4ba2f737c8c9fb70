/** A node whose module cannot be bundled fails at training time, naming the node and the module. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { KedroPipelineModel, KedroPipelineModelError, saveModel } from '@kedro-mlflow/pipeline-ml';
import { createPipeline as nativePipeline } from './fixtures/native-addon.js';
import { createPipeline as dynamicPipeline } from './fixtures/dynamic-import.js';
import { artifactCatalog, tempDir } from './model-helpers.js';

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
