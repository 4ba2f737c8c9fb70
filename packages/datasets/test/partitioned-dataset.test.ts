import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { DatasetError } from '@kedro-mlflow/core-pipeline';
import { CSVDataset, JSONDataset, PartitionedDataset, TextDataset, isLocalPathDataset } from '../src/index.js';
import { fileError, filesIn, optionError, rejection, tempFolders, thrown } from './helpers.js';

const temp = tempFolders();

describe('PartitionedDataset', () => {
  it('saves a record of values and functions, and loads lazily', async () => {
    const path = join(temp(), 'parts');
    const ds = new PartitionedDataset<string>({ path, dataset: 'TextDataset', filename_suffix: '.txt' });
    expect(await ds.exists()).toBe(false);
    const calls: string[] = [];
    await ds.save({
      a: 'alpha',
      'nested/b': () => {
        calls.push('b');
        return 'beta';
      },
      c: async () => 'gamma',
    });
    expect(calls).toEqual(['b']);
    expect(filesIn(path)).toEqual(['a.txt', 'c.txt', 'nested/b.txt']);
    expect(await ds.exists()).toBe(true);

    writeFileSync(join(path, 'a.txt'), 'changed after listing');
    const partitions = await ds.load();
    expect(Object.keys(partitions)).toEqual(['a', 'c', 'nested/b']);
    // Nothing is read until a loader is called: the change made after saving is what loads.
    writeFileSync(join(path, 'c.txt'), 'gamma, read late');
    expect(await partitions.c!()).toBe('gamma, read late');
    expect(await partitions['nested/b']!()).toBe('beta');
  });

  it('only files with filename_suffix are partitions; load_args.maxdepth limits the search', async () => {
    const path = temp();
    mkdirSync(join(path, 'x', 'y'), { recursive: true });
    for (const file of ['one.csv', 'notes.md', 'x/two.csv', 'x/y/three.csv']) writeFileSync(join(path, file), 'a\n1\n');
    const all = new PartitionedDataset({ path, dataset: { type: 'pandas.CSVDataset' }, filename_suffix: '.csv' });
    expect(await all.listPartitions()).toEqual(['one', 'x/two', 'x/y/three']);
    const shallow = new PartitionedDataset({ path, dataset: 'CSVDataset', filename_suffix: '.csv', load_args: { maxdepth: 1 } });
    expect(Object.keys(await shallow.load())).toEqual(['one', 'x/two']);
    const table = (await (await all.load())['x/y/three']!()) as aq.ColumnTable;
    expect(table.objects()).toEqual([{ a: 1 }]);
  });

  it('passes the underlying dataset its options; partitions are CSV tables', async () => {
    const path = temp();
    const ds = new PartitionedDataset({ path, dataset: { type: CSVDataset, save_args: { sep: ';' } }, filename_suffix: '.csv' });
    await ds.save({ '2024-01': aq.table({ a: [1], b: ['x'] }) });
    expect(readFileSync(join(path, '2024-01.csv'), 'utf8')).toBe('a;b\n1;"x"\n');
    expect(ds.toString()).toBe(`PartitionedDataset(path='${path}', dataset_type='CSVDataset', dataset_config={'save_args': {'sep': ';'}}, filename_suffix='.csv')`);
  });

  it('overwrite: true removes the existing partitions (and only them) before saving', async () => {
    const path = temp();
    writeFileSync(join(path, 'README.md'), 'keep me');
    const add = new PartitionedDataset({ path, dataset: 'JSONDataset', filename_suffix: '.json' });
    await add.save({ old: 1, same: 1 });
    await add.save({ same: 2 });
    expect(filesIn(path)).toEqual(['README.md', 'old.json', 'same.json']);
    const replace = new PartitionedDataset({ path, dataset: 'json.JSONDataset', filename_suffix: '.json', overwrite: true });
    await replace.save({ fresh: 3 });
    expect(filesIn(path)).toEqual(['README.md', 'fresh.json']);
  });

  it.each(['../x', 'a/../../x', '/etc/passwd', '', 'a\0b'])('a partition id cannot escape the folder: %j', async (id) => {
    const root = temp();
    const path = join(root, 'parts');
    const ds = new PartitionedDataset({ path, dataset: 'TextDataset', filename_suffix: '.txt', overwrite: true });
    await ds.save({ kept: 'safe' });
    const error = await fileError(ds.save({ fine: 'ok', [id]: 'evil' }));
    expect(error.kind).toBe('outside-folder');
    expect(error.message).toContain('cannot use partition id');
    // Checked before anything is removed or written.
    expect(filesIn(root)).toEqual(['parts/kept.txt']);
  });

  it('loading an empty or missing folder says so; a symbolic link to a file counts', async () => {
    const path = join(temp(), 'none');
    const error = await fileError(new PartitionedDataset({ path, dataset: 'TextDataset' }, { name: 'reports' }).load());
    expect(error).toMatchObject({ kind: 'missing', dataset: "'reports'", filepath: path });
    const dir = temp();
    writeFileSync(join(dir, 'target.txt'), 'via link');
    mkdirSync(join(dir, 'parts'));
    symlinkSync(join(dir, 'target.txt'), join(dir, 'parts', 'link.txt'));
    const linked = await new PartitionedDataset({ path: join(dir, 'parts'), dataset: 'TextDataset' }).load();
    expect(await linked['link.txt']!()).toBe('via link');
  });

  it('a bad partition file names the partition and the file', async () => {
    const path = temp();
    writeFileSync(join(path, 'bad.json'), '{oops');
    const parts = await new PartitionedDataset({ path, dataset: 'JSONDataset', filename_suffix: '.json' }, { name: 'events' }).load();
    const error = await fileError(parts.bad!());
    expect(error).toMatchObject({ kind: 'corrupt', dataset: "'events[bad]'", filepath: join(path, 'bad.json') });
  });

  it('checks its options and the underlying dataset at construction', () => {
    expect(optionError(() => new PartitionedDataset({ path: 'p', dataset: { type: 'TextDataset', versioned: true } })).message).toContain(
      'does not support versioning of the underlying dataset',
    );
    expect(optionError(() => new PartitionedDataset({ path: 'p', dataset: { type: 'TextDataset', filepath: 'x' } })).key).toBe('filepath');
    expect(optionError(() => new PartitionedDataset({ path: 'p', dataset: 'NoSuchDataset' })).message).toContain(
      "the underlying dataset type cannot be used: Dataset type 'NoSuchDataset'",
    );
    expect(optionError(() => new PartitionedDataset({ path: 'p', dataset: 'TextDataset', load_args: { depth: 1 } as never })).key).toBe('depth');
    const badInner = thrown(() => new PartitionedDataset({ path: 'p', dataset: { type: 'TextDataset', save_args: { enc: 'x' } } }));
    expect(DatasetError.isInstance(badInner)).toBe(true);
    expect(badInner.message).toContain("Unknown key 'enc' in 'save_args'");
  });

  it('saves only records and exposes its folder to wrappers', async () => {
    const path = temp();
    const ds = new PartitionedDataset({ path, dataset: TextDataset });
    expect((await rejection(ds.save('text' as never))).message).toContain('it saves a record {partitionId: data or () => data}');
    expect(isLocalPathDataset(ds)).toBe(true);
    expect(ds.localPathKind).toBe('folder');
    expect(await ds.getLocalPath()).toBe(path);
    const elsewhere = temp();
    await ds.saveTo(elsewhere, { a: 'staged' });
    expect(await (await ds.loadFrom(elsewhere)).a!()).toBe('staged');
    expect(filesIn(path)).toEqual([]);
    expect(isLocalPathDataset(new JSONDataset({ filepath: 'a.json' }))).toBe(true);
  });
});
