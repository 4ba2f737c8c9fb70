import { DataCatalog, isParameter, parameterEntries } from '@kedro-mlflow/core-pipeline';

describe('parameters', () => {
  it('recognises parameter dataset names', () => {
    expect(isParameter('parameters')).toBe(true);
    expect(isParameter('params:model_options')).toBe(true);
    expect(isParameter('params')).toBe(false);
    expect(isParameter('my_params:x')).toBe(false);
  });

  it('lists every parameter and nested key as a catalog entry', () => {
    const params = { model_options: { test_size: 0.2, features: ['a', 'b'], nested: { deep: true } }, seed: 42 };
    expect(parameterEntries(params)).toEqual({
      parameters: params,
      'params:model_options': params.model_options,
      'params:model_options.test_size': 0.2,
      'params:model_options.features': ['a', 'b'],
      'params:model_options.nested': { deep: true },
      'params:model_options.nested.deep': true,
      'params:seed': 42,
    });
    expect(parameterEntries({})).toEqual({ parameters: {} });
  });

  it('feeds a catalog whose nodes can load them', async () => {
    const catalog = new DataCatalog();
    for (const [name, value] of Object.entries(parameterEntries({ model: { lr: 0.1 } }))) catalog.set(name, value);
    expect(await catalog.load('params:model.lr')).toBe(0.1);
    expect(await catalog.load('parameters')).toEqual({ model: { lr: 0.1 } });
  });
});
