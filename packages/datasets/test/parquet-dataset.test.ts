import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { ParquetDataset } from '../src/index.js';
import { fileError, filesIn, optionError, tempFolders } from './helpers.js';

const temp = tempFolders();

const table = () =>
  aq.table({
    f: [1.5, null, 3],
    big: [1n, null, 9007199254740993n],
    s: ['a', null, 'ü'],
    b: [true, false, null],
    when: [new Date('2024-01-01T00:00:00Z'), null, new Date(5)],
    json: [{ k: [1] }, null, [2]],
    f32: new Float32Array([0.5, 1.5, 2.5]),
    i32: new Int32Array([1, -2, 3]),
  });

describe('ParquetDataset', () => {
  it('keeps values and column types through a round trip', async () => {
    const filepath = join(temp(), 't.parquet');
    const ds = new ParquetDataset({ filepath });
    await ds.save(table());
    const back = await ds.load();
    expect(back.columnNames()).toEqual(table().columnNames());
    expect(back.objects()).toEqual(table().objects());
    expect(typeof back.get('big', 2)).toBe('bigint');
    expect(readFileSync(filepath).subarray(0, 4).toString()).toBe('PAR1');
  });

  it('load_args: columns and int64 as numbers', async () => {
    const filepath = join(temp(), 't.parquet');
    await new ParquetDataset({ filepath }).save(table());
    const back = await new ParquetDataset({ filepath, load_args: { columns: ['big', 's'], int64: 'number' } }).load();
    expect(back.columnNames()).toEqual(['big', 's']);
    expect(back.array('big')).toEqual([1, null, 9007199254740992]);
    const error = await fileError(new ParquetDataset({ filepath, load_args: { columns: ['nope'] } }).load());
    expect(error.message).toContain("'load_args.columns' names columns the file lacks: nope");
  });

  it('save_args: uncompressed files and row groups read back the same', async () => {
    const dir = temp();
    const rows = aq.table({ x: Array.from({ length: 2500 }, (_, i) => i * 0.5), s: Array.from({ length: 2500 }, (_, i) => `row ${i % 7}`) });
    const snappy = new ParquetDataset({ filepath: join(dir, 'a.parquet') });
    const plain = new ParquetDataset({ filepath: join(dir, 'b.parquet'), save_args: { compression: null, row_group_size: 1000, index: false } });
    await snappy.save(rows);
    await plain.save(rows);
    expect(readFileSync(join(dir, 'b.parquet')).length).toBeGreaterThan(readFileSync(join(dir, 'a.parquet')).length);
    expect((await plain.load()).objects()).toEqual(rows.objects());
    expect((await snappy.load()).objects()).toEqual(rows.objects());
  });

  it('versioned save and load', async () => {
    const filepath = join(temp(), 'v.parquet');
    await new ParquetDataset({ filepath, version: { save: '2024-01-01T00.00.00.000Z' } }).save(aq.table({ a: [1] }));
    await new ParquetDataset({ filepath, version: { save: '2024-01-02T00.00.00.000Z' } }).save(aq.table({ a: [2] }));
    expect((await new ParquetDataset({ filepath, version: {} }).load()).array('a')).toEqual([2]);
    expect((await new ParquetDataset({ filepath, version: { load: '2024-01-01T00.00.00.000Z' } }).load()).array('a')).toEqual([1]);
  });

  it('a corrupt or truncated file is a corrupt-file error naming dataset and file', async () => {
    const dir = temp();
    const filepath = join(dir, 't.parquet');
    writeFileSync(filepath, 'a,b\n1,2\n');
    const error = await fileError(new ParquetDataset({ filepath }, { name: 'features' }).load());
    expect(error).toMatchObject({ kind: 'corrupt', dataset: "'features'", filepath });
    expect(error.message).toMatch(new RegExp(`^Cannot load dataset 'features': file '${filepath}' is not valid Parquet: `));
    await new ParquetDataset({ filepath }).save(table());
    writeFileSync(filepath, readFileSync(filepath).subarray(0, 200));
    expect((await fileError(new ParquetDataset({ filepath }).load())).kind).toBe('corrupt');
  });

  it('refuses a column mixing types, naming it and the rows, writing nothing', async () => {
    const dir = temp();
    const error = await fileError(new ParquetDataset({ filepath: join(dir, 'm.parquet') }).save(aq.table({ a: [1, 'two'] })));
    expect(error.kind).toBe('unserializable');
    expect(error.message).toContain("column 'a' mixes DOUBLE (row 1) and STRING values (row 2: 'two')");
    expect(filesIn(dir)).toEqual([]);
  });

  it('rejects unknown save_args keys and unsupported compressions', () => {
    expect(optionError(() => new ParquetDataset({ filepath: 'a.parquet', save_args: { compresion: 'snappy' } as never })).message).toContain(
      "did you mean 'compression'?",
    );
    expect(optionError(() => new ParquetDataset({ filepath: 'a.parquet', save_args: { compression: 'zstd' as never } })).message).toContain(
      "must be one of 'snappy', 'none', null, got 'zstd'",
    );
  });
});
