/**
 * MlflowMetricDataset against the real MLflow server and an embedded mlruns folder: kedro-mlflow's
 * tests/io/metrics/test_mlflow_metric_dataset.py (named in each test), plus modes checked at
 * construction, finite values only, and keys from catalog names.
 */
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { currentMlflowRun, DatasetOptionError, MlflowDatasetError, MlflowMetricDataset, registerDatasetTypes, runInMlflowScope } from '../../src/index.js';
import { rejection, thrown } from '../helpers.js';
import { inRunScope, newRun, runIds, useTarget, type Target } from './helpers.js';

jest.setTimeout(120_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
beforeAll(() => registerDatasetTypes());

const steps = async (target: Target, runId: string, key: string) => (await target.client.getMetricHistory(runId, key)).map((m) => [m.step, m.value]);

describe('MlflowMetricDataset without a tracking server', () => {
  it('test_mlflow_wrong_save_mode: an unknown mode is refused when the dataset is built (kedro-mlflow waited for the save)', () => {
    const error = thrown(() => new MlflowMetricDataset({ key: 'my_metric', save_args: { mode: 'bad_mode' as 'append' } }, { name: 'my_metric' }));
    expect(DatasetOptionError.isInstance(error) && error.option === 'save_args' && error.key === 'mode').toBe(true);
    expect(error.message).toBe("'save_args.mode' of dataset 'my_metric' must be one of 'overwrite', 'append', got 'bad_mode'.");
  });

  it('test_mlflow_metric_dataset_save_without_active_run_or_run_id: a typed error, and no run is created', async () => {
    const error = await rejection(new MlflowMetricDataset({ key: 'my_metric' }).save(0.3));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'no-run').toBe(true);
    expect(error.message).toContain("Cannot save dataset MlflowMetricDataset(key='my_metric'): there is no MLflow run to log to. Give 'run_id' (or 'save_run_id')");
  });

  it.each([
    ['a string', '0.3', "got string ('0.3')"],
    ['NaN', Number.NaN, 'got NaN (NaN)'],
    ['an object', { value: 1 }, 'got object ({value: 1})'],
  ])('a value that is not a finite number (%s) is a typed error naming the dataset, the key and the type', async (_label, value, text) => {
    const error = await rejection(new MlflowMetricDataset({}, { name: 'accuracy' }).save(value as number));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'not-a-number' && error.key === 'accuracy').toBe(true);
    expect(error.message).toBe(`Cannot save dataset 'accuracy': the value of metric 'accuracy' must be a finite number, ${text}. Convert it (Number(x)) before returning it from the node.`);
  });

  it.each([
    [{ load_args: { step: 1.5 } }, 'load_args', 'step'],
    [{ save_args: { stepp: 1 } }, 'save_args', 'stepp'],
    [{ key: 3 }, 'key', undefined],
    [{ run_id: '' }, 'run_id', undefined],
  ])('bad options are DatasetOptionErrors (%p)', (options, option, key) => {
    const error = thrown(() => new MlflowMetricDataset(options as never, { name: 'm' }));
    expect(DatasetOptionError.isInstance(error) && error.option === option && error.key === key).toBe(true);
  });

  it('test_mlflow_metric_logging_deactivation_is_bool: loggingActivated takes only booleans', () => {
    const error = thrown(() => {
      (new MlflowMetricDataset({ key: 'k' }) as unknown as { loggingActivated: unknown }).loggingActivated = 'hello';
    });
    expect(DatasetOptionError.isInstance(error) && error.option === 'loggingActivated').toBe(true);
  });

  it.each([undefined, {}, { owner: 'team' }])('test_metric_dataset_with_metadata (%p): metadata is kept and not described', (metadata) => {
    const ds = new MlflowMetricDataset({ key: 'k', run_id: 'abc', metadata });
    expect(ds.metadata).toEqual(metadata);
    expect(ds.toString()).toBe("MlflowMetricDataset(key='k', run_id='abc', save_args={'mode': 'overwrite'})");
  });

  it('the key defaults to the catalog name, factory patterns included; an explicit key is kept', async () => {
    const catalog = await DataCatalog.fromConfig({
      my_metric: { type: 'kedro_mlflow.io.metrics.MlflowMetricDataset' },
      foo: { type: 'MlflowMetricDataset', key: 'bar' },
      '{name}_score': { type: 'MlflowMetricDataset' },
    });
    expect((catalog.getDataset('my_metric') as MlflowMetricDataset).key).toBe('my_metric');
    expect((catalog.getDataset('foo') as MlflowMetricDataset).key).toBe('bar');
    expect((catalog.getDataset('test_score') as MlflowMetricDataset).key).toBe('test_score');
  });

  it('without a key and outside a catalog, save says what to do', async () => {
    const error = await rejection(new MlflowMetricDataset({ run_id: 'abc' }).save(1));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'no-key').toBe(true);
    expect(error.message).toContain("it has no metric key. Give it 'key', or add it to a catalog, where its entry's name is the key.");
  });
});

withMlflow.each(['server', 'mlruns'] as const)('MlflowMetricDataset (%s)', (kind) => {
  let target: Target & { restore(): Promise<void> };
  beforeAll(async () => {
    target = await useTarget(kind);
  });
  afterAll(() => target.restore());

  const saveArgsCases: Array<[Record<string, unknown> | undefined, number]> = [
    [undefined, 0],
    [{}, 0],
    [{ mode: 'append' }, 0],
    [{ mode: 'overwrite' }, 0],
    [{ step: 2 }, 2],
    [{ step: 2, mode: 'append' }, 2],
  ];

  it.each(saveArgsCases)('test_mlflow_metric_dataset_save_with_active_run (save_args %p → step %p)', async (save_args, step) => {
    const runId = await newRun(target);
    await inRunScope(target, runId, () => new MlflowMetricDataset({ key: 'my_metric', save_args: save_args as never }).save(0.3));
    expect(await steps(target, runId, 'my_metric')).toEqual([[step, 0.3]]);
  });

  it.each(saveArgsCases)('test_mlflow_metric_dataset_save_with_run_id (save_args %p → step %p): a closed run by id, no run made active', async (save_args, step) => {
    const runId = await newRun(target);
    await target.client.setTerminated(runId);
    const before = await runIds(target);
    await new MlflowMetricDataset({ key: 'my_metric', run_id: runId, save_args: save_args as never }).save(0.3);
    expect(await steps(target, runId, 'my_metric')).toEqual([[step, 0.3]]);
    expect(await runIds(target)).toEqual(before);
  });

  it('an explicit run_id wins over the pipeline run (#622)', async () => {
    const [given, pipelineRun] = [await newRun(target), await newRun(target)];
    await inRunScope(target, pipelineRun, () => new MlflowMetricDataset({ key: 'm', run_id: given }).save(1));
    expect(await steps(target, given, 'm')).toEqual([[0, 1]]);
    expect(await steps(target, pipelineRun, 'm')).toEqual([]);
  });

  it('test_mlflow_metric_dataset_save_append_mode: steps 0 then 1', async () => {
    const runId = await newRun(target);
    const ds = new MlflowMetricDataset({ key: 'my_metric', run_id: runId, save_args: { mode: 'append' } });
    await ds.save(0.3);
    await ds.save(1);
    expect(await steps(target, runId, 'my_metric')).toEqual([[0, 0.3], [1, 1]]);
  });

  it('test_mlflow_metric_dataset_save_overwrite_mode: both values at step 0', async () => {
    const runId = await newRun(target);
    const ds = new MlflowMetricDataset({ key: 'my_metric', run_id: runId, save_args: { mode: 'overwrite' } });
    await ds.save(0.3);
    await ds.save(1);
    expect(await steps(target, runId, 'my_metric')).toEqual([[0, 0.3], [0, 1]]);
    expect(await ds.load()).toBe(1);
  });

  it('sees points a node queued on the pipeline run before it (append continues after them)', async () => {
    const runId = await newRun(target);
    await inRunScope(target, runId, async () => {
      const run = currentMlflowRun()!;
      await run.tracking.startRun({ runId }); // as the hook does: the pipeline run is the tracking's active run
      run.tracking.logMetric('loss', 0.9, 4); // queued, not sent yet
      await new MlflowMetricDataset({ key: 'loss', save_args: { mode: 'append' } }).save(0.5);
    });
    expect(await steps(target, runId, 'loss')).toEqual([[4, 0.9], [5, 0.5]]);
  });

  it('test_mlflow_metric_dataset_load / _load_last_logged_by_default_if_unordered / _load_given_step / _load_last_given_step_if_duplicated (logged by Python MLflow)', async () => {
    const runId = await newRun(target);
    await runPythonJson(
      `
import json, mlflow
c = mlflow.MlflowClient(tracking_uri=${JSON.stringify(target.uri)})
for step, value in [(3, 0.4), (2, 0.3), (1, 0.2), (0, 0.1)]:
    c.log_metric(${JSON.stringify(runId)}, "unordered", value, step=step, timestamp=1000 + 10 * (3 - step))
for value in [0.3, 0.31, 0.32]:
    c.log_metric(${JSON.stringify(runId)}, "dup", value, step=2, timestamp=2000 + int(value * 100))
c.log_metric(${JSON.stringify(runId)}, "dup", 0.5, step=3, timestamp=3000)
print(json.dumps(True))
`,
      { env: { MLFLOW_ALLOW_FILE_STORE: 'true', GIT_PYTHON_REFRESH: 'quiet' } },
    );
    expect(await new MlflowMetricDataset({ key: 'unordered', run_id: runId }).load()).toBe(0.1);
    expect(await new MlflowMetricDataset({ key: 'unordered', run_id: runId, load_args: { step: 2 } }).load()).toBe(0.3);
    expect(await new MlflowMetricDataset({ key: 'dup', run_id: runId, load_args: { step: 2 } }).load()).toBe(0.32);
    expect(await inRunScope(target, runId, () => new MlflowMetricDataset({ key: 'dup' }).load())).toBe(0.5);
    const missing = await rejection(new MlflowMetricDataset({ key: 'dup', run_id: runId, load_args: { step: 9 } }, { name: 'dup' }).load());
    expect(MlflowDatasetError.isInstance(missing) && missing.kind === 'metric-not-found' && missing.runId === runId).toBe(true);
    expect(missing.message).toBe(`Cannot load dataset 'dup': run '${runId}' has no metric 'dup' at step 9 (steps logged: 2, 3). Save it first, or check 'key', 'run_id' and 'load_args.step'.`);
  });

  it('test_mlflow_metric_dataset_logging_deactivation: logging off or tracking disabled → nothing logged, exists() false', async () => {
    const runId = await newRun(target);
    const off = new MlflowMetricDataset({ key: 'off', run_id: runId });
    off.loggingActivated = false;
    await off.save(1);
    await runInMlflowScope({ enabled: false }, () => new MlflowMetricDataset({ key: 'disabled', run_id: runId }).save(1));
    expect(await off.exists()).toBe(false);
    expect((await target.client.getRun(runId)).data.metrics).toEqual({});
    const on = new MlflowMetricDataset({ key: 'on', run_id: runId });
    await on.save(2);
    expect(await on.exists()).toBe(true);
  });
});
