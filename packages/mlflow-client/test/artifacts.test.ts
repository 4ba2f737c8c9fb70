import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import {
  artifactRepositoryFor,
  artifactRepositorySchemes,
  HttpArtifactRepository,
  LocalArtifactRepository,
  MlflowClient,
  registerArtifactRepository,
  RestStore,
  S3ArtifactRepository,
  UnsupportedUriError,
} from '@kedro-mlflow/mlflow-client';
import { apiError, uniqueName } from './contract/helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

describe('artifact repository factory', () => {
  it('picks a repository by scheme and refuses unknown schemes with a hint', () => {
    expect(artifactRepositoryFor('mlflow-artifacts:/1/x', { trackingUri: 'http://127.0.0.1:1' })).toBeInstanceOf(HttpArtifactRepository);
    expect(artifactRepositoryFor('mlflow-artifacts:/1/x', { trackingUri: 'http://127.0.0.1:1' }).rootUri).toBe('http://127.0.0.1:1/api/2.0/mlflow-artifacts/artifacts/1/x');
    expect(artifactRepositoryFor('https://h/api/2.0/mlflow-artifacts/artifacts/1')).toBeInstanceOf(HttpArtifactRepository);
    expect(artifactRepositoryFor('file:///tmp/x').constructor.name).toBe('LocalArtifactRepository');
    expect(artifactRepositoryFor('S3://bucket/1/abc/')).toBeInstanceOf(S3ArtifactRepository);
    expect(artifactRepositoryFor('s3://bucket/1/abc/').rootUri).toBe('s3://bucket/1/abc');
    expect(artifactRepositorySchemes()).toEqual(['file', 'http', 'https', 'mlflow-artifacts', 's3']);
    for (const uri of ['gs://b/x', 'dbfs:/x', 'wasbs://c@a.blob.core.windows.net/x']) {
      let caught: unknown;
      try {
        artifactRepositoryFor(uri);
      } catch (error) {
        caught = error;
      }
      expect(UnsupportedUriError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toContain(`'${uri.split(':')[0]}:'`);
      expect((caught as Error).message).toMatch(/--serve-artifacts/);
      expect((caught as Error).message).toContain('registerArtifactRepository');
    }
  });

  it('takes repositories for new schemes, and replacements of built-in ones, by registration', () => {
    const made: string[] = [];
    registerArtifactRepository('memo', (uri) => {
      made.push(uri);
      return new LocalArtifactRepository(join(tmpdir(), 'memo-artifacts'));
    });
    expect(artifactRepositoryFor('memo://x/y')).toBeInstanceOf(LocalArtifactRepository);
    expect(made).toEqual(['memo://x/y']);
    expect(artifactRepositorySchemes()).toContain('memo');
    let caught: unknown;
    try {
      registerArtifactRepository('x', () => new LocalArtifactRepository('/tmp'));
    } catch (error) {
      caught = error;
    }
    expect(UnsupportedUriError.isInstance(caught)).toBe(true);
  });
});

withMlflow('artifacts through the real server’s proxy', () => {
  let client: MlflowClient;
  let experimentId: string;
  let serverArtifacts: string;
  let work: string;

  beforeAll(async () => {
    const server = await sharedMlflowServer();
    serverArtifacts = server.artifactsDir;
    client = new MlflowClient({ trackingUri: server.url, maxRetries: 2, backoffFactorMs: 50, backoffJitterMs: 0, env: {} });
    experimentId = await client.createExperiment(uniqueName('artifacts'));
    work = mkdtempSync(join(tmpdir(), 'artifacts-test-'));
  }, 120_000);

  afterAll(async () => {
    await client?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  function makeTree(root: string): Record<string, Buffer> {
    const files: Record<string, Buffer> = {
      'README.md': Buffer.from('# hello\n'),
      'a/b/deep.txt': Buffer.from('deep'),
      'a/shallow.json': Buffer.from('{"x": 1}'),
      'a/b/c/d/e/leaf.bin': randomBytes(1024 * 1024 + 17),
      'spaces and ünïcode/file name.txt': Buffer.from('unicode'),
    };
    for (const [rel, content] of Object.entries(files)) {
      mkdirSync(join(root, ...rel.split('/').slice(0, -1)), { recursive: true });
      writeFileSync(join(root, ...rel.split('/')), content);
    }
    return files;
  }

  it('uploads a file and a nested folder, lists and downloads them byte for byte', async () => {
    const run = await client.createRun(experimentId);
    const runId = run.info.runId;
    const src = join(work, 'tree');
    const files = makeTree(src);
    const single = join(work, 'single.txt');
    writeFileSync(single, 'one file');
    await client.logArtifact(runId, single);
    await client.logArtifact(runId, single, 'nested/dir');
    await client.logArtifacts(runId, src, 'tree');

    const root = await client.listArtifacts(runId);
    expect(root.map((f) => [f.path, f.isDir])).toEqual([
      ['nested', true],
      ['single.txt', false],
      ['tree', true],
    ]);
    expect(root.find((f) => f.path === 'single.txt')!.fileSize).toBe(8);
    expect((await client.listArtifacts(runId, 'tree/a')).map((f) => f.path)).toEqual(['tree/a/b', 'tree/a/shallow.json']);
    expect(await client.listArtifacts(runId, 'tree/a/shallow.json')).toEqual([]);

    // The files really are in the server's artifact store, where Python MLflow expects them.
    expect(readFileSync(join(serverArtifacts, experimentId, runId, 'artifacts', 'tree', 'a', 'b', 'deep.txt'), 'utf8')).toBe('deep');

    const out = join(work, 'download');
    const local = await client.downloadArtifacts(runId, 'tree', out);
    expect(local).toBe(join(out, 'tree'));
    for (const [rel, content] of Object.entries(files)) expect(readFileSync(join(out, 'tree', ...rel.split('/'))).equals(content)).toBe(true);
    const file = await client.downloadArtifacts(runId, 'nested/dir/single.txt', join(work, 'one'));
    expect(readFileSync(file, 'utf8')).toBe('one file');
    const whole = await client.downloadArtifacts(runId, '', join(work, 'whole'));
    expect(readFileSync(join(whole, 'tree', 'a', 'b', 'c', 'd', 'e', 'leaf.bin')).equals(files['a/b/c/d/e/leaf.bin']!)).toBe(true);
    expect(existsSync(join(whole, 'single.txt'))).toBe(true);

    // The server's own listing (tracking API) agrees.
    const listing = await (client.trackingStore as RestStore).listRunArtifacts(runId, 'tree/a');
    expect(listing.files.map((f) => f.path)).toEqual(['tree/a/b', 'tree/a/shallow.json']);
    expect(listing.rootUri).toBe(run.info.artifactUri);
  }, 60_000);

  it('writes text and JSON artifacts', async () => {
    const run = await client.createRun(experimentId);
    await client.logText(run.info.runId, 'some notes', 'notes/readme.txt');
    await client.logDict(run.info.runId, { a: [1, 2] }, 'config.json');
    const out = join(work, 'text');
    expect(readFileSync(await client.downloadArtifacts(run.info.runId, 'notes/readme.txt', out), 'utf8')).toBe('some notes');
    expect(JSON.parse(readFileSync(await client.downloadArtifacts(run.info.runId, 'config.json', out), 'utf8'))).toEqual({ a: [1, 2] });
  });

  it('refuses paths escaping the artifact root before any request', async () => {
    const run = await client.createRun(experimentId);
    const runId = run.info.runId;
    for (const bad of ['../../etc', '/etc/passwd', '%2e%2e/x', 'a/%252E%252E/%252E%252E/b']) {
      expect((await apiError(client.listArtifacts(runId, bad))).errorCode).toBe('INVALID_PARAMETER_VALUE');
      expect((await apiError(client.downloadArtifacts(runId, bad, join(work, 'nope')))).errorCode).toBe('INVALID_PARAMETER_VALUE');
      expect((await apiError(client.logArtifact(runId, join(work, 'single.txt'), bad))).errorCode).toBe('INVALID_PARAMETER_VALUE');
    }
    expect(existsSync(join(work, 'nope'))).toBe(false);
  });

  it('reports a missing artifact with MLflow’s code', async () => {
    const run = await client.createRun(experimentId);
    const error = await apiError(client.downloadArtifacts(run.info.runId, 'missing.txt', join(work, 'missing')));
    expect(error.status).toBe(404);
    expect(existsSync(join(work, 'missing', 'missing.txt'))).toBe(false);
  });

  it('works with an http(s) artifact root URL and deletes artifacts', async () => {
    const run = await client.createRun(experimentId);
    const { url } = await sharedMlflowServer();
    const repo = artifactRepositoryFor(`${url}/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${run.info.runId}/artifacts`, { http: client.transport });
    const src = join(work, 'http-root.txt');
    writeFileSync(src, 'via http');
    await repo.logArtifact(src, 'x');
    expect((await client.listArtifacts(run.info.runId, 'x')).map((f) => f.path)).toEqual(['x/http-root.txt']);
    await repo.deleteArtifacts!('x/http-root.txt');
    expect(await client.listArtifacts(run.info.runId, 'x')).toEqual([]);
  });

  it('uploads and lists a logged model’s files', async () => {
    const model = await client.createLoggedModel(experimentId, { name: 'withfiles' });
    expect(model.artifactUri).toMatch(/^mlflow-artifacts:\//);
    const dir = join(work, 'model');
    mkdirSync(join(dir, 'data'), { recursive: true });
    writeFileSync(join(dir, 'MLmodel'), 'flavors: {}\n');
    writeFileSync(join(dir, 'data', 'weights.bin'), randomBytes(100));
    await client.logModelArtifacts(model.modelId, dir);
    await client.finalizeLoggedModel(model.modelId);
    expect((await client.listLoggedModelArtifacts(model.modelId)).map((f) => f.path)).toEqual(['MLmodel', 'data']);
    expect(readFileSync(join(serverArtifacts, experimentId, 'models', model.modelId, 'artifacts', 'MLmodel'), 'utf8')).toBe('flavors: {}\n');
  });
});
