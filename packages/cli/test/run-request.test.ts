import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRunRequest, readRunConfig, runConfigFromDocument, type RunFlagName, type RunFlags } from '@kedro-mlflow/cli';

const onlyGiven =
  (...flags: RunFlagName[]) =>
  (flag: RunFlagName) =>
    flags.includes(flag);

describe('buildRunRequest', () => {
  it('splits every list option with its own rule', () => {
    const request = buildRunRequest({
      pipelines: 'a, b,a',
      nodes: 'n1,f([x,y]) -> [z]',
      fromNodes: 'n2',
      toNodes: 'n3,n4',
      fromInputs: 'd1, d2',
      toOutputs: 'd3',
      tags: 't1,,t2',
      namespaces: 'ns1,ns2',
    });
    expect(request).toMatchObject({
      pipelineNames: ['a', 'b'],
      nodeNames: ['n1', 'f([x,y]) -> [z]'],
      fromNodes: ['n2'],
      toNodes: ['n3', 'n4'],
      fromInputs: ['d1', 'd2'],
      toOutputs: ['d3'],
      tags: ['t1', 't2'],
      namespaces: ['ns1', 'ns2'],
      warnings: [],
    });
  });

  it('parses params, load versions and runner params (snake_case to camelCase)', () => {
    const request = buildRunRequest({ params: 'model.lr=0.1', loadVersions: 'cars:v1', runnerParams: 'max_workers=2', runner: 'ThreadRunner' });
    expect(request.params).toEqual({ model: { lr: 0.1 } });
    expect(request.loadVersions).toEqual({ cars: 'v1' });
    expect(request.runnerOptions).toEqual({ maxWorkers: 2 });
    expect(request.runner).toBe('ThreadRunner');
  });

  it("refuses --pipeline with --pipelines (kedro's message) and deprecates --pipeline", () => {
    expect(() => buildRunRequest({ pipeline: 'a', pipelines: 'b' })).toThrow("Options '--pipeline' and '--pipelines' cannot be used together");
    const request = buildRunRequest({ pipeline: 'a' });
    expect(request.pipelineNames).toEqual(['a']);
    expect(request.warnings[0]).toMatch(/Option '--pipeline' is deprecated/);
  });

  it('turns --async into isAsync, and refuses it with is_async=false', () => {
    const request = buildRunRequest({ async: true });
    expect(request.runnerOptions).toEqual({ isAsync: true });
    expect(request.warnings[0]).toMatch(/'--async' is deprecated/);
    expect(() => buildRunRequest({ async: true, runnerParams: 'is_async=false' })).toThrow(
      "Options '--async' and '--runner-params=is_async=False' cannot be used together.",
    );
  });

  it('lets command-line flags win over the config file, whole option by whole option', () => {
    const flags: RunFlags = { env: 'prod', params: 'a=1', tags: undefined };
    const config = { env: 'staging', params: { b: 2 }, tags: ['x', 'y'], fromNodes: 'n1,n2' };
    const request = buildRunRequest(flags, config, onlyGiven('env', 'params'));
    expect(request.env).toBe('prod');
    expect(request.params).toEqual({ a: 1 });
    expect(request.tags).toEqual(['x', 'y']);
    expect(request.fromNodes).toEqual(['n1', 'n2']);
  });

  it('accepts mappings for params, runner_params and load_versions in the config file', () => {
    const request = buildRunRequest({}, { params: { model: { lr: 0.5 } }, runnerParams: { max_workers: 3 }, loadVersions: { cars: 'v2' }, onlyMissingOutputs: true }, onlyGiven());
    expect(request).toMatchObject({ params: { model: { lr: 0.5 } }, runnerOptions: { maxWorkers: 3 }, loadVersions: { cars: 'v2' }, onlyMissingOutputs: true });
  });

  it('checks the types of config values', () => {
    expect(() => buildRunRequest({}, { tags: { a: 1 } }, onlyGiven())).toThrow('Config key `tags` must be a comma-separated string or a list, got a mapping.');
    expect(() => buildRunRequest({}, { onlyMissingOutputs: 'yes please' }, onlyGiven())).toThrow(/`only_missing_outputs` must be true or false/);
    expect(() => buildRunRequest({}, { loadVersions: { cars: '../x' } }, onlyGiven())).toThrow(/Version string '..\/x' is not allowed/);
  });
});

describe('run config files (--config)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'kedro-mlflow-cli-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("maps kedro's option names and the flag spellings to flags", () => {
    expect(runConfigFromDocument({ run: { node_names: 'a', 'from-nodes': 'b', is_async: true, conf_source: 'c' } }, 'run.yml')).toEqual({
      nodes: 'a',
      fromNodes: 'b',
      async: true,
      confSource: 'c',
    });
  });

  it('rejects an unknown key with a suggestion', () => {
    expect(() => runConfigFromDocument({ run: { tag: 'a' } }, 'run.yml')).toThrow(/^Key `tag` in provided configuration is not valid\. Did you mean this\? tags/);
    expect(() => runConfigFromDocument({ run: { zzzzzz: 1 } }, 'run.yml')).toThrow(/Key `zzzzzz` in provided configuration is not valid\. \(config file 'run.yml'; valid keys: pipelines, pipeline, env, node_names/);
  });

  it('requires a run: section', () => {
    expect(() => runConfigFromDocument({ env: 'x' }, 'run.yml')).toThrow("The config file 'run.yml' has no `run:` section.");
    expect(() => runConfigFromDocument({ run: ['a'] }, 'run.yml')).toThrow('must be a mapping of option names to values');
    expect(runConfigFromDocument({ run: null }, 'run.yml')).toEqual({});
  });

  it('reads YAML files with YAML 1.1 values and reports missing files and bad YAML', () => {
    const file = join(dir, 'run.yml');
    writeFileSync(file, 'run:\n  pipelines: a,b\n  params:\n    lr: 1e-3\n  only_missing_outputs: yes\n');
    expect(readRunConfig(file)).toEqual({ pipelines: 'a,b', params: { lr: 0.001 }, onlyMissingOutputs: true });
    expect(() => readRunConfig(join(dir, 'missing.yml'))).toThrow(`Invalid value for '--config' / '-c': File '${join(dir, 'missing.yml')}' does not exist.`);
    const bad = join(dir, 'bad.yml');
    writeFileSync(bad, 'run:\n  env: [local\n');
    expect(() => readRunConfig(bad)).toThrow(new RegExp(`The config file '${bad}' is not valid YAML: .*line`));
    mkdirSync(join(dir, 'folder.yml'));
    expect(() => readRunConfig(join(dir, 'folder.yml'))).toThrow(/is a directory/);
  });
});
