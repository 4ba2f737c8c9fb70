import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import {
  DataCatalog,
  DatasetError,
  MemoryDataset,
  VersionAlreadyExistsError,
  VersionNotFoundError,
  captureLogs,
  generateTimestamp,
  parseTimestamp,
} from '@kedro-mlflow/core-pipeline';
import { TextDataset } from './fixtures/text-dataset.js';

const projectPath = resolve(__dirname, '..', '..');
const TEXT = './test/io/fixtures/text-dataset.ts#TextDataset';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kedro-catalog-versions-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const versionedConfig = (): Record<string, unknown> => ({
  notes: { type: TEXT, filepath: join(dir, 'notes.txt'), versioned: true },
});

describe('versioned datasets in the catalog', () => {
  it('saves under the catalog save version and loads it back, latest or pinned', async () => {
    const saveVersion = generateTimestamp();
    const catalog = await DataCatalog.fromConfig(versionedConfig(), { projectPath, saveVersion });
    await catalog.save('notes', 'hello');
    expect(await readFile(join(dir, 'notes.txt', saveVersion, 'notes.txt'), 'utf8')).toBe('hello');
    expect(await catalog.load('notes')).toBe('hello');
    expect(await catalog.load('notes', { version: saveVersion })).toBe('hello');
    const dataset = catalog.getDataset('notes') as TextDataset;
    expect(parseTimestamp((await dataset.resolveLoadVersion()) as string)).toBeInstanceOf(Date);
    expect(dataset.version).toEqual({ load: undefined, save: saveVersion });
  });

  it('loads any saved version by name, and the latest by default', async () => {
    const first = await DataCatalog.fromConfig(versionedConfig(), { projectPath, saveVersion: 'first' });
    await first.save('notes', 'one');
    const second = await DataCatalog.fromConfig(versionedConfig(), { projectPath, saveVersion: 'second' });
    await second.save('notes', 'two');
    expect(await second.load('notes', { version: 'first' })).toBe('one');
    expect(await second.load('notes', { version: 'second' })).toBe('two');
    expect(await second.load('notes')).toBe('two');
  });

  it('versions the dataset wrapped by a versioned CachedDataset', async () => {
    const catalog = await DataCatalog.fromConfig(
      { cached: { type: 'CachedDataset', versioned: true, dataset: { type: TEXT, filepath: join(dir, 'c.txt') } } },
      { projectPath, saveVersion: 'v1' },
    );
    await catalog.save('cached', 'kept');
    expect(await readFile(join(dir, 'c.txt', 'v1', 'c.txt'), 'utf8')).toBe('kept');
    expect(await catalog.load('cached')).toBe('kept');
  });

  it('pins load versions given to fromConfig', async () => {
    const first = await DataCatalog.fromConfig(versionedConfig(), { projectPath, saveVersion: 'first' });
    await first.save('notes', 'one');
    const second = await DataCatalog.fromConfig(versionedConfig(), { projectPath, saveVersion: 'second' });
    await second.save('notes', 'two');
    const pinned = await DataCatalog.fromConfig(versionedConfig(), { projectPath, loadVersions: { notes: 'first' } });
    expect(await pinned.load('notes')).toBe('one');
  });

  it('rejects a load version that would leave the dataset folder', async () => {
    await expect(
      DataCatalog.fromConfig(versionedConfig(), { projectPath, loadVersions: { notes: '../../etc' } }),
    ).rejects.toThrow("Version string '../../etc' is not allowed.");
    const catalog = await DataCatalog.fromConfig(versionedConfig(), { projectPath });
    await expect(catalog.load('notes', { version: '../secrets' })).rejects.toThrow("Version string '../secrets' is not allowed.");
  });

  it('get with a version returns a copy and leaves the stored dataset alone', async () => {
    const catalog = await DataCatalog.fromConfig(versionedConfig(), { projectPath, saveVersion: 'v1' });
    const stored = catalog.getDataset('notes') as TextDataset;
    const copy = catalog.get('notes', { version: { load: 'v0' } }) as TextDataset;
    expect(copy).not.toBe(stored);
    expect(copy.version).toEqual({ load: 'v0' });
    expect(stored.version).toEqual({ load: undefined, save: 'v1' });
    expect(catalog.getDataset('notes')).toBe(stored);
  });

  it('prefixes version errors with the dataset name and keeps their class', async () => {
    const catalog = await DataCatalog.fromConfig(versionedConfig(), { projectPath });
    const error = (await catalog.load('notes').catch((e: unknown) => e)) as Error;
    expect(VersionNotFoundError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^notes: Did not find any versions for TextDataset\(/);
    expect(await catalog.exists('notes')).toBe(false);
  });

  it("removes a 'version' key from the config with a warning", async () => {
    const logs = captureLogs();
    let dataset: TextDataset;
    try {
      const catalog = await DataCatalog.fromConfig(
        { notes: { type: TEXT, filepath: join(dir, 'n.txt'), version: 'oops' } },
        { projectPath },
      );
      dataset = catalog.getDataset('notes') as TextDataset;
    } finally {
      logs.restore();
    }
    expect(dataset.version).toBeUndefined();
    expect(logs.messages('warn')).toEqual([
      "'version' attribute removed from dataset configuration since it is a reserved word and cannot be directly specified",
    ]);
  });

  it('refuses to load a version of an unversioned dataset', async () => {
    const catalog = new DataCatalog({ datasets: { test: new MemoryDataset({ data: 1 }) } });
    const error = (await catalog.load('test', { version: 'first' }).catch((e: unknown) => e)) as Error;
    expect(DatasetError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      "test: cannot load version 'first': 'MemoryDataset' is not a versioned dataset. " +
        "Use a dataset that extends AbstractVersionedDataset with 'versioned: true', or load without a version.",
    );
  });
});

describe('catalog save version consistency', () => {
  it('refuses a dataset whose save version differs from the catalog one', () => {
    const catalog = new DataCatalog({ saveVersion: 'v1' });
    const other = new TextDataset({ filepath: join(dir, 'a.txt'), version: { save: 'v2' } });
    expect(() => catalog.set('other', other)).toThrow(VersionAlreadyExistsError);
    expect(() => catalog.set('other', other)).toThrow(
      "Cannot add a dataset 'other' with 'v2' save version. Save version set for the catalog is 'v1'. " +
        'All datasets in the catalog must have the same save version.',
    );
    expect(catalog.has('other')).toBe(false);
    expect(() => new DataCatalog({ datasets: { other }, saveVersion: 'v1' })).toThrow(VersionAlreadyExistsError);
  });

  it('accepts the same save version and records the load version', () => {
    const catalog = new DataCatalog({ saveVersion: 'v1' });
    catalog.set('same', new TextDataset({ filepath: join(dir, 'a.txt'), version: { load: 'v0', save: 'v1' } }));
    expect(catalog.loadVersions).toEqual({ same: 'v0' });
    expect(catalog.saveVersion).toBe('v1');
  });

  it('adopts the save version of the first versioned dataset when it has none', () => {
    const catalog = new DataCatalog();
    catalog.set('a', new TextDataset({ filepath: join(dir, 'a.txt'), version: { save: 'v7' } }));
    expect(catalog.saveVersion).toBe('v7');
    expect(() => catalog.set('b', new TextDataset({ filepath: join(dir, 'b.txt'), version: { save: 'v8' } }))).toThrow(
      VersionAlreadyExistsError,
    );
  });
});
