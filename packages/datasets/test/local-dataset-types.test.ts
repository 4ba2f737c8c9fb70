/**
 * The light entry `@kedro-mlflow/datasets/local-types`: the datasets that need no MLflow, and the
 * registration the CLI makes on every start (the MLflow datasets loaded when a catalog names one).
 */
import {
  getRegisteredDatasetType,
  loadDatasetTypeSources,
  resolveDatasetType,
  resolveDatasetTypeSync,
} from '@kedro-mlflow/core-pipeline';
import { localDatasetTypes, registerLocalDatasetTypes } from '@kedro-mlflow/datasets/local-types';
import { JSONDataset, MlflowArtifactDataset, MlflowModelTrackingDataset, ObjectDataset, PartitionedDataset, datasetTypes } from '../src/index.js';

describe('local dataset types', () => {
  it('are the file and folder datasets of datasetTypes, the same classes, and no MLflow one', () => {
    expect(localDatasetTypes['JSONDataset']).toBe(JSONDataset);
    expect(localDatasetTypes['kedro_datasets.pickle.PickleDataset']).toBe(ObjectDataset);
    expect(localDatasetTypes['partitions.PartitionedDataset']).toBe(PartitionedDataset);
    for (const [name, cls] of Object.entries(localDatasetTypes)) expect([name, datasetTypes[name]]).toEqual([name, cls]);
    expect(Object.keys(localDatasetTypes).filter((name) => name.includes('Mlflow'))).toEqual([]);
  });

  it('register the local names now and the MLflow ones on the first asynchronous resolution', async () => {
    registerLocalDatasetTypes();
    expect(getRegisteredDatasetType('pandas.CSVDataset')).toBe(datasetTypes['pandas.CSVDataset']);
    expect(getRegisteredDatasetType('MlflowArtifactDataset')).toBeUndefined();
    expect(() => resolveDatasetTypeSync('MlflowArtifactDataset')).toThrow("Dataset type 'MlflowArtifactDataset' is not loaded yet");
    expect(await resolveDatasetType('kedro_mlflow.io.artifacts.MlflowArtifactDataset')).toBe(MlflowArtifactDataset);
    // Every name of datasetTypes is registered now, model datasets included.
    expect(resolveDatasetTypeSync('kedro_mlflow.io.models.MlflowModelTrackingDataset')).toBe(MlflowModelTrackingDataset);
    for (const [name, cls] of Object.entries(datasetTypes)) expect([name, getRegisteredDatasetType(name)]).toEqual([name, cls]);
  });
});

describe('registerLocalDatasetTypes({ wrapImport })', () => {
  it('imports the MLflow datasets through wrapImport', async () => {
    const wrapped: string[] = [];
    registerLocalDatasetTypes({
      wrapImport: async (load) => {
        wrapped.push('import');
        return load();
      },
    });
    await loadDatasetTypeSources();
    await loadDatasetTypeSources();
    expect(wrapped).toEqual(['import']);
  });
});
