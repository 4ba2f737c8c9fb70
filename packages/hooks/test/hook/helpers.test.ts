/** The hook's pure helpers: flattening, parameter names and long values, the kedro_command tag, the URI rule. */
import { captureLogs, type RunParams } from '@kedro-mlflow/core-pipeline';
import { MAX_RUN_TAG_VALUE_LENGTH } from '@kedro-mlflow/mlflow-client';
import { flattenDict, generateKedroCommand, mlflowConfigSchema, ParamTooLongError, paramsToLog, randomRunName, resolveMlflowUri, runTags, sanitizeParamName } from '@kedro-mlflow/hooks';

describe('flattenDict', () => {
  it('leaves a flat dict unchanged', () => {
    for (const recursive of [true, false]) expect(flattenDict({ a: 1, b: 'x' }, { recursive })).toEqual({ a: 1, b: 'x' });
  });
  it('expands one level the same way in both modes', () => {
    for (const recursive of [true, false]) expect(flattenDict({ a: 1, b: { c: 3, d: 4 } }, { recursive })).toEqual({ a: 1, 'b.c': 3, 'b.d': 4 });
  });
  it('expands every level when recursive, only the first otherwise', () => {
    const d = { a: 1, b: { c: 1, d: { e: 3, f: { g: 4, h: 5 } } } };
    expect(flattenDict(d)).toEqual({ a: 1, 'b.c': 1, 'b.d.e': 3, 'b.d.f.g': 4, 'b.d.f.h': 5 });
    expect(flattenDict(d, { recursive: false })).toEqual({ a: 1, 'b.c': 1, 'b.d': { e: 3, f: { g: 4, h: 5 } } });
  });
  it('expands two levels when recursive, and keeps the second-level dict otherwise', () => {
    const d = { a: 1, b: { c: 1, d: { e: 3, f: 5 } } };
    expect(flattenDict(d)).toEqual({ a: 1, 'b.c': 1, 'b.d.e': 3, 'b.d.f': 5 });
    expect(flattenDict(d, { recursive: false })).toEqual({ a: 1, 'b.c': 1, 'b.d': { e: 3, f: 5 } });
  });
  it('joins every level with a user-defined separator', () => {
    expect(flattenDict({ a: 1, b: { c: 1, d: { e: 3, f: { g: 4, h: 5 } } } }, { sep: '_' })).toEqual({ a: 1, b_c: 1, b_d_e: 3, b_d_f_g: 4, b_d_f_h: 5 });
  });
  it('turns numeric keys into text and uses the given separator', () => {
    const d = { 0: 1, 1: { 3: 1, 4: { e: 3, 6.7: 5 } } };
    expect(flattenDict(d, { sep: '_' })).toEqual({ '0': 1, '1_3': 1, '1_4_e': 3, '1_4_6.7': 5 });
    expect(flattenDict(d, { sep: '_', recursive: false })).toEqual({ '0': 1, '1_3': 1, '1_4': { e: 3, 6.7: 5 } });
  });
  it('keeps arrays and class instances as values', () => {
    const date = new Date(0);
    expect(flattenDict({ a: [1, { b: 2 }], d: date })).toEqual({ a: [1, { b: 2 }], d: date });
  });
});

describe('parameters', () => {
  const params = (over: Record<string, unknown> = {}) => ({ ...mlflowConfigSchema.parse({}).tracking.params, ...over });

  it.each(['valid_param', 'valid-param', 'invalid/param', 'invalid.param', 'ünïcode param'])('keeps the valid name %s', (name) => {
    expect(sanitizeParamName(name, 'linux')).toBe(name);
  });
  it('replaces characters MLflow refuses, with a warning; a colon only on Windows', () => {
    const logs = captureLogs('warn');
    try {
      expect(sanitizeParamName('[invalid]$param', 'linux')).toBe('_invalid__param');
      expect(logs.messages('warn')).toEqual(["'[invalid]$param' is not a valid name for an MLflow parameter. It is renamed as '_invalid__param'."]);
    } finally {
      logs.restore();
    }
    expect(sanitizeParamName('valid:param', 'linux')).toBe('valid:param');
    expect(sanitizeParamName('valid:param', 'win32')).toBe('valid_param');
  });
  it('logs params: and parameters inputs, flattened when asked, values as text or JSON', () => {
    const inputs = { 'params:param1': 1, parameters: { param1: 1, param2: 2 }, data: [1, 2] };
    expect(paramsToLog(inputs, params()).params).toEqual({ param1: '1', parameters: '{"param1":1,"param2":2}' });
    const flat = params({ dict_params: { flatten: true, recursive: false, sep: '-' } });
    expect(paramsToLog(inputs, flat).params).toEqual({ param1: '1', 'parameters-param1': '1', 'parameters-param2': '2' });
  });
  it.each([
    ['fail', 6000 - 10],
    ['fail', 6000],
    ['tag', 6000],
    ['truncate', 6000],
  ])('logs a value within the limit unchanged (%s, length %d)', (strategy, length) => {
    const value = 'a'.repeat(length);
    expect(paramsToLog({ 'params:my_param': value }, params({ long_params_strategy: strategy }))).toEqual({ params: { my_param: value }, tags: {} });
  });
  it('applies the strategy above the limit: fail, truncate, tag', () => {
    const value = 'b'.repeat(6020);
    const error = (() => {
      try {
        paramsToLog({ 'params:my_param': value }, params());
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(ParamTooLongError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ paramName: 'my_param', length: 6020, limit: 6000 });
    expect((error as Error).message).toContain("Parameter 'my_param' length is 6020");
    expect(paramsToLog({ 'params:my_param': value }, params({ long_params_strategy: 'truncate' }))).toEqual({ params: { my_param: value.slice(0, 6000) }, tags: {} });
    expect(paramsToLog({ 'params:my_param': value }, params({ long_params_strategy: 'tag' }))).toEqual({ params: {}, tags: { my_param: value } });
  });
  it('keeps the tag strategy within the tag limit, and honours a lower configured limit', () => {
    const huge = 'c'.repeat(MAX_RUN_TAG_VALUE_LENGTH + 5);
    expect(paramsToLog({ 'params:p': huge }, params({ long_params_strategy: 'tag' })).tags.p).toHaveLength(MAX_RUN_TAG_VALUE_LENGTH);
    expect(paramsToLog({ 'params:p': 'x'.repeat(300) }, params({ long_params_strategy: 'truncate', long_params_max_length: 250 })).params.p).toHaveLength(250);
  });
});

describe('kedro_command and run tags', () => {
  const base: RunParams = { runId: 's', pipelineNames: ['fake_pl'] };

  it('writes every option that shaped the run, in a fixed order', () => {
    const runParams: RunParams = {
      runId: 's',
      env: 'prod',
      fromInputs: ['data_in'],
      toOutputs: ['data_out'],
      fromNodes: ['node1'],
      toNodes: ['node3'],
      nodeNames: ['node1', 'node2', 'node1'],
      pipelineNames: ['fake_pl'],
      tags: ['tag1', 'tag2'],
      namespaces: ['ns'],
      loadVersions: { data_inter: '01:23:45' },
      runner: 'ConcurrentRunner',
      runnerOptions: { maxWorkers: 4 },
      isAsync: true,
      runtimeParams: { model: { lr: 0.01 }, name: 'my run', flag: 'true' },
      onlyMissingOutputs: true,
    };
    expect(generateKedroCommand(runParams)).toBe(
      'kedro-mlflow run --from-inputs=data_in --to-outputs=data_out --from-nodes=node1 --to-nodes=node3 --nodes=node1,node2,node1 ' +
        "--pipelines=fake_pl --tags=tag1,tag2 --namespaces=ns --load-versions=data_inter:01:23:45 --env=prod --runner=ConcurrentRunner " +
        `--runner-params=max_workers=4,is_async=true --params='model.lr=0.01,name="my run",flag="true"' --only-missing-outputs`,
    );
  });
  it('lists several pipelines, and always names one', () => {
    expect(generateKedroCommand({ runId: 's', pipelineNames: ['pipeline1', 'pipeline2', 'pipeline3'] })).toBe('kedro-mlflow run --pipelines=pipeline1,pipeline2,pipeline3');
    expect(generateKedroCommand({ runId: 's' })).toBe('kedro-mlflow run --pipelines=__default__');
    expect(generateKedroCommand({ ...base, tags: [], nodeNames: [] })).toBe('kedro-mlflow run --pipelines=fake_pl');
  });
  it('leaves out a runner the CLI cannot name', () => {
    expect(generateKedroCommand({ ...base, runner: 'MyRunner' })).toBe('kedro-mlflow run --pipelines=fake_pl');
  });
  it('tags every run param that has a value, under kedro names, as JSON', () => {
    expect(runTags({ ...base, projectPath: '/p', tags: [], loadVersions: {}, onlyMissingOutputs: false, kedroVersion: '0.1.0' })).toEqual({
      run_id: 's',
      pipeline_names: '["fake_pl"]',
      project_path: '/p',
      kedro_version: '0.1.0',
      kedro_command: 'kedro-mlflow run --pipelines=fake_pl',
    });
  });
});

describe('resolveMlflowUri and randomRunName', () => {
  it('follows the project-relative rule', () => {
    expect(resolveMlflowUri('/my/project', 'mlruns')).toBe('file:///my/project/mlruns');
    expect(resolveMlflowUri('/my/project', 'sub/dir')).toBe('file:///my/project/sub/dir');
    expect(resolveMlflowUri('/my/project', '/tmp/x')).toBe('file:///tmp/x');
    for (const uri of ['file:///tmp/x', 'http://127.0.0.1:5000', 'https://h/p', 'sqlite:///db', 's3://b/k', 'databricks', 'databricks-uc']) {
      expect(resolveMlflowUri('/my/project', uri)).toBe(uri);
    }
  });
  it('makes names of at most 20 characters, truncating after 10 long draws', () => {
    expect(randomRunName(() => 0)).toBe('able-ant-0');
    const long = randomRunName(() => 0.999);
    expect(long.length).toBeLessThanOrEqual(20);
  });
});
