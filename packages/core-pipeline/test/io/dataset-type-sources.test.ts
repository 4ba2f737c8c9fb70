/** Dataset types a plugin registers to be loaded on first need (registerDatasetTypeSource). */
import {
  AbstractDataset,
  DatasetError,
  getRegisteredDatasetType,
  loadDatasetTypeSources,
  registerDatasetType,
  registerDatasetTypeSource,
  resolveDatasetType,
  resolveDatasetTypeSync,
  unregisterDatasetType,
  type DatasetClass,
} from '@kedro-mlflow/core-pipeline';

function datasetClass(name: string): DatasetClass {
  const cls = class extends AbstractDataset {
    protected _load(): number {
      return 1;
    }
    protected _save(): void {}
    protected _describe(): Record<string, unknown> {
      return {};
    }
  };
  Object.defineProperty(cls, 'name', { value: name });
  return cls;
}

const names: string[] = [];
afterEach(() => {
  for (const name of names.splice(0)) unregisterDatasetType(name);
});

/** A source whose table has `entries`; `calls` counts its loads. */
function source(id: string, entries: Record<string, DatasetClass>): { calls: () => number } {
  let calls = 0;
  names.push(...Object.keys(entries));
  registerDatasetTypeSource(id, async () => {
    calls += 1;
    await new Promise((done) => setImmediate(done));
    return entries;
  });
  return { calls: () => calls };
}

describe('dataset type sources', () => {
  it('are loaded once, by the first asynchronous resolution of a name nobody registered', async () => {
    const Lazy = datasetClass('LazyDataset');
    const loads = source('test.lazy', { LazyDataset: Lazy, 'lazy.LazyDataset': Lazy });
    expect(() => resolveDatasetTypeSync('LazyDataset')).toThrow("Dataset type 'LazyDataset' is not loaded yet");
    expect(loads.calls()).toBe(0);
    // Two resolutions at once (a catalog resolves its entries together) share one load.
    const [first, second] = await Promise.all([resolveDatasetType('LazyDataset'), resolveDatasetType('kedro.lazy.LazyDataset')]);
    expect(first).toBe(Lazy);
    expect(second).toBe(Lazy);
    expect(loads.calls()).toBe(1);
    // Loaded names are registered: synchronous resolution knows them now.
    expect(resolveDatasetTypeSync('lazy.LazyDataset')).toBe(Lazy);
    await loadDatasetTypeSources();
    expect(loads.calls()).toBe(1);
  });

  it('are not loaded for a registered name, and do not replace registered names', async () => {
    const Mine = datasetClass('SharedDataset');
    registerDatasetType('SharedDataset', Mine);
    const loads = source('test.shared', { SharedDataset: datasetClass('SharedDataset'), OtherDataset: datasetClass('OtherDataset') });
    expect(await resolveDatasetType('SharedDataset')).toBe(Mine);
    expect(loads.calls()).toBe(0);
    expect((await resolveDatasetType('OtherDataset')).name).toBe('OtherDataset');
    expect(loads.calls()).toBe(1);
    expect(getRegisteredDatasetType('SharedDataset')).toBe(Mine);
  });

  it('name the source that failed to load, and the resolution fails', async () => {
    registerDatasetTypeSource('test.broken', async () => {
      throw new Error('the plugin is broken');
    });
    const error = await resolveDatasetType('BrokenDataset').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DatasetError);
    expect((error as Error).message).toBe("Failed to load the dataset types of 'test.broken':\nthe plugin is broken");
    expect(((error as Error).cause as Error).message).toBe('the plugin is broken');
  });

  it('refuse a loader that is not a function', () => {
    expect(() => registerDatasetTypeSource('test.bad', {} as never)).toThrow(
      "Cannot register dataset type source 'test.bad': expected a function returning the table.",
    );
  });
});
