import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DatasetError, VersionNotFoundError, captureLogs, isVersionedDataset } from '@kedro-mlflow/core-pipeline';
import { TextDataset } from './fixtures/text-dataset.js';

let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kedro-versioned-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('unversioned file dataset', () => {
  it('reads and writes the filepath itself, creating its folder', async () => {
    const filepath = join(dir, 'nested', 'notes.txt');
    const ds = new TextDataset({ filepath });
    expect(await ds.exists()).toBe(false);
    await ds.save('hello');
    expect(await readFile(filepath, 'utf8')).toBe('hello');
    expect(await ds.exists()).toBe(true);
    expect(await ds.load()).toBe('hello');
    expect(ds.version).toBeUndefined();
    expect(await ds.resolveLoadVersion()).toBeUndefined();
    expect(ds.resolveSaveVersion()).toBeUndefined();
    expect(isVersionedDataset(ds)).toBe(true);
  });

  it('accepts file:// URLs', async () => {
    const filepath = join(dir, 'a.txt');
    const ds = new TextDataset({ filepath: pathToFileURL(filepath).href });
    await ds.save('x');
    expect(await readFile(filepath, 'utf8')).toBe('x');
  });

  it('wraps a missing file as a load error naming the dataset', async () => {
    const ds = new TextDataset({ filepath: join(dir, 'missing.txt') });
    await expect(ds.load()).rejects.toThrow(/^Failed while loading data from dataset TextDataset\(filepath='.*missing\.txt'\)\.\nENOENT/);
  });

  it('needs a filepath', () => {
    expect(() => new TextDataset({} as never)).toThrow("'TextDataset' needs a 'filepath' option: the local path of its file.");
  });
});

describe('versioned file dataset', () => {
  it('saves under <filepath>/<version>/<basename> and loads the latest', async () => {
    const filepath = join(dir, 'model.txt');
    const v1 = new TextDataset({ filepath, version: { save: '2024-01-01T00.00.00.000Z' } });
    await v1.save('one');
    expect(await readFile(join(filepath, '2024-01-01T00.00.00.000Z', 'model.txt'), 'utf8')).toBe('one');
    const v2 = new TextDataset({ filepath, version: { save: '2024-02-01T00.00.00.000Z' } });
    await v2.save('two');

    const reader = new TextDataset({ filepath, version: {} });
    expect(await reader.load()).toBe('two');
    expect(await reader.resolveLoadVersion()).toBe('2024-02-01T00.00.00.000Z');
    const pinned = new TextDataset({ filepath, version: { load: '2024-01-01T00.00.00.000Z' } });
    expect(await pinned.load()).toBe('one');
    expect(await reader.listVersions()).toEqual(['2024-02-01T00.00.00.000Z', '2024-01-01T00.00.00.000Z']);
    expect(await reader.listVersions({ fullPath: true })).toEqual([
      join(filepath, '2024-02-01T00.00.00.000Z', 'model.txt'),
      join(filepath, '2024-01-01T00.00.00.000Z', 'model.txt'),
    ]);
  });

  it('generates a timestamp save version, fixed until the next save', async () => {
    const ds = new TextDataset({ filepath: join(dir, 'a.txt'), version: {} });
    const first = ds.resolveSaveVersion();
    expect(first).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}\.\d{2}\.\d{2}\.\d{3}Z$/);
    expect(ds.resolveSaveVersion()).toBe(first);
    await ds.save('x');
    expect(await ds.listVersions()).toHaveLength(1);
  });

  it('ignores folders without the file, hidden folders and stray files when looking for versions', async () => {
    const filepath = join(dir, 'a.txt');
    await mkdir(join(filepath, 'zzz-empty'), { recursive: true });
    await mkdir(join(filepath, '.hidden'), { recursive: true });
    await writeFile(join(filepath, '.hidden', 'a.txt'), 'hidden');
    await writeFile(join(filepath, 'stray'), 'x');
    await mkdir(join(filepath, 'v1'));
    await writeFile(join(filepath, 'v1', 'a.txt'), 'real');
    const ds = new TextDataset({ filepath, version: {} });
    expect(await ds.listVersions()).toEqual(['v1']);
    expect(await ds.load()).toBe('real');
  });

  it('exists() is false and load fails when no version exists', async () => {
    const ds = new TextDataset({ filepath: join(dir, 'none.txt'), version: {} });
    expect(await ds.exists()).toBe(false);
    await expect(ds.load()).rejects.toThrow(VersionNotFoundError);
    await expect(ds.load()).rejects.toThrow(/^Did not find any versions for TextDataset\(filepath='.*none\.txt', version=\{\}\)$/);
    expect(await ds.listVersions()).toEqual([]);
    await ds.save('x');
    expect(await ds.exists()).toBe(true);
  });

  it('refuses to save twice to the same explicit version', async () => {
    const filepath = join(dir, 'a.txt');
    const ds = new TextDataset({ filepath, version: { save: 'v1' } });
    await ds.save('one');
    const error = await ds.save('two').catch((e: unknown) => e);
    expect(DatasetError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      `Save path '${join(filepath, 'v1', 'a.txt')}' for TextDataset(filepath='${filepath}', version={'save': 'v1'}) must not exist if versioning is enabled.`,
    );
    expect(await readFile(join(filepath, 'v1', 'a.txt'), 'utf8')).toBe('one');
  });

  it('warns when the save version differs from the pinned load version', async () => {
    const filepath = join(dir, 'a.txt');
    await new TextDataset({ filepath, version: { save: 'v1' } }).save('one');
    const ds = new TextDataset({ filepath, version: { load: 'v1', save: 'v2' } });
    const logs = captureLogs();
    try {
      await ds.save('two');
    } finally {
      logs.restore();
    }
    const warnings = logs.messages('warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Save version 'v2' did not match load version 'v1' for TextDataset\(.*\)\. This is strongly discouraged/);
  });

  it('does not warn when the save becomes the latest version', async () => {
    const ds = new TextDataset({ filepath: join(dir, 'a.txt'), version: { save: 'v1' } });
    const logs = captureLogs();
    try {
      await ds.save('one');
    } finally {
      logs.restore();
    }
    expect(logs.messages('warn')).toEqual([]);
  });

  it('caches the latest load version until release', async () => {
    const filepath = join(dir, 'a.txt');
    await new TextDataset({ filepath, version: { save: 'v1' } }).save('one');
    const reader = new TextDataset({ filepath, version: {} });
    expect(await reader.load()).toBe('one');
    await new TextDataset({ filepath, version: { save: 'v2' } }).save('two');
    expect(await reader.load()).toBe('one');
    await reader.release();
    expect(await reader.load()).toBe('two');
  });

  it('explains how to fix an unversioned file sitting where versions should go', async () => {
    const filepath = join(dir, 'a.txt');
    await writeFile(filepath, 'old unversioned');
    const ds = new TextDataset({ filepath, version: { save: 'v1' } });
    await expect(ds.save('new')).rejects.toThrow(
      `Cannot save versioned dataset 'a.txt' to '${dir}' because a file with the same name already exists in the directory.`,
    );
  });

  it.each(['..', '../../escape', 'a/b', '', '.'])('rejects the unsafe version %j', (version) => {
    expect(() => new TextDataset({ filepath: join(dir, 'a.txt'), version: { load: version } })).toThrow(
      `Version string '${version}' is not allowed.`,
    );
    expect(() => new TextDataset({ filepath: join(dir, 'a.txt'), version: { save: version } })).toThrow(DatasetError);
    const ds = new TextDataset({ filepath: join(dir, 'a.txt'), version: {} });
    expect(() => ds.withVersion({ load: version })).toThrow(`Version string '${version}' is not allowed.`);
    expect(() => ds.getVersionedPath(version)).toThrow(DatasetError);
  });

  it('withVersion returns a copy and leaves the original alone', async () => {
    const filepath = join(dir, 'a.txt');
    await new TextDataset({ filepath, version: { save: 'v1' } }).save('one');
    await new TextDataset({ filepath, version: { save: 'v2' } }).save('two');
    const ds = new TextDataset({ filepath, version: {} });
    const copy = ds.withVersion({ load: 'v1' });
    expect(copy).toBeInstanceOf(TextDataset);
    expect(copy).not.toBe(ds);
    expect(await copy.load()).toBe('one');
    expect(await ds.load()).toBe('two');
    expect(copy.version).toEqual({ load: 'v1' });
    expect(copy.encoding).toBe('utf8');
  });

  it('turns versioning on for a copy of an unversioned dataset', async () => {
    const filepath = join(dir, 'a.txt');
    await new TextDataset({ filepath, version: { save: 'v1' } }).save('one');
    const unversioned = new TextDataset({ filepath });
    expect(await unversioned.withVersion({ load: 'v1' }).load()).toBe('one');
  });

  it('refuses to version remote paths', () => {
    expect(() => new TextDataset({ filepath: 'https://example.com/a.txt', version: {} })).toThrow(
      'Versioning is not supported for HTTP protocols.',
    );
    expect(() => new TextDataset({ filepath: 's3://bucket/a.txt', version: {} })).toThrow(
      "Versioning is only supported for local file paths, not 's3://' ('s3://bucket/a.txt').",
    );
    expect(new TextDataset({ filepath: 's3://bucket/a.txt' }).filepath).toBe('s3://bucket/a.txt');
  });
});
