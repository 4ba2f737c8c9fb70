/**
 * logModel end to end, then every model URI form resolved and downloaded — against the real
 * server (shared) and a FileStore in a temp folder: byte-identical downloads, MLmodel tracking
 * fields, run outputs and linked metrics, registration (with a concurrent creator), UPLOAD_FAILED
 * on a failing upload or writer, and typed errors that name what exists.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import {
  InvalidModelUriError,
  MLFLOW_FORMAT_VERSION,
  MlflowApiError,
  MlflowClient,
  ModelNotFoundError,
  downloadModel,
  loadModelInfo,
  logModel,
  parseSignature,
  readMLmodel,
  resolveModelUri,
  writeMLmodel,
  type ArtifactRepository,
  type LogModelResult,
} from '@kedro-mlflow/mlflow-client';
import { uniqueName } from '../contract/helpers.js';
import { cleanupTempDirs, listFiles, tempDir } from '../file-store/helpers.js';
import { rejection } from '../contract/helpers.js';

afterAll(cleanupTempDirs);
jest.setTimeout(120_000);

type Maker = () => Promise<{ client: MlflowClient; options: ConstructorParameters<typeof MlflowClient>[0] }>;

const stores: Array<[string, Maker]> = [
  [
    'file store',
    async () => {
      const options = { trackingUri: join(tempDir('models-fs-'), 'mlruns'), env: {} };
      return { client: new MlflowClient(options), options };
    },
  ],
];
if (mlflowAvailable()) {
  stores.push([
    'server',
    async () => {
      const options = { trackingUri: (await sharedMlflowServer()).url, maxRetries: 2, backoffFactorMs: 50, backoffJitterMs: 0, env: {} };
      return { client: new MlflowClient(options), options };
    },
  ]);
}

/** A client whose uploads fail (a full disk, a broken proxy…). */
class FailingUploadClient extends MlflowClient {
  override artifactRepository(uri: string): ArtifactRepository {
    const real = super.artifactRepository(uri);
    return {
      rootUri: real.rootUri,
      logArtifact: async () => Promise.reject(new Error('disk full')),
      logArtifacts: async () => Promise.reject(new Error('disk full')),
      listArtifacts: (path) => real.listArtifacts(path),
      downloadArtifacts: (path, dst) => real.downloadArtifacts(path, dst),
    };
  }
}

function modelFolder(): { dir: string; files: Record<string, Buffer> } {
  const dir = tempDir('model-src-');
  const files: Record<string, Buffer> = {
    'data/weights.bin': randomBytes(150_000),
    'code/loader.py': Buffer.from('def _load_pyfunc(path):\n    return None\n'),
    'notes with space.txt': Buffer.from('héllo\n'),
    'empty.txt': Buffer.alloc(0),
  };
  for (const [rel, bytes] of Object.entries(files)) {
    mkdirSync(join(dir, ...rel.split('/').slice(0, -1)), { recursive: true });
    writeFileSync(join(dir, ...rel.split('/')), bytes);
  }
  return { dir, files };
}

describe.each(stores)('logModel and model URIs (%s)', (label, make) => {
  let client: MlflowClient;
  let clientOptions: ConstructorParameters<typeof MlflowClient>[0];
  let experimentId: string;
  let runId: string;
  let registered: string;
  let source: { dir: string; files: Record<string, Buffer> };
  let first: LogModelResult;

  beforeAll(async () => {
    ({ client, options: clientOptions } = await make());
    experimentId = await client.createExperiment(uniqueName('models'));
    runId = (await client.createRun(experimentId, { runName: 'train' })).info.runId;
    await client.logBatch(runId, {
      params: { lr: 0.1, depth: 3 },
      metrics: [
        { key: 'acc', value: 0.5, step: 1, timestamp: 1_700_000_000_000 },
        { key: 'acc', value: 0.9, step: 2, timestamp: 1_700_000_000_100 },
        { key: 'loss', value: 0.2, step: 2, timestamp: 1_700_000_000_200 },
      ],
    });
    registered = uniqueName('clf');
    source = modelFolder();
    first = await logModel(client, {
      name: 'clf',
      localDir: source.dir,
      flavors: { kedro_test: { pipeline: '__default__', entries: ['a', 'b'] } },
      runId,
      step: 2,
      inputExample: [
        { x: 1.5, city: 'Paris' },
        { x: 2, city: null },
      ],
      metadata: { owner: 'ml-team' },
      params: { depth: 4 },
      tags: { team: 'ml' },
      pipRequirements: ['numpy>=1.26', 'pandas'],
      pythonVersion: '3.11.7',
      registeredModelName: registered,
      registeredModelAliases: ['champion'],
    });
  });

  afterAll(async () => client?.close());

  it('creates a READY logged model linked to its run, with params, tags and the step’s metrics', async () => {
    expect(first.modelId).toMatch(/^m-[0-9a-f]{32}$/);
    expect(first.modelUri).toBe(`models:/${first.modelId}`);
    expect(first.artifactUri).toMatch(new RegExp(`/models/${first.modelId}/artifacts$`));
    expect(first).toMatchObject({ experimentId, runId });
    const model = await client.getLoggedModel(first.modelId);
    expect(model).toMatchObject({ status: 'LOGGED_MODEL_READY', name: 'clf', sourceRunId: runId, experimentId, artifactUri: first.artifactUri });
    expect(model.params).toEqual({ lr: '0.1', depth: '4' });
    expect(model.tags).toMatchObject({ team: 'ml', 'mlflow.source.type': 'LOCAL' });
    expect(model.tags['mlflow.user']).toEqual(expect.any(String));
    expect(model.registrations).toContainEqual({ name: registered, version: '1' });
    expect(model.metrics.map((m) => [m.key, m.value, m.step]).sort()).toEqual([
      ['acc', 0.9, 2],
      ['loss', 0.2, 2],
    ]);
    const run = await client.getRun(runId);
    expect(run.outputs.modelOutputs).toEqual([{ modelId: first.modelId, step: 2 }]);
  });

  it('writes the MLmodel tracking fields like MLflow 3', async () => {
    const m = first.mlmodel;
    expect(m).toMatchObject({ artifactPath: first.artifactUri, modelUuid: first.modelId, modelId: first.modelId, runId, metadata: { owner: 'ml-team' } });
    expect(m.utcTimeCreated).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
    const expectedVersion = label === 'server' ? (await (await fetch(`${(await sharedMlflowServer()).url}/version`)).text()).trim() : MLFLOW_FORMAT_VERSION;
    expect(m.mlflowVersion).toBe(expectedVersion);
    expect(m.flavors).toEqual({ kedro_test: { pipeline: '__default__', entries: ['a', 'b'] } });
    expect(parseSignature(m.signature!).inputs).toEqual({
      type: 'columns',
      columns: [
        { name: 'x', type: 'double', required: true },
        { name: 'city', type: 'string', required: false },
      ],
    });
    expect(m.savedInputExampleInfo).toEqual({ artifactPath: 'input_example.json', type: 'dataframe', pandasOrient: 'split', servingInputPath: 'serving_input_example.json' });
    const sourceBytes = Object.values(source.files).reduce((n, b) => n + b.length, 0);
    expect(m.modelSizeBytes).toBeGreaterThan(sourceBytes);
    expect(m.extra).toMatchObject({ is_signature_from_type_hint: false, type_hint_from_example: false });
  });

  it('registers a READY version from models:/<model_id> with the alias', () => {
    expect(first.registeredModelVersion).toMatchObject({ name: registered, version: '1', source: `models:/${first.modelId}`, status: 'READY', aliases: ['champion'], runId });
  });

  it('downloads byte-identical files through models:/name@alias, and the same folder through every other form', async () => {
    const generated = ['MLmodel', 'conda.yaml', 'input_example.json', 'python_env.yaml', 'requirements.txt', 'serving_input_example.json'];
    const expected = [...Object.keys(source.files), ...generated].sort();
    const viaAlias = await downloadModel(client, `models:/${registered}@champion`, join(tempDir('dl-'), 'model'));
    expect(listFiles(viaAlias)).toEqual(expected);
    for (const [rel, bytes] of Object.entries(source.files)) expect(readFileSync(join(viaAlias, ...rel.split('/'))).equals(bytes)).toBe(true);
    expect(await readMLmodel(viaAlias)).toEqual(first.mlmodel);
    expect(readFileSync(join(viaAlias, 'requirements.txt'), 'utf8')).toBe('numpy>=1.26\npandas');
    expect(readFileSync(join(viaAlias, 'python_env.yaml'), 'utf8')).toBe('python: 3.11.7\nbuild_dependencies:\n- pip\n- setuptools\n- wheel\ndependencies:\n- -r requirements.txt\n');
    expect(JSON.parse(readFileSync(join(viaAlias, 'serving_input_example.json'), 'utf8'))).toEqual({ dataframe_split: { columns: ['x', 'city'], data: [[1.5, 'Paris'], [2, null]] } });

    for (const uri of [first.modelUri, `models:/${registered}/1`, `models:/${registered}/latest`, `runs:/${runId}/clf`]) {
      const local = await downloadModel(client, uri);
      expect([uri, listFiles(local)]).toEqual([uri, expected]);
      expect(readFileSync(join(local, 'data', 'weights.bin')).equals(source.files['data/weights.bin']!)).toBe(true);
      expect(await loadModelInfo(client, uri)).toEqual(first.mlmodel);
    }
    // A bare artifact URI downloads to <dst>/<last segment>, like Python's download_artifacts.
    const dst = tempDir('dl-art-');
    const viaArtifactUri = await downloadModel(client, first.artifactUri, dst);
    expect(viaArtifactUri).toBe(join(dst, 'artifacts'));
    expect(listFiles(viaArtifactUri)).toEqual(expected);
    // A path inside a model downloads just that.
    const weights = await downloadModel(client, `models:/${registered}@champion/data/weights.bin`, tempDir('dl-file-'));
    expect(readFileSync(weights).equals(source.files['data/weights.bin']!)).toBe(true);
    // Python's registered_model_meta, on request.
    const withMeta = await downloadModel(client, `models:/${registered}/1`, tempDir('dl-meta-'), { writeRegisteredModelMeta: true });
    expect(readFileSync(join(withMeta, 'registered_model_meta'), 'utf8')).toBe(`model_name: ${registered}\nmodel_version: '1'\n`);
  });

  it('resolves every form to where the files are', async () => {
    const alias = await resolveModelUri(client, `models:/${registered}@champion`);
    expect(alias).toMatchObject({ rootUri: first.artifactUri, path: '', name: registered, version: '1', modelId: first.modelId, runId });
    expect(await resolveModelUri(client, first.modelUri)).toMatchObject({ rootUri: first.artifactUri, path: '', modelId: first.modelId, runId });
    expect(await resolveModelUri(client, `runs:/${runId}/clf/data`)).toMatchObject({ rootUri: first.artifactUri, path: 'data', modelId: first.modelId });
    // The thin MlflowClient methods delegate to the same functions.
    expect(await client.loadModelInfo(`models:/${registered}@champion`)).toEqual(first.mlmodel);
    expect(listFiles(await client.downloadModel(first.modelUri))).toContain('data/weights.bin');
  });

  it('logs from a writer, without a run, as a second version; latest and stages follow', async () => {
    const second = await logModel(client, {
      name: 'clf-v2',
      experimentId,
      flavors: { kedro_test: { pipeline: 'v2' } },
      write: async (dir, model) => {
        writeFileSync(join(dir, 'model.json'), JSON.stringify({ id: model.modelId }));
      },
      registeredModelName: registered,
    });
    expect(second.runId).toBeUndefined();
    expect(second.mlmodel.runId).toBeUndefined();
    expect(second.registeredModelVersion).toMatchObject({ version: '2', source: `models:/${second.modelId}` });
    const latest = await downloadModel(client, `models:/${registered}/latest`);
    expect(JSON.parse(readFileSync(join(latest, 'model.json'), 'utf8'))).toEqual({ id: second.modelId });
    expect(listFiles(latest)).toEqual(['MLmodel', 'model.json']);
    await client.transitionModelVersionStage(registered, '1', 'Staging');
    expect((await resolveModelUri(client, `models:/${registered}/staging`)).version).toBe('1');
    expect((await loadModelInfo(client, `models:/${registered}/Staging`)).modelId).toBe(first.modelId);
  });

  it('re-logs a downloaded model folder, keeping its flavors and signature but not its identity', async () => {
    const local = await downloadModel(client, first.modelUri);
    const again = await logModel(client, { name: 'relogged', localDir: local, experimentId });
    expect(again.modelId).not.toBe(first.modelId);
    expect(again.mlmodel).toMatchObject({ flavors: first.mlmodel.flavors, signature: first.mlmodel.signature, savedInputExampleInfo: first.mlmodel.savedInputExampleInfo, modelId: again.modelId, artifactPath: again.artifactUri });
    expect(again.mlmodel.runId).toBeUndefined();
    expect((await readMLmodel(await downloadModel(client, again.modelUri))).modelUuid).toBe(again.modelId);
  });

  it('tolerates a concurrent creator of the registered model', async () => {
    const name = uniqueName('race');
    const results = await Promise.all(
      [1, 2, 3].map((i) => client.logModel({ name: `race${i}`, experimentId, flavors: { f: { i } }, write: async (dir) => writeFileSync(join(dir, 'x'), String(i)), registeredModelName: name })),
    );
    expect(results.map((r) => r.registeredModelVersion!.version).sort()).toEqual(['1', '2', '3']);
  });

  it('runs:/ prefers the run’s own artifacts (models logged the MLflow 2 way)', async () => {
    const legacy = tempDir('legacy-');
    await writeMLmodel(legacy, { flavors: { f: {} }, artifactPath: 'legacy', runId, extra: {} });
    writeFileSync(join(legacy, 'w.bin'), 'w');
    await client.logArtifacts(runId, legacy, 'legacy');
    const dst = tempDir('dl-legacy-');
    const local = await downloadModel(client, `runs:/${runId}/legacy`, dst);
    expect(local).toBe(join(dst, 'legacy'));
    expect(listFiles(local)).toEqual(['MLmodel', 'w.bin']);
    expect((await resolveModelUri(client, `runs:/${runId}/legacy`)).modelId).toBeUndefined();
    await client.logArtifacts(runId, legacy, 'not-a-model/inner');
    const notModel = await rejection(downloadModel(client, `runs:/${runId}/not-a-model`));
    expect(ModelNotFoundError.isInstance(notModel) && notModel.missing).toBe('mlmodel');
    expect((notModel as ModelNotFoundError).available).toEqual(['inner']);
  });

  it.each([
    ['an unknown version', (r: string) => `models:/${r}/99`, 'version', (e: ModelNotFoundError) => expect(e.available).toEqual(expect.arrayContaining(['1', '2']))],
    ['an unknown alias', (r: string) => `models:/${r}@nope`, 'alias', (e: ModelNotFoundError) => expect(e.available).toEqual(['@champion (version 1)'])],
    ['an unknown registered model (version)', () => `models:/${uniqueName('nope')}/1`, 'registered-model', undefined],
    ['an unknown registered model (alias)', () => `models:/${uniqueName('nope')}@x`, 'registered-model', undefined],
    ['an unknown registered model (latest)', () => `models:/${uniqueName('nope')}/latest`, 'registered-model', undefined],
    ['an empty stage', (r: string) => `models:/${r}/Production`, 'stage', undefined],
    ['an unknown logged model', () => 'models:/m-00000000000000000000000000000000', 'logged-model', undefined],
    ['an unknown run', () => 'runs:/0123456789abcdef0123456789abcdef/model', 'run', undefined],
  ])('refuses %s with ModelNotFoundError', async (_label, uri, missing, extra) => {
    const target = uri(registered);
    const error = await rejection(downloadModel(client, target));
    expect(ModelNotFoundError.isInstance(error)).toBe(true);
    const e = error as ModelNotFoundError;
    expect(e).toMatchObject({ missing, errorCode: 'RESOURCE_DOES_NOT_EXIST', status: 404 });
    expect(MlflowApiError.isNotFound(e)).toBe(true);
    expect(e.message).toContain(`${target}: `);
    extra?.(e);
  });

  it('names the run’s artifacts and logged models when runs:/ finds neither', async () => {
    const e = (await rejection(loadModelInfo(client, `runs:/${runId}/nothing-here`))) as ModelNotFoundError;
    expect(e.missing).toBe('artifact');
    expect(e.available).toEqual(expect.arrayContaining(['legacy', `clf (logged model ${first.modelId})`]));
  });

  it('refuses malformed and escaping URIs before any request', async () => {
    for (const uri of [`runs:/${runId}/../${runId}/clf`, `models:/${registered}/1/%2e%2e/x`, 'models:/x/notaversion', 'gs://bucket/model']) {
      expect(InvalidModelUriError.isInstance(await rejection(downloadModel(client, uri)))).toBe(true);
    }
  });

  it('marks the model UPLOAD_FAILED when the upload fails, then rethrows', async () => {
    const failing = new FailingUploadClient(clientOptions);
    const error = await rejection(logModel(failing, { name: 'broken', experimentId, flavors: { f: {} }, localDir: source.dir }));
    expect(error.message).toBe('disk full');
    const broken = (await client.searchLoggedModels(experimentId, { filter: "name = 'broken'" })).items;
    expect(broken.map((m) => m.status)).toEqual(['LOGGED_MODEL_UPLOAD_FAILED']);
    await failing.close();
  });

  it('marks the model UPLOAD_FAILED when the writer throws, and registers nothing', async () => {
    const name = uniqueName('never');
    const error = await rejection(
      logModel(client, {
        name: 'writer-fails',
        experimentId,
        flavors: { f: {} },
        write: async () => Promise.reject(new Error('cannot serialise')),
        registeredModelName: name,
      }),
    );
    expect(error.message).toBe('cannot serialise');
    const models = (await client.searchLoggedModels(experimentId, { filter: "name = 'writer-fails'" })).items;
    expect(models.map((m) => m.status)).toEqual(['LOGGED_MODEL_UPLOAD_FAILED']);
    expect(MlflowApiError.isNotFound(await rejection(client.getRegisteredModel(name)))).toBe(true);
  });

  it('rejects bad options before creating anything', async () => {
    const before = (await client.searchLoggedModels(experimentId, { maxResults: 50 })).items.length;
    const cases: Array<[Parameters<typeof logModel>[1], string]> = [
      [{ name: 'a/b', flavors: { f: {} }, experimentId }, "Invalid model name 'a/b'"],
      [{ name: 'x', localDir: source.dir, write: async () => undefined, flavors: { f: {} }, experimentId }, 'either localDir or write'],
      [{ name: 'x', localDir: source.dir, experimentId }, 'no flavors given and no MLmodel'],
      [{ name: 'x', localDir: join(source.dir, 'missing'), flavors: { f: {} }, experimentId }, 'is not a folder'],
      [{ name: 'x', flavors: { f: {} }, experimentId, inputExample: [] }, 'at least one row'],
      [{ name: 'x', flavors: { f: {} }, experimentId, signature: { inputs: { type: 'columns', columns: [] } } }, 'signature.inputs: a schema needs at least one column'],
      [{ name: 'x', flavors: { f: {} }, experimentId, pipRequirements: ['a\nb'] }, 'pipRequirements[0] must be one non-empty line'],
      [{ name: 'x', flavors: { f: {} }, experimentId, registeredModelName: 'r', registeredModelAliases: ['latest'] }, "Invalid alias 'latest'"],
      [{ name: 'x', flavors: { f: {} }, runId, experimentId: '999999' }, `belongs to experiment ${experimentId}`],
    ];
    for (const [options, message] of cases) {
      const error = await rejection(logModel(client, options));
      expect([message, MlflowApiError.isInstance(error) && error.errorCode]).toEqual([message, 'INVALID_PARAMETER_VALUE']);
      expect(error.message).toContain(message);
    }
    expect((await client.searchLoggedModels(experimentId, { maxResults: 50 })).items.length).toBe(before);
  });
});
