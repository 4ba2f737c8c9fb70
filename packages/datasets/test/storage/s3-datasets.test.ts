/**
 * Every file dataset and kedro versioning on s3:// paths, against a real S3-compatible server
 * (versitygw), through a catalog with credentials.yml's shape and through the AWS environment.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as aq from 'arquero';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { S3ObjectStore } from '@kedro-mlflow/mlflow-client';
import { CSVDataset, DatasetFileError, JSONDataset, ObjectDataset, ParquetDataset, PartitionedDataset, registerDatasetTypes, TextDataset, YAMLDataset } from '../../src/index.js';
import { useS3, withS3 } from './s3-helpers.js';

registerDatasetTypes();

withS3('file datasets on s3:// paths (real S3 server)', () => {
  const s3 = useS3();
  const store = (): S3ObjectStore => new S3ObjectStore({ endpointUrl: s3.server.endpoint, accessKeyId: s3.server.accessKey, secretAccessKey: s3.server.secretKey });

  it('round-trips every file type through a catalog whose entries name credentials.yml credentials', async () => {
    const bucket = s3.bucket();
    const catalog = await DataCatalog.fromConfig(
      {
        cars: { type: 'pandas.CSVDataset', filepath: `s3://${bucket}/01_raw/cars.csv`, credentials: 'dev_s3', save_args: { index: false } },
        table: { type: 'pandas.ParquetDataset', filepath: `s3://${bucket}/02_intermediate/table.parquet`, credentials: 'dev_s3' },
        params: { type: 'json.JSONDataset', filepath: `s3://${bucket}/params.json`, credentials: 'dev_s3' },
        config: { type: 'yaml.YAMLDataset', filepath: `s3://${bucket}/config.yml`, credentials: 'dev_s3' },
        notes: { type: 'text.TextDataset', filepath: `s3://${bucket}/notes.txt`, credentials: 'dev_s3' },
        model: { type: 'pickle.PickleDataset', filepath: `s3://${bucket}/06_models/model.bin`, credentials: 'dev_s3' },
      },
      { credentials: { dev_s3: s3.credentials() } },
    );
    const cars = aq.table({ brand: ['a', 'b'], hp: [110, 250], code: ['007', '042'] });
    const when = new Date('2024-01-15T10:30:00Z');
    const model = new Map<string, unknown>([['weights', new Float64Array([0.5, -1])], ['when', when], ['n', 12n]]);
    await catalog.save('cars', cars);
    await catalog.save('table', aq.table({ x: [1.5, 2.5], label: ['p', 'q'] }));
    await catalog.save('params', { lr: 0.1, layers: [4, 2] });
    await catalog.save('config', { name: 'run', when });
    await catalog.save('notes', 'héllo\nworld');
    await catalog.save('model', model);

    expect(((await catalog.load('cars')) as aq.ColumnTable).objects()).toEqual(cars.objects());
    expect(((await catalog.load('table')) as aq.ColumnTable).objects()).toEqual([{ x: 1.5, label: 'p' }, { x: 2.5, label: 'q' }]);
    expect(await catalog.load('params')).toEqual({ lr: 0.1, layers: [4, 2] });
    expect(await catalog.load('config')).toEqual({ name: 'run', when });
    expect(await catalog.load('notes')).toBe('héllo\nworld');
    expect(await catalog.load('model')).toEqual(model);
    expect(await catalog.exists('notes')).toBe(true);
    // The objects are where the paths say, in the server's own storage.
    expect(readFileSync(join(s3.server.dataDir, bucket, 'notes.txt'), 'utf8')).toBe('héllo\nworld');
    expect(readFileSync(join(s3.server.dataDir, bucket, '01_raw', 'cars.csv'), 'utf8')).toContain('"007"');
  });

  it('finds credentials in the standard AWS environment when the entry has none', async () => {
    const bucket = s3.bucket();
    const saved = { ...process.env };
    Object.assign(process.env, s3.server.env());
    try {
      const dataset = new TextDataset({ filepath: `s3://${bucket}/env.txt` });
      await dataset.save('from the environment');
      expect(await dataset.load()).toBe('from the environment');
    } finally {
      for (const key of Object.keys(s3.server.env())) {
        if (saved[key] === undefined) delete process.env[key];
        else process.env[key] = saved[key];
      }
    }
    // client_kwargs' boto3 spellings work as well as s3fs' key/secret.
    const boto = new TextDataset({
      filepath: `s3://${bucket}/env.txt`,
      credentials: { client_kwargs: { endpoint_url: s3.server.endpoint, region_name: 'us-east-1', aws_access_key_id: s3.server.accessKey, aws_secret_access_key: s3.server.secretKey } },
    });
    expect(await boto.load()).toBe('from the environment');
  });

  it('versions in the bucket: each save is a new <filepath>/<version>/<name>, loads read the latest or the pinned one', async () => {
    const bucket = s3.bucket();
    const filepath = `s3://${bucket}/06_models/params.json`;
    const credentials = s3.credentials();
    const v1 = '2024-01-01T00.00.00.000Z';
    const v2 = '2024-02-01T00.00.00.000Z';
    await new JSONDataset({ filepath, credentials, version: { save: v1 } }).save({ n: 1 });
    await new JSONDataset({ filepath, credentials, version: { save: v2 } }).save({ n: 2 });
    const latest = new JSONDataset({ filepath, credentials, version: {} });
    expect(latest.version).toEqual({});
    expect(await latest.listVersions()).toEqual([v2, v1]);
    expect(await latest.load()).toEqual({ n: 2 });
    expect(await new JSONDataset({ filepath, credentials, version: { load: v1 } }).load()).toEqual({ n: 1 });
    expect(latest.getVersionedPath(v1)).toBe(`s3://${bucket}/06_models/params.json/${v1}/params.json`);
    expect(existsSync(join(s3.server.dataDir, bucket, '06_models', 'params.json', v2, 'params.json'))).toBe(true);
    // A version that exists is never overwritten.
    await expect(new JSONDataset({ filepath, credentials, version: { save: v1 } }).save({ n: 3 })).rejects.toThrow(/must not exist if versioning is enabled/);
    expect(await new JSONDataset({ filepath, credentials, version: { load: v1 } }).load()).toEqual({ n: 1 });
    // A pinned version that was never saved: missing, with its path.
    const missing = await new JSONDataset({ filepath, credentials, version: { load: '2023-01-01T00.00.00.000Z' } }).load().catch((e: unknown) => e);
    expect(DatasetFileError.isInstance(missing) && missing.kind).toBe('missing');
    // Nothing saved yet: the catalog's "no versions" answer, and exists() is false.
    const empty = new JSONDataset({ filepath: `s3://${bucket}/none.json`, credentials, version: {} });
    expect(await empty.exists()).toBe(false);
    await expect(empty.load()).rejects.toThrow(/Did not find any versions/);
  });

  it('versions through the catalog with --load-versions and a shared save version', async () => {
    const bucket = s3.bucket();
    const config = { metrics: { type: 'JSONDataset', filepath: `s3://${bucket}/08_reporting/metrics.json`, credentials: 'dev_s3', versioned: true } };
    const credentials = { dev_s3: s3.credentials() };
    const first = await DataCatalog.fromConfig(config, { credentials, saveVersion: '2024-03-01T00.00.00.000Z' });
    await first.save('metrics', { acc: 0.8 });
    const second = await DataCatalog.fromConfig(config, { credentials, saveVersion: '2024-03-02T00.00.00.000Z' });
    await second.save('metrics', { acc: 0.9 });
    expect(await (await DataCatalog.fromConfig(config, { credentials })).load('metrics')).toEqual({ acc: 0.9 });
    const pinned = await DataCatalog.fromConfig(config, { credentials, loadVersions: { metrics: '2024-03-01T00.00.00.000Z' } });
    expect(await pinned.load('metrics')).toEqual({ acc: 0.8 });
  });

  it('uploads a file larger than the part size as a multipart upload, and reads it back whole', async () => {
    const bucket = s3.bucket();
    // 9 MiB of text: above the 8 MiB part size, so two parts.
    const big = randomBytes(9 * 1024 * 1024 / 2).toString('hex');
    const dataset = new TextDataset({ filepath: `s3://${bucket}/big/log.txt`, credentials: s3.credentials() });
    await dataset.save(big);
    const head = await store().head({ bucket, key: 'big/log.txt' });
    expect(head.size).toBe(big.length);
    expect(head.etag).toMatch(/-2$/);
    expect(await dataset.load()).toBe(big);
  });

  it('partitions under an s3:// prefix: save, lazy load, overwrite of only the partitions', async () => {
    const bucket = s3.bucket();
    const credentials = s3.credentials();
    const parts = new PartitionedDataset<aq.ColumnTable>({ path: `s3://${bucket}/by_month/`, dataset: 'pandas.CSVDataset', filename_suffix: '.csv', credentials });
    await parts.save({ '2024-01': aq.table({ n: [1] }), 'q1/2024-02': () => aq.table({ n: [2] }) });
    await store().upload({ bucket, key: 'by_month/README.md' }, 'not a partition');
    const loaded = await parts.load();
    expect(Object.keys(loaded)).toEqual(['2024-01', 'q1/2024-02']);
    expect((await loaded['q1/2024-02']!()).objects()).toEqual([{ n: 2 }]);
    const overwrite = new PartitionedDataset<aq.ColumnTable>({ path: `s3://${bucket}/by_month`, dataset: 'pandas.CSVDataset', filename_suffix: '.csv', credentials, overwrite: true });
    await overwrite.save({ '2024-03': aq.table({ n: [3] }) });
    expect(await overwrite.listPartitions()).toEqual(['2024-03']);
    expect((await store().list({ bucket, key: 'by_month/' })).objects.map((o) => o.key)).toEqual(['by_month/2024-03.csv', 'by_month/README.md']);
    expect(await new PartitionedDataset({ path: `s3://${bucket}/by_month`, dataset: 'text.TextDataset', filename_suffix: '.md', credentials }).exists()).toBe(true);
    const none = await new PartitionedDataset({ path: `s3://${bucket}/empty`, dataset: 'text.TextDataset', credentials }).load().catch((e: unknown) => e);
    expect(DatasetFileError.isInstance(none) && none.kind).toBe('missing');
  });

  it('loadFrom / saveTo reach an explicit s3 path with the dataset\'s credentials; a missing object is `missing`', async () => {
    const bucket = s3.bucket();
    const dataset = new ParquetDataset({ filepath: `s3://${bucket}/a.parquet`, credentials: s3.credentials() });
    await dataset.saveTo(`s3://${bucket}/copy/b.parquet`, aq.table({ v: [1, 2] }));
    expect((await dataset.loadFrom(`s3://${bucket}/copy/b.parquet`)).objects()).toEqual([{ v: 1 }, { v: 2 }]);
    const error = await dataset.load().catch((e: unknown) => e);
    expect(DatasetFileError.isInstance(error) && { kind: error.kind, filepath: error.filepath }).toEqual({ kind: 'missing', filepath: `s3://${bucket}/a.parquet` });
    expect((error as Error).message).toContain(`object 's3://${bucket}/a.parquet' does not exist`);
    // A remote dataset has no local path for wrappers that stage files.
    const local = await new ObjectDataset({ filepath: `s3://${bucket}/o.bin`, credentials: s3.credentials() }).getLocalPath('save').catch((e: unknown) => e);
    expect(DatasetFileError.isInstance(local) && local.kind).toBe('remote-path');
    expect(new YAMLDataset({ filepath: `s3://${bucket}/x.yml`, credentials: s3.credentials() }).toString()).not.toContain(s3.server.secretKey);
    expect(new CSVDataset({ filepath: `s3://${bucket}/x.csv` }).isRemote).toBe(true);
  });
});
