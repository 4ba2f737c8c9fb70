import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DatasetError, VersionNotFoundError } from '@kedro-mlflow/core-pipeline';
import { JSONDataset, TextDataset, YAMLDataset } from '../src/index.js';
import { fileError, filesIn, optionError, rejection, tempFolders } from './helpers.js';

const temp = tempFolders();

describe('TextDataset', () => {
  it('saves and loads a string, exists and describes itself', async () => {
    const filepath = join(temp(), 'notes', 'a.txt');
    const ds = new TextDataset({ filepath, metadata: { owner: 'me' } });
    expect(await ds.exists()).toBe(false);
    await ds.save('héllo\nworld');
    expect(await ds.exists()).toBe(true);
    expect(await ds.load()).toBe('héllo\nworld');
    expect(readFileSync(filepath, 'utf8')).toBe('héllo\nworld');
    expect(ds.metadata).toEqual({ owner: 'me' });
    expect(ds.toString()).toBe(`TextDataset(filepath='${filepath}')`);
    await ds.release();
    expect(await ds.load()).toBe('héllo\nworld');
  });

  it('uses the encoding of load_args and save_args', async () => {
    const filepath = join(temp(), 'a.txt');
    await new TextDataset({ filepath, save_args: { encoding: 'utf16le' } }).save('été');
    expect(readFileSync(filepath)).toEqual(Buffer.from('été', 'utf16le'));
    expect(await new TextDataset({ filepath, load_args: { encoding: 'utf16le' } }).load()).toBe('été');
    // Bytes that are not UTF-8 are reported, not decoded into replacement characters.
    writeFileSync(filepath, Buffer.from([0xff, 0xfe, 0x00, 0xd8]));
    const error = await fileError(new TextDataset({ filepath }).load());
    expect(error.kind).toBe('corrupt');
  });

  it('versions: each save is a new version, loads read the latest or a pinned one', async () => {
    const filepath = join(temp(), 'a.txt');
    const v1 = new TextDataset({ filepath, version: { save: '2024-01-01T00.00.00.000Z' } });
    await v1.save('one');
    const v2 = new TextDataset({ filepath, version: { save: '2024-01-02T00.00.00.000Z' } });
    await v2.save('two');
    expect(filesIn(filepath)).toEqual(['2024-01-01T00.00.00.000Z/a.txt', '2024-01-02T00.00.00.000Z/a.txt']);
    expect(await new TextDataset({ filepath, version: {} }).load()).toBe('two');
    expect(await new TextDataset({ filepath, version: { load: '2024-01-01T00.00.00.000Z' } }).load()).toBe('one');
    expect(await v2.getLocalPath('load')).toBe(join(filepath, '2024-01-02T00.00.00.000Z', 'a.txt'));
    const none = new TextDataset({ filepath: join(temp(), 'b.txt'), version: {} });
    expect(VersionNotFoundError.isInstance(await rejection(none.load()))).toBe(true);
    expect(await none.exists()).toBe(false);
  });

  it('a missing file is a DatasetFileError naming the dataset and the file', async () => {
    const filepath = join(temp(), 'absent.txt');
    const error = await fileError(new TextDataset({ filepath }, { name: 'notes' }).load());
    expect(error).toBeInstanceOf(DatasetError);
    expect(error).toMatchObject({ kind: 'missing', dataset: "'notes'", filepath });
    expect(error.message).toContain(`Cannot load dataset 'notes': file '${filepath}' does not exist`);
  });

  it('refuses non-strings, unknown args and remote paths', async () => {
    const filepath = join(temp(), 'a.txt');
    const error = await fileError(new TextDataset({ filepath }).save(42 as unknown as string));
    expect(error.kind).toBe('unserializable');
    expect(error.message).toContain('a TextDataset saves strings, got 42');
    const bad = optionError(() => new TextDataset({ filepath, save_args: { encodng: 'utf8' } as never }, { name: 'notes' }));
    expect(bad).toMatchObject({ option: 'save_args', key: 'encodng', dataset: "'notes'" });
    expect(bad.message).toContain("Unknown key 'encodng' in 'save_args' of dataset 'notes' (did you mean 'encoding'?)");
    expect(optionError(() => new TextDataset({ filepath, load_args: { encoding: 'klingon' as never } })).key).toBe('encoding');
    const remote = optionError(() => new TextDataset({ filepath: 'gs://bucket/a.txt' }));
    expect(remote.option).toBe('filepath');
    expect(remote.message).toContain("'gs://' paths are not supported, only local paths, 'file://' URLs and 's3://' paths");
  });
});

describe('JSONDataset', () => {
  it('round-trips JSON values with indent 2 by default, sort_keys and indent from save_args', async () => {
    const dir = temp();
    const data = { b: [1, 2.5, null, 'x'], a: { nested: true } };
    const plain = new JSONDataset({ filepath: join(dir, 'a.json') });
    await plain.save(data);
    expect(await plain.load()).toEqual(data);
    expect(readFileSync(join(dir, 'a.json'), 'utf8')).toBe(JSON.stringify(data, null, 2));
    const sorted = new JSONDataset({ filepath: join(dir, 'b.json'), save_args: { sort_keys: true, indent: 0 } });
    await sorted.save(data);
    expect(readFileSync(join(dir, 'b.json'), 'utf8')).toBe('{"a":{"nested":true},"b":[1,2.5,null,"x"]}');
    expect(sorted.toString()).toBe(`JSONDataset(filepath='${join(dir, 'b.json')}', save_args={'indent': 0, 'sort_keys': true})`);
  });

  it('versioned save and load', async () => {
    const filepath = join(temp(), 'm.json');
    const ds = new JSONDataset({ filepath, version: {} });
    await ds.save({ run: 1 });
    expect(await ds.load()).toEqual({ run: 1 });
    expect(filesIn(filepath)).toHaveLength(1);
  });

  it.each([
    [{ when: new Map([['a', 1]]) }, 'data.when is a Map'],
    [{ n: [1, NaN] }, 'data.n[1] is NaN'],
    [{ big: 1n }, 'data.big is a bigint'],
    [{ list: [undefined] }, 'data.list[0] is undefined'],
  ])('refuses values JSON cannot hold and says where: %p', async (value, where) => {
    const filepath = join(temp(), 'a.json');
    writeFileSync(filepath, '"previous"');
    const error = await fileError(new JSONDataset({ filepath }, { name: 'm' }).save(value));
    expect(error.kind).toBe('unserializable');
    expect(error.message).toContain(where);
    expect(readFileSync(filepath, 'utf8')).toBe('"previous"');
  });

  it('a corrupt file names dataset, file and the parse problem', async () => {
    const filepath = join(temp(), 'a.json');
    writeFileSync(filepath, '{"a": 1,');
    const error = await fileError(new JSONDataset({ filepath }, { name: 'params_out' }).load());
    expect(error).toMatchObject({ kind: 'corrupt', filepath, dataset: "'params_out'" });
    expect(error.message).toMatch(new RegExp(`^Cannot load dataset 'params_out': file '${filepath}' is not valid JSON: .+\\. Fix or replace the file\\.$`));
  });

  it('rejects unknown save_args keys at construction', () => {
    const error = optionError(() => new JSONDataset({ filepath: 'a.json', save_args: { indnet: 4 } as never }));
    expect(error.message).toContain("did you mean 'indent'?");
    expect(optionError(() => new JSONDataset({ filepath: 'a.json', save_args: { indent: -1 } })).message).toContain('must be an integer >= 0 or a string, got -1');
  });
});

describe('YAMLDataset', () => {
  it('round-trips mappings, lists, dates and special numbers', async () => {
    const filepath = join(temp(), 'a.yml');
    const ds = new YAMLDataset({ filepath });
    const data = { name: 'x', when: new Date('2024-03-01T10:00:00.000Z'), values: [1, 2.5, null], inf: Infinity, ok: true };
    await ds.save(data);
    expect(readFileSync(filepath, 'utf8')).toContain('values:\n  - 1\n');
    expect(await ds.load()).toEqual(data);
  });

  it('reads timestamps of a hand-written file as Dates, as PyYAML does', async () => {
    const filepath = join(temp(), 'a.yml');
    writeFileSync(filepath, 'day: 2024-01-15\nat: 2024-01-15 10:30:00Z\ntext: "2024-01-15"\n');
    expect(await new YAMLDataset({ filepath }).load()).toEqual({
      day: new Date('2024-01-15T00:00:00Z'),
      at: new Date('2024-01-15T10:30:00Z'),
      text: '2024-01-15',
    });
  });

  it('applies save_args: flow style, sort_keys, indent', async () => {
    const dir = temp();
    await new YAMLDataset({ filepath: join(dir, 'f.yml'), save_args: { default_flow_style: true, sort_keys: true } }).save({ b: [1, 2], a: 1 });
    expect(readFileSync(join(dir, 'f.yml'), 'utf8')).toBe('{ a: 1, b: [ 1, 2 ] }\n');
    await new YAMLDataset({ filepath: join(dir, 'i.yml'), save_args: { indent: 4 } }).save({ a: { b: 1 } });
    expect(readFileSync(join(dir, 'i.yml'), 'utf8')).toBe('a:\n    b: 1\n');
  });

  it('a corrupt or multi-document file is a corrupt-file error with the line', async () => {
    const filepath = join(temp(), 'a.yml');
    writeFileSync(filepath, 'a: 1\na: 2\n');
    const error = await fileError(new YAMLDataset({ filepath }, { name: 'conf' }).load());
    expect(error.kind).toBe('corrupt');
    expect(error.message).toContain('is not valid YAML: Map keys must be unique at line 2, column 1');
    writeFileSync(filepath, 'a: 1\n---\nb: 2\n');
    expect((await fileError(new YAMLDataset({ filepath }).load())).message).toContain('multiple documents');
  });

  it('refuses functions with an unserializable error', async () => {
    const error = await fileError(new YAMLDataset({ filepath: join(temp(), 'a.yml') }).save({ f: () => 1 }));
    expect(error.kind).toBe('unserializable');
  });
});
