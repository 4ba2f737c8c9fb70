/**
 * MlflowMetricHistoryDataset and MlflowMetricsHistoryDataset against the real MLflow server and an
 * embedded mlruns folder: kedro-mlflow's test_mlflow_metric_history_dataset.py and
 * test_mlflow_metrics_dataset.py (named in each test), with the fixes of §9.2 items 7 and 8.
 */
import { mlflowAvailable } from '@kedro-mlflow/mlflow-test-server';
import {
  DatasetOptionError,
  MlflowDatasetError,
  MlflowMetricHistoryDataset,
  MlflowMetricsHistoryDataset,
  runInMlflowScope,
  type MetricHistoryMode,
  type MetricsData,
} from '../../src/index.js';
import { rejection, thrown } from '../helpers.js';
import { inRunScope, newRun, runIds, useTarget, type Target } from './helpers.js';

jest.setTimeout(120_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;

const VALUES = [0.3, 0.2, 0.1, 0.15, 0.05];
const TIMESTAMPS = VALUES.map((_, i) => 1630235933000 + i);
const AS: Record<MetricHistoryMode, unknown> = {
  list: VALUES,
  dict: Object.fromEntries(VALUES.map((v, i) => [i, v])),
  history: VALUES.map((value, step) => ({ step, value, timestamp: TIMESTAMPS[step] })),
};

describe('metric history datasets without a tracking server', () => {
  it.each(['load_args', 'save_args'] as const)('an unknown %s mode is refused when the dataset is built (§9.2 item 7)', (option) => {
    const error = thrown(() => new MlflowMetricHistoryDataset({ key: 'k', [option]: { mode: 'tuple' } } as never, { name: 'loss' }));
    expect(DatasetOptionError.isInstance(error) && error.option === option && error.key === 'mode').toBe(true);
    expect(error.message).toBe(`'${option}.mode' of dataset 'loss' must be one of 'list', 'dict', 'history', got 'tuple'.`);
  });

  it.each([undefined, {}, { owner: 'team' }])('test_metric_history_dataset_with_metadata / test_metrics_history_dataset_with_metadata (%p)', (metadata) => {
    const one = new MlflowMetricHistoryDataset({ key: 'k', metadata });
    const many = new MlflowMetricsHistoryDataset({ prefix: 'p', metadata });
    expect([one.metadata, many.metadata]).toEqual([metadata, metadata]);
    expect(one.toString()).toBe("MlflowMetricHistoryDataset(key='k', load_args={'mode': 'list'}, save_args={'mode': 'list'})");
    expect(many.toString()).toBe("MlflowMetricsHistoryDataset(prefix='p')");
  });

  it('test_mlflow_metrics_logging_deactivation_is_bool: loggingActivated takes only booleans', () => {
    const error = thrown(() => {
      (new MlflowMetricsHistoryDataset() as unknown as { loggingActivated: unknown }).loggingActivated = 1;
    });
    expect(DatasetOptionError.isInstance(error) && error.option === 'loggingActivated').toBe(true);
  });

  it('test_mlflow_metrics_dataset_saved_without_run_id: with no run, saving is an error and creates no run (§9.2 item 8)', async () => {
    const error = await rejection(new MlflowMetricsHistoryDataset({ prefix: 'p' }).save({ m: { value: 1, step: 0 } }));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'no-run').toBe(true);
  });

  it.each([
    [{ metric1: 1 }, 'metric1', "metric 'metric1' should be {value: number, step?: integer, timestamp?: integer} or a non-empty list of them, got number (1)"],
    [{ metric1: [] }, 'metric1', 'got array ([])'],
    [{ metric1: { value: 1, step: 0.5 } }, 'metric1', 'got object ({value: 1, step: 0.5})'],
  ])('test_mlflow_metrics_dataset_fails_with_invalid_metric (%p): a typed error naming the metric', async (data, name, text) => {
    const error = await rejection(new MlflowMetricsHistoryDataset({ run_id: 'r1' }, { name: 'scores' }).save(data as never));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'invalid-metrics' && error.key === `scores.${name}`).toBe(true);
    expect(error.message).toContain(text);
  });

  it('a metric value that is not a number is a typed error naming the dataset, the key and the type', async () => {
    const error = await rejection(new MlflowMetricsHistoryDataset({ run_id: 'r1' }, { name: 'scores' }).save({ acc: { value: '0.9' as never } }));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'not-a-number' && error.key === 'scores.acc').toBe(true);
    const history = await rejection(new MlflowMetricHistoryDataset({ run_id: 'r1' }, { name: 'loss' }).save([0.1, null as never]));
    expect(MlflowDatasetError.isInstance(history) && history.kind === 'not-a-number' && history.message.includes("metric 'loss' must be a finite number, got null")).toBe(true);
  });

  it.each([
    ['list', { 0: 1 }, 'expected a list of numbers, got object'],
    ['dict', { a: 1 }, "expected integer steps as keys ('a' is not one)"],
    ['history', [{ value: 1 }], 'expected a list of {step, value, timestamp?} with integer steps and timestamps'],
  ] as const)('MlflowMetricHistoryDataset: data not in the shape of save mode %s is a typed error', async (mode, data, text) => {
    const error = await rejection(new MlflowMetricHistoryDataset({ run_id: 'r1', save_args: { mode } }, { name: 'loss' }).save(data as never));
    expect(MlflowDatasetError.isInstance(error) && error.kind === 'invalid-metrics').toBe(true);
    expect(error.message).toContain(`Cannot save dataset 'loss' (save_args.mode '${mode}'): ${text}`);
  });
});

withMlflow.each(['server', 'mlruns'] as const)('metric history datasets (%s)', (kind) => {
  let target: Target & { restore(): Promise<void> };
  beforeAll(async () => {
    target = await useTarget(kind);
  });
  afterAll(() => target.restore());

  const pairs: Array<[MetricHistoryMode, MetricHistoryMode]> = [
    ['list', 'list'],
    ['list', 'dict'],
    ['dict', 'list'],
    ['dict', 'dict'],
    ['history', 'list'],
    ['history', 'dict'],
    ['history', 'history'],
  ];

  it.each(pairs)('test_mlflow_metric_history_dataset_save_load (save %s, load %s)', async (saveMode, loadMode) => {
    const runId = await newRun(target);
    const ds = new MlflowMetricHistoryDataset({ key: 'my_metric', save_args: { mode: saveMode }, load_args: { mode: loadMode } });
    await inRunScope(target, runId, () => ds.save(AS[saveMode] as never));
    expect(Object.keys((await target.client.getRun(runId)).data.metrics)).toEqual(['my_metric']);
    expect(await new MlflowMetricHistoryDataset({ key: 'my_metric', run_id: runId, load_args: { mode: loadMode } }).load()).toEqual(AS[loadMode]);
  });

  it('test_mlflow_metric_history_dataset_logging_deactivation: logging off → nothing logged, exists() false', async () => {
    const runId = await newRun(target);
    const ds = new MlflowMetricHistoryDataset({ key: 'k', run_id: runId });
    ds.loggingActivated = false;
    await ds.save([1, 2]);
    expect(await ds.exists()).toBe(false);
  });

  const DATA: MetricsData[] = [
    { metric1: { step: 0, value: 1.1 } },
    { metric1: [{ step: 0, value: 1.1 }, { step: 1, value: 1.2 }] },
    { metric1: { step: 0, value: 1.1 }, metric2: [{ step: 0, value: 1.1 }, { step: 1, value: 1.2 }, { step: 2, value: 1.3 }], metric3: { step: 0, value: 1.3 } },
  ];
  describe.each([undefined, 'test'])('test_mlflow_metrics_dataset_saved_and_logged (prefix %p)', (prefix) => {
    it.each(DATA.map((d, i) => [i, d] as const))('data set %p: every metric under its key, and loads back by run id', async (_i, data) => {
      const runId = await newRun(target);
      await inRunScope(target, runId, () => new MlflowMetricsHistoryDataset({ prefix }).save(data));
      const key = (name: string): string => (prefix === undefined ? name : `${prefix}.${name}`);
      for (const [name, item] of Object.entries(data)) {
        const points = (await target.client.getMetricHistory(runId, key(name))).map((m) => ({ step: m.step, value: m.value }));
        expect(points).toEqual(Array.isArray(item) ? item : [item]);
      }
      const loaded = await new MlflowMetricsHistoryDataset({ prefix, run_id: runId }).load();
      expect(loaded).toEqual(Object.fromEntries(Object.entries(data).map(([name, item]) => [key(name), item])));
    });
  });

  it('test_mlflow_metrics_dataset_exists / _does_not_exist', async () => {
    const runId = await newRun(target);
    const ds = new MlflowMetricsHistoryDataset({ prefix: 'p', run_id: runId });
    expect(await ds.exists()).toBe(false);
    await ds.save({ m: { value: 1 } });
    expect(await ds.exists()).toBe(true);
  });

  it('the prefix matches whole key segments: foo loads foo.x, not foobar (§9.2 item 8)', async () => {
    const runId = await newRun(target);
    await target.client.logBatch(runId, { metrics: [{ key: 'foo.x', value: 1, step: 0 }, { key: 'foobar', value: 2, step: 0 }, { key: 'foo', value: 3, step: 0 }] });
    expect(await new MlflowMetricsHistoryDataset({ prefix: 'foo', run_id: runId }).load()).toEqual({ 'foo.x': { step: 0, value: 1 } });
  });

  it('an invalid item logs nothing at all, not even the metrics before it (§9.2 item 8)', async () => {
    const runId = await newRun(target);
    await rejection(new MlflowMetricsHistoryDataset({ run_id: runId }).save({ good: { value: 1 }, bad: 2 } as never));
    expect((await target.client.getRun(runId)).data.metrics).toEqual({});
  });

  it('test_mlflow_metrics_logging_deactivation: logging off or tracking disabled → no run, nothing logged', async () => {
    const runId = await newRun(target);
    const before = await runIds(target);
    const off = new MlflowMetricsHistoryDataset({ prefix: 'p' });
    off.loggingActivated = false;
    await off.save({ m: { value: 1 } });
    await runInMlflowScope({ enabled: false }, () => new MlflowMetricsHistoryDataset({ run_id: runId }).save({ m: { value: 1 } }));
    expect(await runIds(target)).toEqual(before);
    expect((await target.client.getRun(runId)).data.metrics).toEqual({});
  });
});
