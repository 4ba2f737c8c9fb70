/**
 * What goes wrong with s3:// datasets, against a real S3 server: wrong secret, unknown key, missing
 * bucket, bad credentials entries, paths that try to leave their folder, an endpoint that is down,
 * and a server killed in the middle of an upload (the latest version stays the previous one).
 */
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { ObjectStoreError } from '@kedro-mlflow/mlflow-client';
import { freePort, startFaultProxy, startS3Server } from '@kedro-mlflow/mlflow-test-server';
import { DatasetFileError, JSONDataset, PartitionedDataset, registerDatasetTypes, TextDataset } from '../../src/index.js';
import { optionError } from '../helpers.js';
import { useS3, withS3 } from './s3-helpers.js';

registerDatasetTypes();

/** The DatasetFileError a call rejects with, itself or as the cause of the catalog's wrapper error. */
async function storageFailure(promise: Promise<unknown>): Promise<DatasetFileError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  for (let e = error; e !== undefined; e = (e as { cause?: unknown }).cause) if (DatasetFileError.isInstance(e)) return e;
  throw new Error(`expected a DatasetFileError, got ${inspect(error)}`);
}

/** Files in the server's multipart staging folder of a bucket. */
function stagedParts(bucketDir: string): number {
  const staging = join(bucketDir, '.sgwtmp', 'multipart');
  return (readdirSync(staging, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean }>).filter((e) => e.isFile()).length;
}

withS3('s3:// dataset failures (real S3 server)', () => {
  const s3 = useS3();

  it('a wrong secret is `invalid-credentials` naming the dataset and bucket; the secret is nowhere in the error', async () => {
    const bucket = s3.bucket();
    const wrongSecret = `wrong-${randomBytes(12).toString('hex')}`;
    const catalog = await DataCatalog.fromConfig(
      { notes: { type: 'TextDataset', filepath: `s3://${bucket}/notes.txt`, credentials: 'dev_s3' } },
      { credentials: { dev_s3: s3.credentials({ secret: wrongSecret }) } },
    );
    for (const attempt of [() => catalog.save('notes', 'x'), () => catalog.load('notes')]) {
      const error = await storageFailure(attempt());
      expect(error).toMatchObject({ kind: 'invalid-credentials', dataset: "'notes'", filepath: `s3://${bucket}/notes.txt` });
      expect(error.message).toContain('SignatureDoesNotMatch');
      expect(error.message).toContain(bucket);
      expect(ObjectStoreError.isInstance(error.cause) && error.cause.kind).toBe('invalid-credentials');
      const everything = inspect(error, { depth: 20, showHidden: true });
      expect(everything).not.toContain(wrongSecret);
      expect(everything).not.toContain(s3.server.secretKey);
    }
    // An access key the server does not know.
    const unknown = await storageFailure(new TextDataset({ filepath: `s3://${bucket}/n.txt`, credentials: s3.credentials({ key: 'nobody' }) }).load());
    expect(unknown.kind).toBe('invalid-credentials');
    // Versioned: the listing fails with the same kind (not "no versions found").
    const versioned = await storageFailure(new JSONDataset({ filepath: `s3://${bucket}/m.json`, credentials: s3.credentials({ secret: wrongSecret }), version: {} }).load());
    expect(versioned.kind).toBe('invalid-credentials');
  });

  it('a missing bucket is `bucket-not-found` naming the bucket, for loads, saves, versions and partitions', async () => {
    const bucket = `missing-${randomBytes(4).toString('hex')}`;
    const credentials = s3.credentials();
    const cases = [
      () => new TextDataset({ filepath: `s3://${bucket}/a.txt`, credentials }).load(),
      () => new TextDataset({ filepath: `s3://${bucket}/a.txt`, credentials }).save('x'),
      () => new JSONDataset({ filepath: `s3://${bucket}/m.json`, credentials, version: {} }).load(),
      () => new JSONDataset({ filepath: `s3://${bucket}/m.json`, credentials, version: {} }).save({}),
      () => new PartitionedDataset({ path: `s3://${bucket}/parts`, dataset: 'TextDataset', credentials }).load(),
    ];
    for (const attempt of cases) {
      const error = await storageFailure(attempt());
      expect(error.kind).toBe('bucket-not-found');
      expect(error.message).toContain(`bucket '${bucket}' does not exist at ${s3.server.endpoint}`);
    }
  });

  it('an endpoint that does not answer is `unreachable`, after the SDK retries', async () => {
    const port = await freePort();
    const error = await storageFailure(new TextDataset({ filepath: 's3://bucket-x/a.txt', credentials: s3.credentials({ client_kwargs: { endpoint_url: `http://127.0.0.1:${port}` } }) }).load());
    expect(error.kind).toBe('unreachable');
    expect(error.message).toContain(`http://127.0.0.1:${port}`);
    expect(error.message).toMatch(/ECONNREFUSED, 3 attempts/);
  });

  it('refuses bad credentials entries when the dataset is built, naming the key and never a value', () => {
    const path = 's3://bucket-x/a.txt';
    const secret = 'do-not-print-me';
    const cases: Array<[unknown, string | undefined, RegExp]> = [
      [{ key: 'k' }, 'secret', /give both 'key' and 'secret'/],
      [{ secret }, 'key', /give both 'key' and 'secret'/],
      [{ key: 'k', secret, profile: 'x' }, 'profile', /unknown key 'profile' for an s3:\/\/ path; valid keys are key, secret/],
      [{ key: 'k', secret, client_kwargs: { endpoint: 'http://x' } }, 'endpoint', /unknown key 'client_kwargs.endpoint'/],
      [{ key: 'k', secret, client_kwargs: { endpoint_url: 'ftp://x' } }, 'endpoint_url', /must be an http:\/\/ or https:\/\/ URL/],
      [{ key: 'k', secret, client_kwargs: { aws_secret_access_key: 'other' } }, 'secret', /both given and differ/],
      [{ key: 12, secret }, 'key', /'key' must be a non-empty string/],
      ['dev_s3', undefined, /must be a mapping/],
    ];
    for (const [credentials, key, message] of cases) {
      const error = optionError(() => new TextDataset({ filepath: path, credentials }, { name: 'notes' }));
      expect(error).toMatchObject({ option: 'credentials', key, dataset: "'notes'" });
      expect(error.message).toMatch(message);
      expect(error.message).not.toContain(secret);
    }
  });

  it('paths that would leave their bucket or folder are refused before anything is sent', async () => {
    for (const filepath of ['s3://bucket-x/a/../b.txt', 's3://bucket-x/./a.txt', 's3://bucket-x//a.txt', 's3://../a.txt', 's3://BUCKET/a.txt', 's3://b/a.txt']) {
      const error = optionError(() => new TextDataset({ filepath, credentials: s3.credentials() }));
      expect(error.option).toBe('filepath');
    }
    // A version string from the command line cannot climb out of the dataset's folder.
    expect(() => new JSONDataset({ filepath: 's3://bucket-x/m.json', credentials: s3.credentials(), version: { load: '../../etc' } })).toThrow(/Version string '..\/..\/etc' is not allowed/);
    const bucket = s3.bucket();
    const parts = new PartitionedDataset({ path: `s3://${bucket}/parts`, dataset: 'TextDataset', filename_suffix: '.txt', credentials: s3.credentials() });
    for (const id of ['../escape', 'a/../../escape', '/etc/passwd', 'a//b', './a']) {
      const error = await storageFailure(parts.save({ ok: 'fine', [id]: 'no' }));
      expect(error.kind).toBe('outside-folder');
    }
    // Nothing was written: the bad id was found before the first partition.
    expect(readdirSync(join(s3.server.dataDir, bucket)).filter((name) => !name.startsWith('.'))).toEqual([]);
    expect(optionError(() => new PartitionedDataset({ path: 's3://bucket-x/a/../b', dataset: 'TextDataset' })).option).toBe('path');
  });

  it('a server killed in the middle of a multipart upload leaves the previous version the latest, and the previous object intact', async () => {
    const server = await startS3Server();
    const proxy = await startFaultProxy(server.endpoint, { preserveHost: true });
    try {
      const bucket = server.createBucket('killed');
      const credentials = { key: server.accessKey, secret: server.secretKey, client_kwargs: { endpoint_url: proxy.url } };
      const filepath = `s3://${bucket}/06_models/model.txt`;
      const v1 = '2024-01-01T00.00.00.000Z';
      const v2 = '2024-01-02T00.00.00.000Z';
      await new TextDataset({ filepath, credentials, version: { save: v1 } }).save('version one');
      await new TextDataset({ filepath: `s3://${bucket}/plain.txt`, credentials }).save('plain one');

      // 20 MiB: three parts. Every request waits 300 ms at the proxy, so the server is killed while
      // CompleteMultipartUpload — the request that would make the object exist — is held.
      const big = 'x'.repeat(20 * 1024 * 1024);
      let uploads = 0;
      for (const [target, version] of [[filepath, { save: v2 }], [`s3://${bucket}/plain.txt`, undefined]] as const) {
        await proxy.slow(300);
        const before = proxy.stats.requests;
        const saving = new TextDataset({ filepath: target, credentials, version }).save(big);
        saving.catch(() => undefined);
        // versioned: list (exists check), create, 3 parts, complete; unversioned: create, 3 parts, complete.
        await proxy.waitForRequests(before + (version === undefined ? 5 : 6), 30_000);
        await server.kill();
        uploads += 1;
        // Every part reached the server (versitygw stages them under .sgwtmp/multipart/…/<part>); only
        // the completion, which would have made the object exist, did not.
        expect(stagedParts(join(server.dataDir, bucket))).toBe(3 * uploads);
        await proxy.pass();
        const error = await storageFailure(saving);
        expect(error.kind).toBe('unreachable');
        await server.restart();
      }

      const latest = new TextDataset({ filepath, credentials, version: {} });
      expect(await latest.listVersions()).toEqual([v1]);
      expect(await latest.load()).toBe('version one');
      expect(await new TextDataset({ filepath: `s3://${bucket}/plain.txt`, credentials }).load()).toBe('plain one');
      // A version folder without its object is never taken for a version.
      const v2Pinned = await storageFailure(new TextDataset({ filepath, credentials, version: { load: v2 } }).load());
      expect(v2Pinned.kind).toBe('missing');
    } finally {
      await proxy.close();
      await server.stop();
    }
  }, 60_000);
});
