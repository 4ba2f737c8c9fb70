import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  AbstractDataset,
  CachedDataset,
  DatasetError,
  MemoryDataset,
  datasetTypeName,
  getRegisteredDatasetType,
  knownDatasetTypes,
  registerDatasetType,
  registeredDatasetTypes,
  resolveDatasetType,
  resolveDatasetTypeSync,
  unregisterDatasetType,
} from '@kedro-mlflow/core-pipeline';
import { ListDataset } from './fixtures/custom-datasets.js';

// The package folder plays the project: module paths below are relative to it.
const projectPath = resolve(__dirname, '..', '..');
const fixtures = './test/io/fixtures/custom-datasets.ts';

class LocalDataset extends AbstractDataset {
  protected _load(): number {
    return 1;
  }
  protected _save(): void {}
  protected _describe(): Record<string, unknown> {
    return {};
  }
}

describe('dataset type registry', () => {
  afterEach(() => {
    unregisterDatasetType('LocalDataset');
  });

  it('knows MemoryDataset and CachedDataset out of the box', () => {
    expect(getRegisteredDatasetType('MemoryDataset')).toBe(MemoryDataset);
    expect(getRegisteredDatasetType('CachedDataset')).toBe(CachedDataset);
    expect(registeredDatasetTypes()).toEqual(expect.arrayContaining(['CachedDataset', 'MemoryDataset']));
  });

  it('registers, replaces and removes names', () => {
    registerDatasetType('LocalDataset', LocalDataset);
    expect(getRegisteredDatasetType('LocalDataset')).toBe(LocalDataset);
    expect(knownDatasetTypes()).toContain('LocalDataset');
    expect(unregisterDatasetType('LocalDataset')).toBe(true);
    expect(unregisterDatasetType('LocalDataset')).toBe(false);
  });

  it('only accepts dataset classes under a usable name', () => {
    expect(() => registerDatasetType('Thing', class Thing {} as never)).toThrow(
      "Dataset type 'Thing' is invalid: all dataset types must extend 'AbstractDataset'.",
    );
    expect(() => registerDatasetType('a#b', LocalDataset)).toThrow(
      "Cannot register dataset type 'a#b': the name must be a non-empty string without '#'.",
    );
    expect(() => registerDatasetType('', LocalDataset)).toThrow(DatasetError);
  });
});

describe('resolveDatasetType', () => {
  it('accepts dataset classes and refuses other classes', async () => {
    expect(await resolveDatasetType(LocalDataset)).toBe(LocalDataset);
    await expect(resolveDatasetType(class Plain {})).rejects.toThrow(
      "Dataset type 'Plain' is invalid: all dataset types must extend 'AbstractDataset'.",
    );
  });

  it('resolves registered names, also in kedro dotted form', async () => {
    expect(await resolveDatasetType('MemoryDataset')).toBe(MemoryDataset);
    expect(await resolveDatasetType('kedro.io.MemoryDataset')).toBe(MemoryDataset);
    expect(resolveDatasetTypeSync('MemoryDataset')).toBe(MemoryDataset);
  });

  it('rejects values that are not a type', async () => {
    await expect(resolveDatasetType(42)).rejects.toThrow(
      "'type' must be a dataset class or a string such as 'CSVDataset' or './src/my_dataset.ts#MyDataset', got 42.",
    );
    expect(() => resolveDatasetTypeSync('  ')).toThrow("'type' must be a dataset class");
  });

  it('explains an unknown name with close matches, known types and what to do', async () => {
    const error = (await resolveDatasetType('MemoryDatset', { projectPath }).catch((e: unknown) => e)) as Error;
    expect(DatasetError.isInstance(error)).toBe(true);
    expect(error.message).toContain("Dataset type 'MemoryDatset' not found, is this a typo? Did you mean 'MemoryDataset'?");
    expect(error.message).toContain("Known types: CachedDataset, MemoryDataset ('@kedro-mlflow/datasets' is not installed).");
    expect(error.message).toContain("registerDatasetType('MemoryDatset', MemoryDatset)");
    expect(error.message).toContain("'type: ./src/my_dataset.ts#MemoryDatset'");
    await expect(resolveDatasetType('pandas.CSVDataset', { projectPath })).rejects.toThrow(
      "Dataset type 'pandas.CSVDataset' not found, is this a typo?",
    );
  });

  it.each(['.CSVDataset', 'pandas.', '..x'])('refuses the relative class path %s', async (type) => {
    await expect(resolveDatasetType(type)).rejects.toThrow(
      "'type' class path does not support relative paths or paths ending with a dot.",
    );
  });

  it('asks for the export of a module path', async () => {
    await expect(resolveDatasetType('./src/my_dataset.ts')).rejects.toThrow(
      "Invalid dataset type './src/my_dataset.ts': a module path must name its export after '#', e.g. './src/my_dataset.ts#MyDataset'.",
    );
    await expect(resolveDatasetType('./src/x.ts#')).rejects.toThrow(
      "Invalid dataset type './src/x.ts#': expected '<module>#<ExportName>'",
    );
    await expect(resolveDatasetType('#X')).rejects.toThrow("Invalid dataset type '#X'");
  });

  it('imports a project module relative to the project folder', async () => {
    expect(await resolveDatasetType(`${fixtures}#ListDataset`, { projectPath })).toBe(ListDataset);
    expect(await resolveDatasetType('./test/io/fixtures/custom-datasets#ListDataset', { projectPath })).toBe(ListDataset);
    expect(await resolveDatasetType(`${join(projectPath, 'test/io/fixtures/custom-datasets.ts')}#ListDataset`)).toBe(ListDataset);
  });

  it('names the missing export and lists what the module has', async () => {
    const error = (await resolveDatasetType(`${fixtures}#ListDatset`, { projectPath }).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      `Dataset 'ListDatset' not found in '${fixtures}'. Make sure the dataset name is correct. Did you mean 'ListDataset' or 'StrictDataset'? ` +
        `Exports of '${fixtures}': ListDataset, NaughtyDataset, NotADataset, StrictDataset, notAClass.`,
    );
  });

  it('refuses exports that are not dataset classes', async () => {
    await expect(resolveDatasetType(`${fixtures}#NotADataset`, { projectPath })).rejects.toThrow(
      `Dataset type '${fixtures}#NotADataset' is invalid: all dataset types must extend 'AbstractDataset'.`,
    );
    await expect(resolveDatasetType(`${fixtures}#notAClass`, { projectPath })).rejects.toThrow(
      'all dataset types must extend',
    );
  });

  it('says where it looked for a missing module', async () => {
    await expect(resolveDatasetType('./src/nope.ts#X', { projectPath })).rejects.toThrow(
      `Cannot find module './src/nope.ts' of dataset type './src/nope.ts#X' (looked for '${join(projectPath, 'src/nope.ts')}'). ` +
        `Relative module paths resolve against the project folder '${projectPath}'.`,
    );
  });

  it('reports a module that fails to import', async () => {
    await expect(resolveDatasetType('./test/io/fixtures/throwing-module.ts#X', { projectPath })).rejects.toThrow(
      "Failed to import module './test/io/fixtures/throwing-module.ts' of dataset type './test/io/fixtures/throwing-module.ts#X':\nboom at import time",
    );
  });

  it('resolves package specifiers from the project', async () => {
    // A real dependency of this package whose export is a plain function.
    await expect(resolveDatasetType('fastest-levenshtein#distance', { projectPath })).rejects.toThrow(
      "Dataset type 'fastest-levenshtein#distance' is invalid: all dataset types must extend 'AbstractDataset'.",
    );
    await expect(resolveDatasetType('no-such-package-for-kedro#Foo', { projectPath })).rejects.toThrow(
      `Cannot find package 'no-such-package-for-kedro' of dataset type 'no-such-package-for-kedro#Foo' from '${projectPath}'. ` +
        "Install it in the project (e.g. 'npm install no-such-package-for-kedro') or fix the 'type'.",
    );
  });
});

describe('resolveDatasetTypeSync', () => {
  let elsewhere: string;

  beforeEach(async () => {
    elsewhere = await mkdtemp(join(tmpdir(), 'kedro-types-'));
  });

  afterEach(async () => {
    await rm(elsewhere, { recursive: true, force: true });
  });

  it('only knows module types after they were imported', async () => {
    const type = `${join(projectPath, 'test/io/fixtures/custom-datasets.ts')}#StrictDataset`;
    expect(() => resolveDatasetTypeSync(type, { projectPath: elsewhere })).toThrow(
      `Dataset type '${type}' is not loaded yet: types given as a module path or provided by '@kedro-mlflow/datasets' are imported asynchronously.`,
    );
    await resolveDatasetType(type, { projectPath: elsewhere });
    expect(resolveDatasetTypeSync(type, { projectPath: elsewhere }).name).toBe('StrictDataset');
  });

  it('reports an unknown bare name as not loaded until the datasets package was looked for', async () => {
    expect(() => resolveDatasetTypeSync('CSVDataset', { projectPath: elsewhere })).toThrow("Dataset type 'CSVDataset' is not loaded yet");
    await expect(resolveDatasetType('CSVDataset', { projectPath: elsewhere })).rejects.toThrow('not found, is this a typo?');
    expect(() => resolveDatasetTypeSync('CSVDataset', { projectPath: elsewhere })).toThrow(
      "Dataset type 'CSVDataset' not found, is this a typo?",
    );
  });

  it('gives type names without importing', () => {
    expect(datasetTypeName('MemoryDataset')).toBe('MemoryDataset');
    expect(datasetTypeName(LocalDataset)).toBe('LocalDataset');
    expect(datasetTypeName('./not/loaded.ts#Thing', { projectPath: elsewhere })).toBe('./not/loaded.ts#Thing');
  });
});
