/** saveModel → loadModel → predict, with the model's own bundled code. */
import { loadModel, saveModel } from '@kedro-mlflow/pipeline-ml';
import { join } from 'node:path';
import { artifactCatalog, fixtureModel, tempDir } from './model-helpers.js';

jest.setTimeout(120_000);

describe('saveModel and loadModel', () => {
  it('round trip: predict(1) == 2 with the bundled code', async () => {
    const kpm = fixtureModel('dummy', await artifactCatalog({ model: 2 }));
    const dir = join(tempDir(), 'model');
    const saved = await saveModel(kpm, dir);
    expect(await saved.model.predict(1)).toBe(2);
    const loaded = await loadModel(dir);
    expect(await loaded.predict(3)).toBe(6);
    expect(loaded.metadata.flavor.copy_mode).toEqual({ data: 'assign', model: 'assign' });
  });
});
