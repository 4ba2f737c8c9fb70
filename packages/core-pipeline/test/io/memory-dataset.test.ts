import { COPY_MODES, DatasetError, MemoryDataset, inferCopyMode, isMemoryDataset } from '@kedro-mlflow/core-pipeline';

class DataFrame {
  constructor(readonly rows: number[][]) {}
  numRows(): number {
    return this.rows.length;
  }
}

describe('MemoryDataset', () => {
  it('round-trips data and reports existence', async () => {
    const ds = new MemoryDataset<number[]>();
    expect(await ds.exists()).toBe(false);
    await ds.save([1, 2, 3]);
    expect(await ds.exists()).toBe(true);
    expect(await ds.load()).toEqual([1, 2, 3]);
  });

  it('fails to load before anything was saved', async () => {
    await expect(new MemoryDataset().load()).rejects.toThrow(
      new DatasetError('Data for MemoryDataset has not been saved yet.'),
    );
  });

  it('stores null given at construction, loads it, but refuses to save it', async () => {
    const ds = new MemoryDataset({ data: null });
    expect(await ds.load()).toBeNull();
    await expect(ds.save(null)).rejects.toThrow("Saving 'None' to a 'Dataset' is not allowed");
    await expect(new MemoryDataset().save(undefined)).rejects.toThrow("Saving 'None' to a 'Dataset' is not allowed (got undefined)");
  });

  it('protects stored data from mutations of the original and of loaded values', async () => {
    const original = { a: [1, 2], nested: { b: 1 } };
    const ds = new MemoryDataset<typeof original>();
    await ds.save(original);
    original.a.push(3);
    original.nested.b = 99;
    const first = await ds.load();
    expect(first).toEqual({ a: [1, 2], nested: { b: 1 } });
    first.a.push(4);
    const second = await ds.load();
    expect(second).toEqual({ a: [1, 2], nested: { b: 1 } });
    expect(second).not.toBe(first);
  });

  it('copies data given at construction too', async () => {
    const data = [1, 2];
    const ds = new MemoryDataset({ data });
    data.push(3);
    expect(await ds.load()).toEqual([1, 2]);
  });

  it('assign mode shares the reference', async () => {
    const data = { x: 1 };
    const ds = new MemoryDataset({ data, copy_mode: 'assign' });
    expect(await ds.load()).toBe(data);
  });

  it('copy mode copies one level deep and keeps the prototype', async () => {
    const data = { inner: { x: 1 }, list: [1] };
    const ds = new MemoryDataset({ data, copy_mode: 'copy' });
    const loaded = await ds.load();
    expect(loaded).not.toBe(data);
    expect(loaded.inner).toBe(data.inner);

    const frame = new DataFrame([[1]]);
    const frames = new MemoryDataset({ data: frame, copy_mode: 'copy' });
    const loadedFrame = await frames.load();
    expect(loadedFrame).not.toBe(frame);
    expect(loadedFrame).toBeInstanceOf(DataFrame);
    expect(loadedFrame.numRows()).toBe(1);

    const arrays = new MemoryDataset({ data: [[1], [2]], copy_mode: 'copy' });
    const a = await arrays.load();
    const b = await arrays.load();
    expect(a).not.toBe(b);
    expect(a[0]).toBe(b[0]);
    const map = new Map([['k', 1]]);
    const maps = new MemoryDataset({ data: map, copy_mode: 'copy' });
    expect(await maps.load()).not.toBe(map);
    expect(await maps.load()).toEqual(map);
  });

  it('deepcopy mode copies everything', async () => {
    const data = { inner: { x: 1 } };
    const ds = new MemoryDataset({ data, copy_mode: 'deepcopy' });
    const loaded = await ds.load();
    expect(loaded).toEqual(data);
    expect(loaded.inner).not.toBe(data.inner);
  });

  it('deepcopy of something structuredClone cannot copy says which mode to use', async () => {
    const ds = new MemoryDataset({ copy_mode: 'deepcopy' });
    await expect(ds.save({ fn: () => 1 })).rejects.toThrow(/Cannot deep-copy a value of type 'Object'.*Set 'copy_mode' to 'copy' or 'assign'/);
  });

  it('infers the copy mode from the data', async () => {
    expect(inferCopyMode([1, 2])).toBe('deepcopy');
    expect(inferCopyMode({ a: 1 })).toBe('deepcopy');
    expect(inferCopyMode(new Map())).toBe('deepcopy');
    expect(inferCopyMode(new Float64Array(2))).toBe('deepcopy');
    expect(inferCopyMode(new Date())).toBe('deepcopy');
    expect(inferCopyMode(new DataFrame([]))).toBe('assign');
    expect(inferCopyMode(3)).toBe('assign');
    expect(inferCopyMode('text')).toBe('assign');
    expect(inferCopyMode(() => 1)).toBe('assign');

    const frame = new DataFrame([[1, 2]]);
    const ds = new MemoryDataset({ data: frame });
    expect(await ds.load()).toBe(frame);
    const list = [1, 2];
    const lists = new MemoryDataset({ data: list });
    expect(await lists.load()).not.toBe(list);
  });

  it('rejects an invalid copy mode', () => {
    expect(() => new MemoryDataset({ data: 1, copy_mode: 'alice' as never })).toThrow(
      new DatasetError('Invalid copy mode: alice. Possible values are: deepcopy, copy, assign.'),
    );
    expect(COPY_MODES).toEqual(['deepcopy', 'copy', 'assign']);
  });

  it('is ephemeral, not single-process, and describes its data by type', async () => {
    expect(MemoryDataset.EPHEMERAL).toBe(true);
    expect(MemoryDataset.SINGLE_PROCESS).toBe(false);
    expect(new MemoryDataset().ephemeral).toBe(true);
    expect(String(new MemoryDataset({ data: new DataFrame([]) }))).toBe("MemoryDataset(data='<DataFrame>')");
    expect(String(new MemoryDataset({ data: [1] }))).toBe("MemoryDataset(data='<Array>')");
    expect(String(new MemoryDataset())).toBe('MemoryDataset()');
  });

  it('release empties it', async () => {
    const ds = new MemoryDataset({ data: 1 });
    await ds.release();
    expect(await ds.exists()).toBe(false);
  });

  it('is recognised by isMemoryDataset, subclasses included', () => {
    class Sub extends MemoryDataset {}
    expect(isMemoryDataset(new MemoryDataset())).toBe(true);
    expect(isMemoryDataset(new Sub())).toBe(true);
    expect(isMemoryDataset({})).toBe(false);
    expect(isMemoryDataset(null)).toBe(false);
  });
});
