import { decodeLoggedModel } from '../../src/store/rest/codec/logged-model-codec.js';
import { decodeModelVersion, decodeRegisteredModel } from '../../src/store/rest/codec/registry-codec.js';
import { decodeExperiment, decodeMetric, decodeRun, encodeMetric } from '../../src/store/rest/codec/tracking-codec.js';
import { decodeDouble, encodeDouble, recordToTags, tagsToRecord } from '../../src/store/rest/codec/wire.js';

describe('doubles', () => {
  it('encode non-finite values as proto3 JSON strings', () => {
    expect([NaN, Infinity, -Infinity, 1.5, 0].map(encodeDouble)).toEqual(['NaN', 'Infinity', '-Infinity', 1.5, 0]);
    expect(JSON.stringify(encodeMetric({ key: 'k', value: NaN, timestamp: 1, step: 0 }))).toBe('{"key":"k","value":"NaN","timestamp":1,"step":0}');
  });

  it('decode them back, and numbers as numbers', () => {
    expect(decodeDouble('NaN')).toBeNaN();
    expect(decodeDouble('Infinity')).toBe(Infinity);
    expect(decodeDouble('-Infinity')).toBe(-Infinity);
    expect(decodeDouble(1.7976931348623157e308)).toBe(Number.MAX_VALUE);
    expect(decodeDouble('2.5')).toBe(2.5);
  });
});

describe('entities', () => {
  it('decode a run with run_uuid only, int enums, absent arrays and numeric-string int64s', () => {
    const run = decodeRun({ info: { run_uuid: 'abc', experiment_id: '3', status: 3, start_time: '1700000000000', lifecycle_stage: 'active', artifact_uri: 'x' }, data: {} });
    expect(run.info).toMatchObject({ runId: 'abc', experimentId: '3', status: 'FINISHED', startTime: 1_700_000_000_000 });
    expect(run.info.endTime).toBeUndefined();
    expect(run.data).toEqual({ metrics: {}, latestMetrics: [], params: {}, tags: {} });
    expect(run.inputs).toEqual({ datasetInputs: [], modelInputs: [] });
    expect(run.outputs).toEqual({ modelOutputs: [] });
  });

  it('turn tag lists into records and back', () => {
    expect(tagsToRecord([{ key: 'a', value: '1' }, { key: 'b' }])).toEqual({ a: '1', b: '' });
    expect(tagsToRecord(undefined)).toEqual({});
    expect(recordToTags({ a: '1' })).toEqual([{ key: 'a', value: '1' }]);
    expect(recordToTags({})).toBeUndefined();
  });

  it('decode experiments, metrics, logged models and registry entities', () => {
    expect(decodeExperiment({ experiment_id: '1', name: 'e', lifecycle_stage: 'deleted', tags: [{ key: 'k', value: 'v' }] })).toEqual({
      experimentId: '1',
      name: 'e',
      artifactLocation: '',
      lifecycleStage: 'deleted',
      tags: { k: 'v' },
    });
    expect(decodeMetric({ key: 'm', value: 'NaN', timestamp: 5, model_id: 'm-1' })).toMatchObject({ key: 'm', step: 0, timestamp: 5, modelId: 'm-1' });
    const model = decodeLoggedModel({ info: { model_id: 'm-1', status: 2, model_type: '', tags: [{ key: 't', value: 'v' }] }, data: { params: [{ key: 'p', value: '1' }] } });
    expect(model).toMatchObject({ modelId: 'm-1', status: 'LOGGED_MODEL_READY', tags: { t: 'v' }, params: { p: '1' }, metrics: [], registrations: [] });
    expect(model.modelType).toBeUndefined();
    const version = decodeModelVersion({ name: 'n', version: 2, current_stage: 'staging', status: 'READY', description: '', aliases: ['a'] });
    expect(version).toMatchObject({ version: '2', currentStage: 'Staging', aliases: ['a'], tags: {} });
    expect(version.description).toBeUndefined();
    expect(decodeRegisteredModel({ name: 'n', aliases: [{ alias: 'champ', version: '3' }] }).aliases).toEqual({ champ: '3' });
  });
});

it('reads logged model registrations from the mlflow.modelVersions tag when the server omits them', () => {
  const model = decodeLoggedModel({ info: { model_id: 'm-1', tags: [{ key: 'mlflow.modelVersions', value: '[{"name": "rm", "version": 2}]' }] } });
  expect(model.registrations).toEqual([{ name: 'rm', version: '2' }]);
  expect(decodeLoggedModel({ info: { tags: [{ key: 'mlflow.modelVersions', value: 'not json' }] } }).registrations).toEqual([]);
});
