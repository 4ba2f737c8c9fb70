import { AbstractDataset, CachedDataset, DatasetError, MemoryDataset, registerDatasetType, unregisterDatasetType } from '@kedro-mlflow/core-pipeline';

/** Counts reads so the cache is observable. */
class CountingDataset extends AbstractDataset<number[]> {
  loads = 0;
  saves = 0;
  releases = 0;
  value: number[] | undefined;

  constructor(options: { value?: number[] } = {}) {
    super(options);
    this.value = options.value;
  }

  protected _load(): number[] {
    this.loads += 1;
    if (this.value === undefined) throw new Error('empty');
    return this.value;
  }

  protected _save(data: number[]): void {
    this.saves += 1;
    this.value = data;
  }

  protected override _exists(): boolean {
    return this.value !== undefined;
  }

  protected override _release(): void {
    this.releases += 1;
  }

  protected _describe(): Record<string, unknown> {
    return { value: this.value?.length };
  }
}

describe('CachedDataset', () => {
  it('reads the wrapped dataset once, then serves from memory', async () => {
    const inner = new CountingDataset({ value: [1, 2] });
    const cached = new CachedDataset({ dataset: inner });
    expect(await cached.load()).toEqual([1, 2]);
    expect(await cached.load()).toEqual([1, 2]);
    expect(inner.loads).toBe(1);
  });

  it('writes through to the wrapped dataset and the cache', async () => {
    const inner = new CountingDataset();
    const cached = new CachedDataset<number[]>({ dataset: inner });
    expect(await cached.exists()).toBe(false);
    await cached.save([3]);
    expect(inner.value).toEqual([3]);
    expect(await cached.load()).toEqual([3]);
    expect(inner.loads).toBe(0);
    expect(await cached.exists()).toBe(true);
  });

  it('release clears the cache and releases the wrapped dataset', async () => {
    const inner = new CountingDataset({ value: [1] });
    const cached = new CachedDataset({ dataset: inner });
    await cached.load();
    await cached.release();
    expect(inner.releases).toBe(1);
    await cached.load();
    expect(inner.loads).toBe(2);
  });

  it('builds the wrapped dataset from a config entry', async () => {
    registerDatasetType('CountingDataset', CountingDataset);
    try {
      const cached = new CachedDataset({ dataset: { type: 'CountingDataset', value: [7] } }, { name: 'nums' });
      expect(cached.dataset).toBeInstanceOf(CountingDataset);
      expect(await cached.load()).toEqual([7]);
    } finally {
      unregisterDatasetType('CountingDataset');
    }
  });

  it('wants the versioned flag on itself, not on the wrapped entry', () => {
    expect(() => new CachedDataset({ dataset: { type: 'MemoryDataset', versioned: true } })).toThrow(
      "Cached datasets should specify that they are versioned in the 'CachedDataset', not in the wrapped dataset.",
    );
  });

  it('rejects anything but a dataset or a config entry', () => {
    expect(() => new CachedDataset({ dataset: 'nope' as never })).toThrow(
      new DatasetError(
        "The argument type of 'dataset' should be either a dict/YAML representation of the dataset, or the actual dataset object.",
      ),
    );
  });

  it('is ephemeral, single-process, and describes both parts', () => {
    expect(CachedDataset.EPHEMERAL).toBe(true);
    expect(CachedDataset.SINGLE_PROCESS).toBe(true);
    const cached = new CachedDataset({ dataset: new MemoryDataset({ data: [1] }) });
    expect(cached.toString()).toBe("CachedDataset(dataset=MemoryDataset(data='<Array>'), cache=MemoryDataset())");
    expect(cached.initConfig()).toEqual({ type: 'CachedDataset', dataset: { type: 'MemoryDataset', data: [1] } });
  });

  it('applies its copy mode to the cache', async () => {
    const data = { a: 1 };
    const cached = new CachedDataset({ dataset: new MemoryDataset({ copy_mode: 'assign' }), copy_mode: 'assign' });
    await cached.save(data);
    expect(await cached.load()).toBe(data);
  });
});
