/**
 * kedro-mlflow's test_cli_modelify cases, and the training run that logs its PipelineML as a model,
 * with the built CLI on a project made by `new` (TypeScript sources, tracking into ./mlruns): the
 * model is bundled from the project's pipeline folder, logged, and Python MLflow and loadModel read it.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { loadModel } from '@kedro-mlflow/pipeline-ml';
import { cli, cliAsync, generatedProject, removeDir, tempDir } from './helpers.js';

jest.setTimeout(300_000);
const withMlflow = mlflowAvailable() ? describe : describe.skip;

const ML_PIPELINE_TS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { pipelineMlFactory } from '@kedro-mlflow/pipeline-ml';

type Row = { col_int: number; col_str: string };
export const fit = (data: Row[]): number => Math.max(...data.map((r) => r.col_int));
export const predict = (model: number, data: Row[], threshold: number): number[] => data.map((r) => (r.col_int / model > threshold ? 1 : 0));

export function createPipeline() {
  const training = pipeline([node(fit, 'my_input_data', 'trained_model', { name: 'fit' })]);
  const inference = pipeline([node(predict, ['trained_model', 'my_input_data', 'params:my_param'], 'predictions', { name: 'predict' })]);
  return pipelineMlFactory({ training, inference, inputName: 'my_input_data' });
}
`;

const ML_CATALOG = `my_input_data:
  type: JSONDataset
  filepath: data/01_raw/my_input_data.json
trained_model:
  type: JSONDataset
  filepath: data/06_models/trained_model.json
`;

let work: string;
let project: string;
const mlruns = (): string => pathToFileURL(join(project, 'mlruns')).href;

beforeAll(() => {
  ({ work, project } = generatedProject('modelify'));
  mkdirSync(join(project, 'src', 'pipelines', 'ml'), { recursive: true });
  writeFileSync(join(project, 'src', 'pipelines', 'ml', 'pipeline.ts'), ML_PIPELINE_TS);
  writeFileSync(join(project, 'conf', 'base', 'catalog_ml.yml'), ML_CATALOG);
  writeFileSync(join(project, 'conf', 'base', 'parameters_ml.yml'), 'my_param: 0.5\n');
  writeFileSync(join(project, 'data', '01_raw', 'my_input_data.json'), JSON.stringify([{ col_int: 1, col_str: 'a' }, { col_int: 2, col_str: 'b' }, { col_int: 4, col_str: 'c' }]));
  // An installed project has these in node_modules; the model's bundler resolves the project's imports there.
  mkdirSync(join(project, 'node_modules', '@kedro-mlflow'), { recursive: true });
  for (const pkg of ['core-pipeline', 'pipeline-ml', 'mlflow-client', 'datasets']) symlinkSync(join(__dirname, '..', '..', pkg), join(project, 'node_modules', '@kedro-mlflow', pkg), 'dir');
});
afterAll(() => removeDir(work));

/** Loaded through the environment's tracking URI (the project's mlruns), as a user's script would. */
async function loggedModel(modelUri: string) {
  const previous = process.env.MLFLOW_TRACKING_URI;
  process.env.MLFLOW_TRACKING_URI = mlruns();
  try {
    const model = await loadModel(modelUri, { dstDir: tempDir('modelify-dst') });
    return { model, mlmodel: parseYaml(readFileSync(join(model.metadata.modelDir, 'MLmodel'), 'utf8')) as Record<string, any> };
  } finally {
    if (previous === undefined) delete process.env.MLFLOW_TRACKING_URI;
    else process.env.MLFLOW_TRACKING_URI = previous;
  }
}

withMlflow('kedro-mlflow run of a PipelineML and kedro-mlflow modelify', () => {
  it('run --pipelines ml logs the inference pipeline as the model of the run', async () => {
    const res = await cliAsync(['run', '--pipelines', 'ml'], { cwd: project });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("Model 'model' of the PipelineML 'ml' logged with model_id 'm-");
    const modelId = /of the PipelineML 'ml' logged with model_id '(m-[0-9a-f]+)'/.exec(res.stderr)![1];
    // MLmodel records the registry name of the PipelineML the run trained.
    expect((await loggedModel(`models:/${modelId}`)).mlmodel.flavors.kedro_pipeline.pipeline_name).toBe('ml');
    const python = await runPythonJson<{ outputs: number[]; status: string[] }>(
      [
        'import json, mlflow',
        'runs = mlflow.search_runs(experiment_names=["demo_project"], output_format="list")',
        'print(json.dumps({"outputs": [len(r.outputs.model_outputs) for r in runs], "status": [r.info.status for r in runs]}))',
      ].join('\n'),
      { env: { MLFLOW_TRACKING_URI: mlruns(), MLFLOW_ALLOW_FILE_STORE: 'true' }, cwd: project },
    );
    expect(python).toEqual({ outputs: [1], status: ['FINISHED'] });
  });

  it('modelify logs a model that predicts, naming the artifacts added and the model id; it works from src/', async () => {
    const res = await cliAsync(['modelify', '-p', 'ml', '-i', 'my_input_data'], { cwd: join(project, 'src') });
    expect(res.code).toBe(0);
    expect(res.stderr).toContain("The dataset 'trained_model' is added to the Pipeline catalog");
    expect(res.stderr).toContain("The dataset 'params:my_param' is added to the Pipeline catalog");
    const modelId = /Model 'model-ml' successfully logged with model_id '(m-[0-9a-f]+)'/.exec(res.stderr)?.[1];
    expect(modelId).toBeDefined();
    expect(res.stdout.trim()).toBe(`models:/${modelId}`);
    const { model, mlmodel } = await loggedModel(`models:/${modelId}`);
    expect(await model.predict([{ col_int: 1 }, { col_int: 4 }])).toEqual([0, 1]);
    expect(mlmodel.signature).toBeUndefined();
    expect(mlmodel.flavors.kedro_pipeline.copy_mode).toMatchObject({ trained_model: 'deepcopy' });
    expect(mlmodel.flavors.kedro_pipeline.pipeline_name).toBe('ml');
  });

  it('an input name that is not an input of the pipeline: exit 1, listing the inputs', () => {
    const res = cli(['modelify', '-p', 'ml', '-i', 'invalid_input'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("'invalid_input' is not a valid 'input_name'");
    expect(res.stderr).toContain(' - my_input_data');
    expect(res.stderr).toContain(' - trained_model');
  });

  it('--code naming a module that does not give the pipeline: exit 1 before anything is logged, saying what was tried', () => {
    const res = cli(['modelify', '-p', 'ml', '-i', 'my_input_data', '--code', 'src/pipelines/reviews/pipeline.ts#createPipeline'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Cannot tell which module the model of the pipeline 'ml' is bundled from");
    expect(res.stderr).toContain('src/pipelines/reviews/pipeline.ts#createPipeline: gives the nodes');
    expect(res.stderr).not.toContain('successfully logged');
  });

  it('an unknown pipeline: exit 1, listing the registered ones', () => {
    const res = cli(['modelify', '-p', 'nope', '-i', 'my_input_data'], { cwd: project });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("'nope' pipeline not found");
  });

  it('--model-name, --infer-signature, --infer-input-example, --registered-model-name, --copy-mode', async () => {
    const res = await cliAsync(
      ['modelify', '-p', 'ml', '-i', 'my_input_data', '--model-name', 'my_new_model', '--infer-signature', '--infer-input-example', '--registered-model-name', 'modelified', '--copy-mode', 'assign'],
      { cwd: project },
    );
    expect(res.code).toBe(0);
    const { model, mlmodel } = await loggedModel('models:/modelified/1');
    const python = await runPythonJson<{ name: string }>(
      `import json, mlflow\nprint(json.dumps({"name": mlflow.get_logged_model(${JSON.stringify(model.metadata.modelId)}).name}))`,
      { env: { MLFLOW_TRACKING_URI: mlruns(), MLFLOW_ALLOW_FILE_STORE: 'true' }, cwd: project },
    );
    expect(python.name).toBe('my_new_model');
    expect(JSON.parse(mlmodel.signature.inputs)).toEqual([
      { type: 'long', name: 'col_int', required: true },
      { type: 'string', name: 'col_str', required: true },
    ]);
    expect(JSON.parse(mlmodel.signature.params).map((p: { name: string }) => p.name)).toEqual(['runner', 'my_param']);
    expect(mlmodel.saved_input_example_info).toEqual({ artifact_path: 'input_example.json', pandas_orient: 'split', type: 'dataframe', serving_input_path: 'serving_input_example.json' });
    expect(JSON.parse(readFileSync(join(model.metadata.modelDir, 'input_example.json'), 'utf8'))).toEqual({ columns: ['col_int', 'col_str'], data: [[1, 'a']] });
    expect(mlmodel.flavors.kedro_pipeline.copy_mode).toMatchObject({ trained_model: 'assign' });
    expect(await model.predict([{ col_int: 4, col_str: 'x' }], { my_param: 0.99 })).toEqual([1]);
  });

  it('--infer-input-example alone saves the example; the signature is inferred from it by MLflow rules, without params', async () => {
    const res = await cliAsync(['modelify', '-p', 'ml', '-i', 'my_input_data', '--infer-input-example'], { cwd: project });
    expect(res.code).toBe(0);
    const modelId = /model_id '(m-[0-9a-f]+)'/.exec(res.stderr)![1];
    const { mlmodel } = await loggedModel(`models:/${modelId}`);
    expect(mlmodel.saved_input_example_info).toMatchObject({ artifact_path: 'input_example.json', type: 'dataframe' });
    expect(JSON.parse(mlmodel.signature.inputs).map((c: { name: string }) => c.name)).toEqual(['col_int', 'col_str']);
    expect(mlmodel.signature.params ?? null).toBeNull();
  });
});
