/**
 * The s3:// artifact repository and its object store against a real S3-compatible server
 * (versitygw): uploads (multipart above the part size), listings, downloads, deletes, and the
 * failures — wrong secret, missing bucket, endpoint down (transient, for the run's journal), paths
 * that try to leave the root.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inspect } from 'node:util';
import { freePort, s3Available, startS3Server, type S3Server } from '@kedro-mlflow/mlflow-test-server';
import { isTransientFailure, MlflowApiError, MlflowConnectionError, ObjectStoreError, S3ArtifactRepository, S3ObjectStore, type S3ConnectionOptions } from '@kedro-mlflow/mlflow-client';

const withS3 = s3Available() ? describe : describe.skip;

async function failure(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => {
      throw new Error('expected a failure');
    },
    (error: unknown) => error as Error,
  );
}

withS3('S3ArtifactRepository (real S3 server)', () => {
  let server: S3Server;
  let work: string;
  let connection: S3ConnectionOptions;
  beforeAll(async () => {
    server = await startS3Server();
    work = mkdtempSync(join(tmpdir(), 's3-artifacts-'));
    connection = { endpointUrl: server.endpoint, accessKeyId: server.accessKey, secretAccessKey: server.secretKey, partSize: 5 * 1024 * 1024 };
  });
  afterAll(async () => {
    await server.stop();
    rmSync(work, { recursive: true, force: true });
  });

  const repoAt = (root: string, overrides: S3ConnectionOptions = {}): S3ArtifactRepository => new S3ArtifactRepository(root, { connection: { ...connection, ...overrides } });

  it('logs files and folders, lists direct children, downloads files and folders, deletes', async () => {
    const bucket = server.createBucket(`art-${randomBytes(4).toString('hex')}`);
    const repo = repoAt(`s3://${bucket}/mlflow/1/run-a/artifacts`);
    const src = join(work, 'src');
    mkdirSync(join(src, 'plots', 'deep'), { recursive: true });
    writeFileSync(join(src, 'plots', 'roc.txt'), 'roc');
    writeFileSync(join(src, 'plots', 'deep', 'pr.txt'), 'precision');
    writeFileSync(join(work, 'model.json'), '{"w": [1, 2]}');
    await repo.logArtifact(join(work, 'model.json'));
    await repo.logArtifact(join(work, 'model.json'), 'models/m1');
    await repo.logArtifacts(src, 'report');

    expect(await repo.listArtifacts()).toEqual([
      { path: 'model.json', isDir: false, fileSize: 13 },
      { path: 'models', isDir: true },
      { path: 'report', isDir: true },
    ]);
    expect(await repo.listArtifacts('report/plots')).toEqual([
      { path: 'report/plots/deep', isDir: true },
      { path: 'report/plots/roc.txt', isDir: false, fileSize: 3 },
    ]);
    expect(await repo.listArtifacts('model.json')).toEqual([]);
    expect(await repo.listArtifacts('nothing/here')).toEqual([]);
    // The objects are where MLflow puts them: <root>/<artifact path>.
    expect(readFileSync(join(server.dataDir, bucket, 'mlflow', '1', 'run-a', 'artifacts', 'report', 'plots', 'deep', 'pr.txt'), 'utf8')).toBe('precision');

    const dst = join(work, 'dst');
    expect(await repo.downloadArtifacts('models/m1/model.json', dst)).toBe(join(dst, 'models', 'm1', 'model.json'));
    expect(readFileSync(join(dst, 'models', 'm1', 'model.json'), 'utf8')).toBe('{"w": [1, 2]}');
    expect(await repo.downloadArtifacts('report', dst)).toBe(join(dst, 'report'));
    expect(readFileSync(join(dst, 'report', 'plots', 'deep', 'pr.txt'), 'utf8')).toBe('precision');
    const all = join(work, 'all');
    expect(await repo.downloadArtifacts('', all)).toBe(all);
    expect(readFileSync(join(all, 'report', 'plots', 'roc.txt'), 'utf8')).toBe('roc');

    const missing = await failure(repo.downloadArtifacts('nope.txt', dst));
    expect(MlflowApiError.isInstance(missing) && missing.errorCode).toBe('RESOURCE_DOES_NOT_EXIST');

    await repo.deleteArtifacts('report');
    expect((await repo.listArtifacts()).map((f) => f.path)).toEqual(['model.json', 'models']);
  });

  it('uploads a file above the part size as a multipart upload and downloads it whole', async () => {
    const bucket = server.createBucket(`big-${randomBytes(4).toString('hex')}`);
    const repo = repoAt(`s3://${bucket}/runs/r1/artifacts`);
    const bytes = randomBytes(6 * 1024 * 1024 + 123);
    writeFileSync(join(work, 'weights.bin'), bytes);
    await repo.logArtifact(join(work, 'weights.bin'), 'model');
    const head = await repo.store.head({ bucket, key: 'runs/r1/artifacts/model/weights.bin' });
    expect(head).toEqual({ size: bytes.length, etag: expect.stringMatching(/-2$/) });
    const local = await repo.downloadArtifacts('model/weights.bin', join(work, 'big-dst'));
    expect(readFileSync(local).equals(bytes)).toBe(true);
  });

  it('refuses artifact paths and root URIs that leave their bucket or root, before any request', async () => {
    const bucket = server.createBucket(`esc-${randomBytes(4).toString('hex')}`);
    const repo = repoAt(`s3://${bucket}/root`);
    writeFileSync(join(work, 'f.txt'), 'f');
    for (const path of ['../other', 'a/../../x', '/abs', 'a\\b', '%2e%2e/x']) {
      const error = await failure(repo.logArtifact(join(work, 'f.txt'), path));
      expect(MlflowApiError.isInstance(error) && error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    }
    const escape = await failure(repo.downloadArtifacts('../x', join(work, 'esc')));
    expect(MlflowApiError.isInstance(escape) && escape.errorCode).toBe('INVALID_PARAMETER_VALUE');
    // Keys another client wrote under the root: a segment that merely starts with '..' is a name.
    const store = new S3ObjectStore(connection);
    await store.upload({ bucket, key: 'root/ok.txt' }, 'ok');
    await store.upload({ bucket, key: 'root/sub/..weird/name' }, 'fine: "..weird" is a plain name');
    expect((await repo.listArtifacts()).map((f) => f.path)).toEqual(['ok.txt', 'sub']);
    const dst = join(work, 'hostile');
    await repo.downloadArtifacts('', dst);
    expect(readFileSync(join(dst, 'ok.txt'), 'utf8')).toBe('ok');
    expect(readFileSync(join(dst, 'sub', '..weird', 'name'), 'utf8')).toContain('plain name');
    for (const bad of ['s3://ab/x', 's3://UPPER/x', 's3://b/a/../c', 'https://x']) {
      let caught: unknown;
      try {
        repoAt(bad);
      } catch (error) {
        caught = error;
      }
      expect(ObjectStoreError.isInstance(caught) && caught.kind).toBe('invalid-uri');
    }
  });

  it('a wrong secret and a missing bucket are typed errors; the secret is never in them', async () => {
    const bucket = server.createBucket(`cred-${randomBytes(4).toString('hex')}`);
    writeFileSync(join(work, 'g.txt'), 'g');
    const wrong = `wrong-${randomBytes(10).toString('hex')}`;
    const denied = await failure(repoAt(`s3://${bucket}/root`, { secretAccessKey: wrong }).logArtifact(join(work, 'g.txt')));
    expect(ObjectStoreError.isInstance(denied) && { kind: denied.kind, code: denied.code, bucket: denied.bucket, key: denied.key }).toEqual({
      kind: 'invalid-credentials',
      code: 'SignatureDoesNotMatch',
      bucket,
      key: 'root/g.txt',
    });
    expect(inspect(denied, { depth: 20, showHidden: true })).not.toContain(wrong);
    expect(isTransientFailure(denied)).toBe(false);
    const noBucket = await failure(repoAt('s3://no-such-bucket-here/root').listArtifacts());
    expect(ObjectStoreError.isInstance(noBucket) && noBucket.kind).toBe('bucket-not-found');
    expect(noBucket.message).toContain("bucket 'no-such-bucket-here' does not exist");
  });

  it('an endpoint that does not answer is a connection error, which the run logger treats as an outage', async () => {
    writeFileSync(join(work, 'h.txt'), 'h');
    const port = await freePort();
    const error = await failure(repoAt('s3://bucket-x/root', { endpointUrl: `http://127.0.0.1:${port}`, maxAttempts: 2 }).logArtifact(join(work, 'h.txt')));
    expect(MlflowConnectionError.isInstance(error) && { code: error.code, endpoint: error.endpoint }).toEqual({ code: 'ECONNREFUSED', endpoint: 'Upload s3://bucket-x/root/h.txt' });
    expect(isTransientFailure(error)).toBe(true);
    expect(ObjectStoreError.isInstance(error.cause) && error.cause.kind).toBe('unreachable');
  });
});
