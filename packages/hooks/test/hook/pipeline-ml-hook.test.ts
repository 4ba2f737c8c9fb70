/**
 * kedro-mlflow's test_hook_pipeline_ml cases through a real KedroSession on temp projects: a run of
 * a registered PipelineML logs its inference pipeline as an MLflow 3 logged model linked to the run
 * (in ./mlruns, and on the real server), a plain run logs none, and what would make the model fail
 * is refused before the first node.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { load as parseYaml } from 'js-yaml';
import { MlflowClient, type Run } from '@kedro-mlflow/mlflow-client';
import { MlflowModelRegistryDataset } from '@kedro-mlflow/datasets';
import { mlflowAvailable, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { KedroPipelineModelError, loadModel } from '@kedro-mlflow/pipeline-ml';
import { PipelineMlHookError } from '@kedro-mlflow/hooks';
import { mlrunsUri, removeTempDirs, runProject, runsOf, tempDir } from '../project.js';
import { makeMlProject, type TrainingOptions } from './pipeline-ml-project.js';

afterAll(removeTempDirs);
jest.setTimeout(180_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;
const g = globalThis as { __fitCalls?: unknown[] };

async function trained(options: TrainingOptions & { pipelineNames?: string[]; files?: Record<string, string> } = {}) {
  const root = makeMlProject(options);
  const { session } = await runProject(root, options.pipelineNames === undefined ? {} : { pipelineNames: options.pipelineNames });
  const uri = mlrunsUri(root);
  const runs = await runsOf(uri);
  expect(runs).toHaveLength(1);
  return { root, uri, run: runs[0]!, session };
}

/** The MLmodel of the run's model `name` (downloaded with loadModel). */
async function loaded(uri: string, run: Run, name = 'model') {
  const client = new MlflowClient({ trackingUri: uri, env: {} });
  try {
    const model = await loadModel(`runs:/${run.info.runId}/${name}`, { client, dstDir: tempDir('kpm-dst-') });
    const mlmodel = parseYaml(readFileSync(join(model.metadata.modelDir, 'MLmodel'), 'utf8')) as Record<string, any>;
    return { model, mlmodel, flavor: mlmodel.flavors.kedro_pipeline as Record<string, any> };
  } finally {
    await client.close();
  }
}

withMlflow('MlflowHook logs the PipelineML of a run as a model (mlruns)', () => {
  it('__default__ registered as the PipelineML: one model output, auto signature with the inference params and the runner', async () => {
    const { uri, run } = await trained();
    expect(run.info.status).toBe('FINISHED');
    expect(run.outputs?.modelOutputs).toHaveLength(1);
    const { model, mlmodel, flavor } = await loaded(uri, run);
    // `__default__` is the PipelineML registered as `training`: the model records the registry's own name.
    expect(flavor.pipeline_name).toBe('training');
    expect(JSON.parse(mlmodel.signature.inputs)).toEqual([{ type: 'long', name: 'a', required: true }]);
    expect(mlmodel.signature.outputs ?? null).toBeNull();
    expect(JSON.parse(mlmodel.signature.params)).toEqual([
      { name: 'runner', type: 'string', default: 'SequentialRunner', shape: null },
      { name: 'threshold', type: 'double', default: 0.5, shape: null },
    ]);
    // Artifacts: the model; the training-only `params:scale` is not part of it.
    expect(Object.keys(flavor.artifacts)).toEqual(['model']);
    expect(JSON.parse(readFileSync(join(model.metadata.modelDir, flavor.parameters), 'utf8'))).toEqual({ threshold: 0.5 });
    expect(flavor.copy_mode).toEqual({ model: 'assign', data: 'assign', 'params:threshold': 'assign' });
    const rows = [{ a: 1 }, { a: 2 }, { a: 3 }];
    expect(await model.predict(rows)).toEqual([0, 1, 1]);
    expect(await model.predict(rows, { threshold: 0.8 })).toEqual([0, 0, 1]);
    expect(await model.predict(rows, { runner: 'ThreadRunner' })).toEqual([0, 1, 1]);
    await expect(model.predict(rows, { runner: 'non_existing_runner' })).rejects.toMatchObject({ kind: 'runner' });
  });

  it('a plain pipeline logs no model', async () => {
    const { run } = await trained({ pipelineNames: ['other'] });
    expect(run.info.status).toBe('FINISHED');
    expect(run.outputs?.modelOutputs ?? []).toHaveLength(0);
  });

  it('--pipelines training,other: the PipelineML is found by name in the composed run', async () => {
    const { uri, run } = await trained({ pipelineNames: ['training', 'other'] });
    expect(run.data.tags['mlflow.runName']).toBe('training+other');
    expect(run.outputs?.modelOutputs).toHaveLength(1);
    expect((await loaded(uri, run)).flavor.pipeline_name).toBe('training');
  });

  it.each([
    ['deepcopy', { model: 'deepcopy', data: 'deepcopy', 'params:threshold': 'deepcopy' }],
    [null, { model: null, data: null, 'params:threshold': null }],
    [{ model: 'assign' }, { model: 'assign', data: null, 'params:threshold': null }],
  ])('kpmKwargs.copyMode %j reaches the loaded model', async (copyMode, expected) => {
    const { uri, run } = await trained({ kpmKwargs: { copyMode } });
    expect((await loaded(uri, run)).flavor.copy_mode).toEqual(expected);
  });

  it.each([
    ['null: no signature', null, undefined],
    ['an explicit signature, as given', { inputs: { type: 'columns', columns: [{ name: 'a', type: 'double', required: true }] } }, { inputs: [{ type: 'double', name: 'a', required: true }] }],
  ])('logModelKwargs.signature %s', async (_label, signature, expected) => {
    const { uri, run } = await trained({ logModelKwargs: { signature } });
    const saved = (await loaded(uri, run)).mlmodel.signature as Record<string, string> | undefined;
    expect(saved === undefined ? undefined : Object.fromEntries(Object.entries(saved).filter(([, v]) => v != null).map(([k, v]) => [k, JSON.parse(v)]))).toEqual(expected);
  });

  it('logModelKwargs.name and the runner of kpmKwargs', async () => {
    const { uri, run } = await trained({ logModelKwargs: { name: 'my_custom_model' }, kpmKwargs: { runner: 'ConcurrentRunner' } });
    const { model, mlmodel } = await loaded(uri, run, 'my_custom_model');
    expect(JSON.parse(mlmodel.signature.params)[0]).toEqual({ name: 'runner', type: 'string', default: 'ConcurrentRunner', shape: null });
    expect(await model.predict([{ a: 3 }])).toEqual([1]);
  });

  it('a namespaced PipelineML with dataset-factory entries logs its model', async () => {
    const pipelineMjs = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
export const fit = (data) => Math.max(...data);
export const predict = (model, data) => data.map((x) => x / model);
export function createPipeline() {
  const training = pipeline([node(fit, 'data', 'model', { name: 'fit' })], { namespace: 'ns' });
  const inference = pipeline([node(predict, ['model', 'data'], 'predictions', { name: 'predict' })], { namespace: 'ns' });
  return pipelineMlFactory({ training, inference, inputName: 'ns.data', logModelKwargs: { name: 'artifacts' } });
}
`;
    const catalog = `'{namespace}.data':\n  type: MemoryDataset\n  data: [1, 2, 4]\n'{namespace}.model':\n  type: JSONDataset\n  filepath: data/06_models/{namespace}_model.json\n`;
    const { uri, run } = await trained({ files: { 'src/pipelines/training/pipeline.mjs': pipelineMjs, 'conf/base/catalog.yml': catalog } });
    const { model, flavor } = await loaded(uri, run, 'artifacts');
    expect(Object.keys(flavor.artifacts)).toEqual(['ns.model']);
    expect(await model.predict([2, 8])).toEqual([0.5, 2]);
  });
});

withMlflow('MlflowHook refuses a PipelineML whose model could not be logged, before the first node', () => {
  beforeEach(() => {
    g.__fitCalls = [];
  });

  async function refused(options: TrainingOptions & { files?: Record<string, string> }) {
    const root = makeMlProject(options);
    const error = await runProject(root).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(g.__fitCalls).toEqual([]); // no node ran
    expect(await runsOf(mlrunsUri(root))).toHaveLength(0); // and no MLflow run was created
    return error;
  }

  it('an inference input kept in memory', async () => {
    const error = await refused({ files: { 'conf/base/catalog.yml': 'data:\n  type: MemoryDataset\n  data: [{a: 1}]\n' } });
    expect(PipelineMlHookError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'unpersisted-inputs', pipelineName: '__default__', datasets: ['model'] });
    expect((error as Error).message).toContain("'model' (not in the catalog)");
  });

  it('logModelKwargs of Python MLflow (condaEnv)', async () => {
    const error = await refused({ logModelKwargs: { condaEnv: 'conda.yml' } });
    expect(error).toMatchObject({ kind: 'log-model-kwargs', key: 'logModelKwargs.condaEnv' });
  });

  it('a PipelineML built in a registry that discovers its pipelines at run time', async () => {
    const registry = `import { findPipelines } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory as factory } from '@kedro-mlflow/pipeline-ml';
import { createPipeline } from './pipelines/training/pipeline.mjs';
export async function registerPipelines() {
  const pipelines = await findPipelines(import.meta.url);
  const ml = createPipeline();
  pipelines.__default__ = factory({ training: ml.training, inference: ml.inference, inputName: 'data' });
  return pipelines;
}
`;
    const error = await refused({ files: { 'src/pipeline_registry.mjs': registry } });
    expect(error).toMatchObject({ kind: 'code-source', pipelineName: '__default__' });
    expect((error as Error).message).toContain('findPipelines()');
    expect((error as Error).message).toContain('logModelKwargs.code');
  });

  it('a registry importing its pipelines statically is bundled itself when no pipeline folder holds the PipelineML', async () => {
    const registry = `import { pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
import { createPipeline } from './pipelines/training/pipeline.mjs';
import { createPipeline as other } from './pipelines/other/pipeline.mjs';
export function registerPipelines() {
  const ml = createPipeline();
  const inline = pipelineMlFactory({ training: ml.training, inference: ml.inference, inputName: 'data', logModelKwargs: { name: 'inline' } });
  return { __default__: inline, inline, other: other() };
}
`;
    const root = makeMlProject({ files: { 'src/pipeline_registry.mjs': registry } });
    await runProject(root, { pipelineNames: ['inline'] });
    const [run] = await runsOf(mlrunsUri(root));
    const { model, flavor } = await loaded(mlrunsUri(root), run!, 'inline');
    expect(flavor.source).toMatchObject({ export: 'registerPipelines', pipeline: 'inline' });
    expect(flavor.pipeline_name).toBe('inline');
    expect(await model.predict([{ a: 3 }])).toEqual([1]);
  });

  /** The training PipelineML whose inference node `predict` scores through `scorer` (a module of the pipeline's folder). */
  const unbundlableProject = (scorer: Record<string, string>, importLine: string) => ({
    ...scorer,
    'src/pipelines/training/pipeline.mjs': `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';
${importLine}
export const fit = (data) => { (globalThis.__fitCalls ??= []).push(1); return Math.max(...data.map((r) => r.a)); };
export const predict = (model, data) => score(model, data);
export function createPipeline() {
  const training = pipeline([node(fit, 'data', 'model', { name: 'fit' })]);
  const inference = pipeline([node(predict, ['model', 'data'], 'predictions', { name: 'predict' })]);
  return pipelineMlFactory({ training, inference, inputName: 'data' });
}
`,
  });

  it.each([
    [
      'a native addon',
      unbundlableProject(
        {
          // Required on first use, as addons usually are: importing the pipeline works, bundling it cannot.
          'src/pipelines/training/native-scorer.cjs': "exports.score = (model, data) => require('./scorer.node').score(model, data);\n",
          'src/pipelines/training/scorer.node': 'not a real addon: never loaded\n',
        },
        "import { score } from './native-scorer.cjs';",
      ),
      'src/pipelines/training/native-scorer.cjs',
      'scorer.node',
    ],
    [
      'an import() of a computed module name',
      unbundlableProject(
        { 'src/pipelines/training/plugin-scorer.mjs': "export async function score(model, data) { const name = ['node', 'path'].join(':'); await import(name); return data.map((r) => r.a / model); }\n" },
        "import { score } from './plugin-scorer.mjs';",
      ),
      'src/pipelines/training/plugin-scorer.mjs',
      'import()',
    ],
  ])('an inference node that cannot be bundled (%s): the bundler\'s error, naming the node and the module, before training', async (_label, files, module, why) => {
    const root = makeMlProject({ files });
    const error = await runProject(root).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(KedroPipelineModelError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'unbundlable', module: join(root, module), nodes: ['predict'] });
    expect((error as Error).message).toContain("Node 'predict' imports");
    expect((error as Error).message).toContain(why);
    expect(g.__fitCalls).toEqual([]);
    expect(existsSync(join(root, 'data', '06_models', 'model.json'))).toBe(false); // the training node's output was never written
    expect(await runsOf(mlrunsUri(root))).toHaveLength(0);
  });

  it('logModelKwargs.code points at a module that imports its pipelines statically', async () => {
    const root = makeMlProject({ logModelKwargs: { code: { module: 'src/pipelines/training/pipeline.mjs', exportName: 'createPipeline' } } });
    await runProject(root);
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.outputs?.modelOutputs).toHaveLength(1);
  });
});

withMlflow('MlflowHook: a model that fails to log at the end fails the run', () => {
  it('the run is FAILED and the error names the PipelineML', async () => {
    const root = makeMlProject({ deleteModel: true });
    const error = await runProject(root).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ kind: 'model-logging', pipelineName: '__default__' });
    const runs = await runsOf(mlrunsUri(root));
    expect(runs.map((r) => r.info.status)).toEqual(['FAILED']);
    expect(runs[0]!.outputs?.modelOutputs ?? []).toHaveLength(0);
    rmSync(root, { recursive: true, force: true });
  });
});

withMlflow('MlflowHook on the real MLflow server', () => {
  it('logs, registers and aliases the model; Python MLflow sees one model output; MlflowModelRegistryDataset loads @champion and predicts', async () => {
    const { url } = await sharedMlflowServer();
    const name = `hook-model-${Date.now().toString(36)}`;
    const experiment = `hooks-pml-${name}`;
    const root = makeMlProject({ trackingUri: url, experiment, logModelKwargs: { registeredModelName: name, registeredModelAliases: ['champion'] } });
    await runProject(root);
    const runs = await runsOf(url, experiment);
    expect(runs).toHaveLength(1);
    const runId = runs[0]!.info.runId;
    const python = await runPythonJson<{ outputs: number; status: string; flavors: string[] }>(
      [
        'import json, mlflow',
        `run = mlflow.get_run(${JSON.stringify(runId)})`,
        `info = mlflow.models.get_model_info(${JSON.stringify(`models:/${name}@champion`)})`,
        'print(json.dumps({"outputs": len(run.outputs.model_outputs), "status": run.info.status, "flavors": sorted(info.flavors)}))',
      ].join('\n'),
      { env: { MLFLOW_TRACKING_URI: url } },
    );
    expect(python).toMatchObject({ outputs: 1, status: 'FINISHED' });
    expect(python.flavors).toContain('kedro_pipeline');
    const previous = process.env.MLFLOW_TRACKING_URI;
    process.env.MLFLOW_TRACKING_URI = url;
    try {
      const dataset = new MlflowModelRegistryDataset<{ predict(input: unknown, params?: Record<string, unknown>): Promise<unknown> }>({
        model_name: name,
        alias: 'champion',
        flavor: 'kedro_pipeline',
      });
      const model = await dataset.load();
      expect(await model.predict([{ a: 1 }, { a: 3 }], { threshold: 0.8 })).toEqual([0, 1]);
    } finally {
      if (previous === undefined) delete process.env.MLFLOW_TRACKING_URI;
      else process.env.MLFLOW_TRACKING_URI = previous;
    }
  });

  it('a registration the server refuses after the model was logged fails the run, as kedro-mlflow (mlflow raises) does', async () => {
    const { url } = await sharedMlflowServer();
    const unique = Date.now().toString(36);
    const experiment = `hooks-pml-register-${unique}`;
    // MLflow refuses '/' in registered model names; our client leaves that rule to the server.
    const root = makeMlProject({ trackingUri: url, experiment, logModelKwargs: { registeredModelName: `team/classifier-${unique}` } });
    const error = await runProject(root).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(PipelineMlHookError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'model-logging', pipelineName: '__default__', cause: { errorCode: 'INVALID_PARAMETER_VALUE' } });
    const runs = await runsOf(url, experiment);
    expect(runs.map((r) => r.info.status)).toEqual(['FAILED']);
    // The logged model itself was complete: it stays on the run (READY), for a registration by hand.
    expect(runs[0]!.outputs?.modelOutputs).toHaveLength(1);
    const python = await runPythonJson<{ status: string; names: string[] }>(
      [
        'import json, mlflow',
        `run = mlflow.get_run(${JSON.stringify(runs[0]!.info.runId)})`,
        'model = mlflow.get_logged_model(run.outputs.model_outputs[0].model_id)',
        `names = [m.name for m in mlflow.MlflowClient().search_registered_models(filter_string="name LIKE '%classifier-${unique}%'")]`,
        'print(json.dumps({"status": str(model.status), "names": names}))',
      ].join('\n'),
      { env: { MLFLOW_TRACKING_URI: url } },
    );
    expect(python).toEqual({ status: 'READY', names: [] });
  });
});
