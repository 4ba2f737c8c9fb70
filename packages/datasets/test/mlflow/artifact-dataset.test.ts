/**
 * MlflowArtifactDataset against the real MLflow server and an embedded mlruns folder: kedro-mlflow's
 * tests/io/artifacts/test_mlflow_artifact_dataset.py (named in each test), plus the fixes of
 * #566 (load_run_id / save_run_id), #622 (an explicit run id wins), #682 (missing parent folders,
 * folders) and "no silent run".
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AbstractDataset, captureLogs, DataCatalog, MemoryDataset } from '@kedro-mlflow/core-pipeline';
import { mlflowAvailable } from '@kedro-mlflow/mlflow-test-server';
import type { ColumnTable } from 'arquero';
import { CSVDataset, DatasetOptionError, MlflowArtifactDataset, MlflowDatasetError, registerDatasetTypes, runInMlflowScope, type Partitions } from '../../src/index.js';
import { rejection, tempFolders, thrown } from '../helpers.js';
import { artifactFiles, df1, df2, inRunScope, newRun, runIds, useTarget, type Target } from './helpers.js';

jest.setTimeout(120_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
const folder = tempFolders();
const rows = (table: unknown): object[] => (table as ColumnTable).objects();
beforeAll(() => registerDatasetTypes());

/** A custom dataset overriding the public load/save (kedro's "modern" datasets). */
class ModernTextDataset extends AbstractDataset<string> {
  readonly filepath: string;
  constructor(options: { filepath: string }) {
    super(options);
    this.filepath = options.filepath;
  }
  override async load(): Promise<string> {
    return readFileSync(this.filepath, 'utf8');
  }
  override async save(data: string): Promise<void> {
    writeFileSync(this.filepath, data);
  }
  protected _load(): string {
    throw new Error('not used');
  }
  protected _save(): void {
    throw new Error('not used');
  }
  protected _describe(): Record<string, unknown> {
    return { filepath: this.filepath };
  }
}

/** A custom dataset implementing only the protected _load/_save (kedro's "legacy" datasets). */
class LegacyTextDataset extends AbstractDataset<string> {
  readonly filepath: string;
  constructor(options: { filepath: string }) {
    super(options);
    this.filepath = options.filepath;
  }
  protected _load(): string {
    return readFileSync(this.filepath, 'utf8');
  }
  protected _save(data: string): void {
    writeFileSync(this.filepath, data);
  }
  protected _describe(): Record<string, unknown> {
    return { filepath: this.filepath };
  }
}

describe('MlflowArtifactDataset without a tracking server', () => {
  it('test_mlflow_artifact_logging_deactivation_is_bool: loggingActivated takes only booleans', () => {
    const ds = new MlflowArtifactDataset({ dataset: { type: 'CSVDataset', filepath: join(folder(), 'df.csv') } });
    const error = thrown(() => {
      (ds as unknown as { loggingActivated: unknown }).loggingActivated = 'hello';
    });
    expect(DatasetOptionError.isInstance(error) && error.option === 'loggingActivated').toBe(true);
    expect(error.message).toBe('loggingActivated of dataset MlflowArtifactDataset must be true or false, got string.');
  });

  it.each([undefined, {}, { owner: 'team', secret_hint: 'x' }])('test_artifact_dataset_with_metadata (%p): metadata is kept and not described', (metadata) => {
    const filepath = join(folder(), 'df.csv');
    const ds = new MlflowArtifactDataset({ dataset: { type: 'pandas.CSVDataset', filepath }, artifact_path: 'dir', metadata });
    expect(ds.metadata).toEqual(metadata);
    expect(ds.toString()).toBe(`MlflowArtifactDataset(dataset=CSVDataset(filepath='${filepath}'), artifact_path='dir')`);
  });

  it('wrapping a dataset with no file path is a typed error naming the dataset, when the catalog builds it', async () => {
    const catalog = await DataCatalog.fromConfig({ memory_artifact: { type: 'kedro_mlflow.io.artifacts.MlflowArtifactDataset', dataset: { type: 'MemoryDataset' } } });
    const error = thrown(() => catalog.getDataset('memory_artifact'));
    // The catalog says which entry failed to build; the cause carries the typed fields.
    const cause = error.cause;
    expect(MlflowDatasetError.isInstance(cause) && cause.kind === 'not-a-file-dataset' && cause.dataset === "'memory_artifact'").toBe(true);
    expect(error.message).toContain("MlflowArtifactDataset 'memory_artifact' wraps a MemoryDataset, which keeps no local file or folder to log as an artifact.");
    expect(thrown(() => new MlflowArtifactDataset({ dataset: { type: MemoryDataset } })).message).toContain('wraps a MemoryDataset');
  });

  it.each([
    [{ type: 'CSVDataset', filepath: 'x.csv' }, '../outside', 'artifact_path', 'Invalid artifact path "../outside"'],
    ['CSVDataset', undefined, 'dataset', "'dataset' must be the wrapped dataset's entry"],
    [{ filepath: 'x.csv' }, undefined, 'dataset', "'dataset' must be the wrapped dataset's entry"],
    [{ type: 'NoSuchDataset', filepath: 'x.csv' }, undefined, 'dataset', "the wrapped dataset's type cannot be used"],
  ])('bad options are DatasetOptionErrors naming the dataset and the option (%p, %p)', (dataset, artifact_path, option, text) => {
    const error = thrown(() => new MlflowArtifactDataset({ dataset: dataset as Record<string, unknown>, artifact_path }, { name: 'reviews' }));
    expect(DatasetOptionError.isInstance(error) && error.option === option && error.dataset === "'reviews'").toBe(true);
    expect(error.message).toContain("Dataset 'reviews': ");
    expect(error.message).toContain(text);
  });

  it('credentials go to the wrapped dataset and are never described (§9.2 item 9)', () => {
    const ds = new MlflowArtifactDataset({ dataset: { type: 'CSVDataset', filepath: join(folder(), 'x.csv') }, credentials: { token: 's3cr3t' } });
    expect((ds.dataset as unknown as { initConfig(): Record<string, unknown> }).initConfig().credentials).toEqual({ token: 's3cr3t' });
    expect(ds.toString()).not.toContain('s3cr3t');
  });

  it('outside a pipeline run and without a run id, saves locally only, says so, and creates no run', async () => {
    const filepath = join(folder(), 'df.csv');
    const logs = captureLogs('warn');
    try {
      await new MlflowArtifactDataset({ dataset: { type: 'CSVDataset', filepath } }, { name: 'local_only' }).save(df1());
    } finally {
      logs.restore();
    }
    expect(existsSync(filepath)).toBe(true);
    expect(logs.messages('warn').join('\n')).toContain("Dataset 'local_only' was saved locally only: there is no MLflow run to log it to.");
  });
});

withMlflow.each(['server', 'mlruns'] as const)('MlflowArtifactDataset (%s)', (kind) => {
  let target: Target & { restore(): Promise<void> };
  beforeAll(async () => {
    target = await useTarget(kind);
  });
  afterAll(() => target.restore());

  const csv = (filepath: string, more: Record<string, unknown> = {}) => ({ type: 'CSVDataset', filepath, ...more });

  describe.each([
    ['CSVDataset', 'df.csv'],
    ['pickle.PickleDataset', 'df.pkl'],
  ])('test_mlflow_csv_pkl_dataset_save_reload (%s)', (type, file) => {
    it.each([undefined, 'artifact_dir'])('artifact_path %p: the file is logged to the pipeline run and loads back', async (artifact_path) => {
      const filepath = join(folder(), file);
      const runId = await newRun(target);
      const ds = new MlflowArtifactDataset({ dataset: { type, filepath }, artifact_path });
      const data = type === 'CSVDataset' ? df1() : { col1: [1, 2], col2: [4, 5] };
      await inRunScope(target, runId, () => ds.save(data));
      expect(await artifactFiles(target, runId)).toEqual([artifact_path === undefined ? file : `${artifact_path}/${file}`]);
      const loaded = await ds.load();
      expect(type === 'CSVDataset' ? rows(loaded) : loaded).toEqual(type === 'CSVDataset' ? rows(df1()) : data);
    });
  });

  it('test_mlflow_csv_pkl_dataset_save_reload (type given as a class)', async () => {
    const filepath = join(folder(), 'df.csv');
    const runId = await newRun(target);
    await inRunScope(target, runId, () => new MlflowArtifactDataset({ dataset: { type: CSVDataset, filepath } }).save(df1()));
    expect(await artifactFiles(target, runId)).toEqual(['df.csv']);
  });

  it.each([true, false])('test_artifact_dataset_save_with_run_id (inside a pipeline run: %p): the given run wins, no run is created (#622)', async (inside) => {
    const given = await newRun(target);
    const pipelineRun = await newRun(target);
    const before = await runIds(target);
    const ds = new MlflowArtifactDataset({ dataset: csv(join(folder(), 'df1.csv')), run_id: given });
    await (inside ? inRunScope(target, pipelineRun, () => ds.save(df1())) : ds.save(df1()));
    expect(await runIds(target)).toEqual(before);
    expect(await artifactFiles(target, given)).toEqual(['df1.csv']);
    expect(await artifactFiles(target, pipelineRun)).toEqual([]);
    expect((await target.client.getRun(pipelineRun)).info.status).toBe('RUNNING');
    expect(rows(await ds.load())).toEqual(rows(df1()));
  });

  it('test_is_versioned_dataset_logged_correctly_in_mlflow: only the version file is logged', async () => {
    const filepath = join(folder(), 'df.csv');
    const runId = await newRun(target);
    const ds = new MlflowArtifactDataset({ dataset: csv(filepath, { versioned: true }) });
    await inRunScope(target, runId, () => ds.save(df1()));
    const entries = await target.client.listArtifacts(runId);
    expect(entries.map((e) => [e.path, e.isDir])).toEqual([['df.csv', false]]);
    expect(rows(await ds.load())).toEqual(rows(df1()));
  });

  it("versioned: true on the artifact entry versions the wrapped dataset with the catalog's save version", async () => {
    const filepath = join(folder(), 'df.csv');
    const catalog = await DataCatalog.fromConfig({ df: { type: 'MlflowArtifactDataset', versioned: true, dataset: csv(filepath) } }, { saveVersion: '2024-01-15T10.30.00.123Z' });
    const runId = await newRun(target);
    await inRunScope(target, runId, () => catalog.save('df', df2()));
    expect(statSync(join(filepath, '2024-01-15T10.30.00.123Z', 'df.csv')).isFile()).toBe(true);
    expect(await artifactFiles(target, runId)).toEqual(['df.csv']);
  });

  it('test_artifact_dataset_logging_deactivation: logging off or tracking disabled → local save only, nothing logged, no run', async () => {
    const runId = await newRun(target);
    const before = await runIds(target);
    const off = new MlflowArtifactDataset({ dataset: csv(join(folder(), 'a.csv')) });
    off.loggingActivated = false;
    await inRunScope(target, runId, () => off.save(df1()));
    const disabledPath = join(folder(), 'b.csv');
    await runInMlflowScope({ enabled: false }, () => new MlflowArtifactDataset({ dataset: csv(disabledPath), run_id: runId }).save(df1()));
    expect(await artifactFiles(target, runId)).toEqual([]);
    expect(await runIds(target)).toEqual(before);
    expect(rows(await off.load())).toEqual(rows(df1()));
    expect(rows(await new CSVDataset({ filepath: disabledPath }).load())).toEqual(rows(df1()));
  });

  it('test_artifact_dataset_load_with_run_id: local load by default; setting run_id reloads that run', async () => {
    const filepath = join(folder(), 'df.csv');
    const [run1, run2] = [await newRun(target), await newRun(target)];
    const ds = new MlflowArtifactDataset({ dataset: csv(filepath) });
    await inRunScope(target, run1, () => ds.save(df1()));
    await inRunScope(target, run2, () => ds.save(df2()));
    expect(rows(await ds.load())).toEqual(rows(df2()));
    ds.runId = run1;
    expect(rows(await ds.load())).toEqual(rows(df1()));
  });

  it.each([undefined, 'folder', 'folder/subfolder'])(
    'test_artifact_dataset_load_with_run_id_and_artifact_path (%p): downloads into missing local folders (#682), twice',
    async (artifact_path) => {
      const root = folder();
      const filepath = join(root, 'data', '01_raw', 'df1.csv');
      mkdirSync(join(root, 'data', '01_raw'), { recursive: true });
      const runId = await newRun(target);
      await inRunScope(target, runId, () => new MlflowArtifactDataset({ dataset: csv(filepath), artifact_path }).save(df1()));
      rmSync(join(root, 'data'), { recursive: true });
      const ds = new MlflowArtifactDataset({ dataset: csv(filepath), artifact_path, run_id: runId });
      expect(rows(await ds.load())).toEqual(rows(df1()));
      expect(rows(await ds.load())).toEqual(rows(df1()));
      expect(existsSync(filepath)).toBe(true);
    },
  );

  it('load_run_id reads one run while saves go to the pipeline run (#566)', async () => {
    const filepath = join(folder(), 'df.csv');
    const [reference, pipelineRun] = [await newRun(target), await newRun(target)];
    await new MlflowArtifactDataset({ dataset: csv(filepath), run_id: reference }).save(df1());
    const ds = new MlflowArtifactDataset({ dataset: csv(filepath), load_run_id: reference });
    await inRunScope(target, pipelineRun, async () => {
      expect(rows(await ds.load())).toEqual(rows(df1()));
      await ds.save(df2());
    });
    expect(await artifactFiles(target, pipelineRun)).toEqual(['df.csv']);
    expect(rows(await ds.load())).toEqual(rows(df1())); // the reference run was not rewritten
    const saveElsewhere = new MlflowArtifactDataset({ dataset: csv(join(folder(), 'out.csv')), save_run_id: reference });
    await inRunScope(target, pipelineRun, () => saveElsewhere.save(df2()));
    expect(await artifactFiles(target, reference)).toEqual(['df.csv', 'out.csv']);
  });

  it.each([undefined, 'partitioned_data'])('test_artifact_dataset_partitioned_dataset_save_and_reload (%p): the folder is logged and reloads from the run', async (artifact_path) => {
    const path = join(folder(), 'df_dir');
    const runId = await newRun(target);
    const config = { type: 'partitions.PartitionedDataset', path, dataset: 'pandas.CSVDataset', filename_suffix: '.csv' };
    await inRunScope(target, runId, () => new MlflowArtifactDataset({ dataset: config, artifact_path }).save({ df1: df1(), df2: df2() }));
    const prefix = artifact_path === undefined ? '' : `${artifact_path}/`;
    expect(await artifactFiles(target, runId)).toEqual([`${prefix}df_dir/df1.csv`, `${prefix}df_dir/df2.csv`]);
    writeFileSync(join(path, 'stale.csv'), 'a\n1\n');
    const fromRun = new MlflowArtifactDataset<Partitions<ColumnTable>>({ dataset: config, artifact_path, run_id: runId });
    const partitions = await fromRun.load();
    expect(Object.keys(partitions)).toEqual(['df1', 'df2']);
    expect(rows(await partitions.df2!())).toEqual(rows(df2()));
  });

  it.each([
    ['modern', ModernTextDataset],
    ['legacy', LegacyTextDataset],
  ])('test_artifact_dataset_%s_dataset: a custom dataset with a filepath is wrapped, logged and reloaded', async (_label, cls) => {
    const filepath = join(folder(), 'data.csv');
    const runId = await newRun(target);
    const ds = new MlflowArtifactDataset<string>({ dataset: { type: cls, filepath }, artifact_path: 'artifact_dir', run_id: runId });
    await ds.save('a,b\n1,2\n');
    expect(await artifactFiles(target, runId)).toEqual(['artifact_dir/data.csv']);
    rmSync(filepath);
    expect(await ds.load()).toBe('a,b\n1,2\n');
  });

  it("loading an artifact the run does not have is a typed error naming the dataset, the run and the artifact", async () => {
    const runId = await newRun(target);
    const ds = new MlflowArtifactDataset({ dataset: csv(join(folder(), 'df.csv')), artifact_path: 'dir', run_id: runId }, { name: 'reference' });
    const error = await rejection(ds.load());
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'artifact-not-found' && error.runId === runId && error.key === 'dir/df.csv').toBe(true);
    expect(error.message).toBe(
      `Cannot load dataset 'reference': run '${runId}' has no artifact 'dir/df.csv'. Check 'run_id' (or 'load_run_id') and 'artifact_path', or save the dataset in that run first.`,
    );
  });
});
