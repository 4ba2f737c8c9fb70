/** Which inference artifacts a catalog would not persist, known before training starts. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AbstractDataset, DataCatalog, MemoryDataset, node, Pipeline } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory, unpersistedInferenceInputs } from '@kedro-mlflow/pipeline-ml';
import { pipelineMlWithIntermediaryArtifacts, pipelineMlWithParameters, predictFun, trainFun } from './fixtures.js';

/** A dataset kept in a JSON file: what persisted means here. */
class JsonFileDataset extends AbstractDataset {
  static override readonly OPTION_KEYS = ['filepath'];
  readonly filepath: string;
  constructor(options: { filepath: string }) {
    super(options);
    this.filepath = options.filepath;
  }
  protected _load(): unknown {
    return JSON.parse(readFileSync(this.filepath, 'utf8'));
  }
  protected _save(data: unknown): void {
    writeFileSync(this.filepath, JSON.stringify(data));
  }
  protected _describe(): Record<string, unknown> {
    return { filepath: this.filepath };
  }
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'pipeline-ml-catalog-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string) => ({ type: JsonFileDataset, filepath: join(dir, `${name}.json`) });

describe('unpersistedInferenceInputs', () => {
  it('nothing to report when every artifact is a file dataset (the input name may stay in memory)', async () => {
    const catalog = await DataCatalog.fromConfig({ raw_data: { type: 'MemoryDataset' }, data: { type: 'MemoryDataset' }, encoder: file('encoder'), model: file('model') });
    expect(unpersistedInferenceInputs(pipelineMlWithIntermediaryArtifacts(), catalog)).toEqual([]);
  });

  it('reports MemoryDatasets and undeclared names, sorted, with the reason', async () => {
    const catalog = await DataCatalog.fromConfig({ data: file('data'), model: { type: 'MemoryDataset' } });
    expect(unpersistedInferenceInputs(pipelineMlWithIntermediaryArtifacts(), catalog)).toEqual([
      { name: 'encoder', reason: 'undeclared' },
      { name: 'model', reason: 'memory' },
    ]);
  });

  it('sees datasets given as objects too', () => {
    const catalog = new DataCatalog({ datasets: { model: new MemoryDataset({ data: 2 }), encoder: new JsonFileDataset({ filepath: join(dir, 'e.json') }) } });
    expect(unpersistedInferenceInputs(pipelineMlWithIntermediaryArtifacts(), catalog)).toEqual([{ name: 'model', reason: 'memory' }]);
  });

  it("skips params:* (stored in the model) but not the whole 'parameters' record", () => {
    const withParams = pipelineMlWithParameters();
    const catalog = new DataCatalog({ datasets: { 'params:stopwords': ['a'], 'params:threshold': 0.5, 'params:penalty': 0.1, model: new JsonFileDataset({ filepath: join(dir, 'm.json') }) } });
    expect(unpersistedInferenceInputs(withParams, catalog)).toEqual([]);

    const readsParameters = pipelineMlFactory({
      training: new Pipeline([node((data: number, parameters: object) => trainFun(data) + Object.keys(parameters).length, ['data', 'parameters'], 'model', { name: 'fit' })]),
      inference: new Pipeline([node((model: number, data: number, parameters: object) => predictFun(model, data) + Object.keys(parameters).length, ['model', 'data', 'parameters'], 'predictions', { name: 'predict' })]),
      inputName: 'data',
    });
    const withRecord = new DataCatalog({ datasets: { parameters: { a: 1 }, model: new JsonFileDataset({ filepath: join(dir, 'm.json') }) } });
    expect(unpersistedInferenceInputs(readsParameters, withRecord)).toEqual([{ name: 'parameters', reason: 'memory' }]);
  });

  it('dataset factory patterns count as declared when they match and are not memory', async () => {
    const scale = (p: number, scaler: number): number => p * scaler;
    const fit = (data: number, scaler: number): number => trainFun(data) * scaler;
    const pml = pipelineMlFactory({
      training: new Pipeline([node(fit, ['data', 'scaler'], 'model', { name: 'fit' })], { namespace: 'ns' }),
      inference: new Pipeline(
        [node(predictFun, ['model', 'data'], 'predictions', { name: 'predict' }), node(scale, ['predictions', 'scaler'], 'scaled', { name: 'scale' })],
        { namespace: 'ns' },
      ),
      inputName: 'ns.data',
    });
    const catalog = await DataCatalog.fromConfig({
      '{namespace}.model': { type: JsonFileDataset, filepath: join(dir, '{namespace}_model.json') },
      '{name}er': { type: 'MemoryDataset' },
    });
    expect(unpersistedInferenceInputs(pml, catalog)).toEqual([{ name: 'ns.scaler', reason: 'memory' }]);
    // Nothing was built or added by the check.
    expect(catalog.keys()).toEqual([]);
  });

  it("a user catch-all pattern declares every name; the runtime default ('{default}' → MemoryDataset) does not", async () => {
    const pml = pipelineMlWithIntermediaryArtifacts();
    const catchAll = await DataCatalog.fromConfig({ '{anything}': { type: JsonFileDataset, filepath: join(dir, '{anything}.json') } });
    expect(unpersistedInferenceInputs(pml, catchAll)).toEqual([]);
    expect(unpersistedInferenceInputs(pml, new DataCatalog())).toEqual([
      { name: 'encoder', reason: 'undeclared' },
      { name: 'model', reason: 'undeclared' },
    ]);
  });
});
