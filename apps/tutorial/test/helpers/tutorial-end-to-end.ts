/**
 * The end-to-end checks of the tutorial, shared by the embedded-store and the server test files:
 * `scripts/tutorial.mjs --sample-size 5000` (what `pnpm tutorial` runs) on a copy of the project,
 * then Python MLflow reads the run and the registry, and the CLI's `predict` is compared with what
 * the script got from `kedro-mlflow serve` and from user_app.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { REPO_ROOT, TUTORIAL_SCRIPT, copyTutorialProject } from './project-copy.js';
import { expectSuccess, runCli, runNode, type ProcessResult } from './run-process.js';

const SAMPLE_SIZE = 5000;
const MODEL_URI = 'models:/imdb_sentiment@champion';

interface Prediction {
  label: string;
  probability: number;
}

interface Summary {
  trackingUri: string;
  runId: string;
  modelUri: string;
  modelVersion: string;
  metrics: Record<string, number>;
  served: { request: { dataframe_split: { columns: string[]; data: string[][] } }; predictions: Prediction[]; strictPredictions: Prediction[] };
  userApp: { runId: string | undefined; scored: Array<{ text: string } & Prediction> };
  uiCommand: string | null;
}

interface PythonView {
  status: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  artifacts: string[];
  model_outputs: string[];
  version: string;
  version_run_id: string;
  version_model_id: string | null;
  flavors: string[];
  signature_inputs: Array<{ name: string; type: string }>;
  signature_params: Array<{ name: string; default: unknown }>;
}

const READ_WITH_PYTHON = `
import json, os, mlflow
from mlflow import MlflowClient
run_id = os.environ["TUTORIAL_RUN_ID"]
client = MlflowClient()
run = client.get_run(run_id)
def walk(path=None):
    out = []
    for f in client.list_artifacts(run_id, path):
        out += walk(f.path) if f.is_dir else [f.path]
    return out
version = client.get_model_version_by_alias("imdb_sentiment", "champion")
info = mlflow.models.get_model_info("${MODEL_URI}")
print(json.dumps({
    "status": run.info.status,
    "params": run.data.params,
    "metrics": run.data.metrics,
    "artifacts": sorted(walk()),
    "model_outputs": [o.model_id for o in run.outputs.model_outputs],
    "version": version.version,
    "version_run_id": version.run_id,
    "version_model_id": getattr(version, "model_id", None),
    "flavors": sorted(info.flavors),
    "signature_inputs": info.signature.inputs.to_dict(),
    "signature_params": [{"name": p.name, "default": p.default} for p in info.signature.params],
}))
`;

export function tutorialEndToEnd(store: 'embedded' | 'server'): void {
  mlflowAvailable(); // fails, naming scripts/setup-mlflow.sh, when Python MLflow is missing
  jest.setTimeout(240_000);
  const { work, project } = copyTutorialProject(store);
  let env: Record<string, string | undefined>;
  let script: ProcessResult;
  let summary: Summary;
  let python: PythonView;
  // `kedro-mlflow predict` of the served request, of user_app's reviews, and with a bad threshold.
  let predicted: { served: ProcessResult; user: ProcessResult; badThreshold: ProcessResult };

  beforeAll(async () => {
    env = { MLFLOW_TRACKING_URI: store === 'server' ? (await sharedMlflowServer()).url : undefined, KEDRO_LOG_LEVEL: 'info' };
    const summaryFile = join(work, 'summary.json');
    script = expectSuccess(
      'scripts/tutorial.mjs',
      await runNode([TUTORIAL_SCRIPT, '--sample-size', String(SAMPLE_SIZE), '--project', project, '--summary', summaryFile], REPO_ROOT, env),
    );
    summary = JSON.parse(readFileSync(summaryFile, 'utf8')) as Summary;
    const servedRequest = join(work, 'served-request.json');
    writeFileSync(servedRequest, JSON.stringify(summary.served.request));
    const badThreshold = join(work, 'bad-threshold.json');
    writeFileSync(badThreshold, JSON.stringify({ ...summary.served.request, params: { threshold: 1.5 } }));
    // The checks read what the script left behind and are independent: run them at once.
    const [view, served, user, bad] = await Promise.all([
      runPythonJson<PythonView>(READ_WITH_PYTHON, {
        env: { MLFLOW_TRACKING_URI: summary.trackingUri, MLFLOW_ALLOW_FILE_STORE: 'true', TUTORIAL_RUN_ID: summary.runId },
      }),
      runCli(['predict', '-m', MODEL_URI, '-i', servedRequest], project, env),
      runCli(['predict', '-m', MODEL_URI, '-i', join(project, 'data', '01_raw', 'new_reviews.csv')], project, env),
      runCli(['predict', '-m', MODEL_URI, '-i', badThreshold], project, env),
    ]);
    python = view;
    predicted = { served, user, badThreshold: bad };
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it(`tracks into ${store === 'server' ? 'the server of MLFLOW_TRACKING_URI' : "the project's mlruns folder"}`, () => {
    if (store === 'server') expect(summary.trackingUri).toBe(env.MLFLOW_TRACKING_URI);
    else expect(summary.trackingUri).toBe(`file://${join(project, 'mlruns')}`);
  });

  it('prints the accuracy on the held-out reviews, the run id, the model URI and how to open the UI', () => {
    const { stdout } = script;
    expect(stdout).toContain(`accuracy on the ${SAMPLE_SIZE / 2} held-out reviews: ${summary.metrics.accuracy!.toFixed(4)}`);
    expect(stdout).toContain(`MLflow run:  ${summary.runId}`);
    expect(stdout).toContain(`${MODEL_URI} → version ${summary.modelVersion} (runs:/${summary.runId}/model)`);
    if (store === 'embedded') {
      // `kedro-mlflow ui` finds Python MLflow on PATH or in $MLFLOW_BIN: the command names the venv of
      // scripts/setup-mlflow.sh when it has to.
      const match = /^\(cd \S+ && (?:MLFLOW_BIN=(\S+) )?node \S*packages\/cli\/dist\/bin\.js ui\)$/.exec(summary.uiCommand ?? '');
      expect(match).not.toBeNull();
      if (match![1] !== undefined) expect(existsSync(match![1])).toBe(true);
    }
    expect(stdout).toContain(`MLflow UI:   ${summary.uiCommand ?? `${summary.trackingUri}/#/experiments/`}`);
    // Each step names the command it runs, so a user can repeat it by hand.
    for (const command of ['run --pipelines etl_app --params etl.sample_size=5000', 'run --pipelines ml_app', `serve -m ${MODEL_URI}`, 'run --pipelines user_app']) {
      expect(stdout).toContain(`$ kedro-mlflow ${command}`);
    }
  });

  it('the training run (read by Python MLflow) has its params, metrics and artifacts', () => {
    expect(python.status).toBe('FINISHED');
    expect(python.params).toMatchObject({ 'vectorizer.max_features': '20000', 'vectorizer.sublinear_tf': 'true', 'model.c': '1', threshold: '0.5' });
    expect(python.metrics).toEqual(summary.metrics);
    expect(python.metrics.test_reviews).toBe(SAMPLE_SIZE / 2);
    for (const key of ['precision', 'recall', 'f1', 'roc_auc']) expect(python.metrics[key]).toBeGreaterThan(0.6);
    expect(python.artifacts).toEqual(expect.arrayContaining(['evaluation/confusion_matrix.svg', 'evaluation/roc_curve.svg', 'pipeline_dag.svg', 'run_summary.json']));
  });

  it('accuracy on the held-out reviews is well above chance', () => {
    // 2,500 training reviews; the full 25,000 reach about 0.89 (README).
    expect(summary.metrics.accuracy).toBeGreaterThan(0.78);
    expect(summary.metrics.roc_auc).toBeGreaterThan(0.85);
  });

  it("the model is logged as the run's output, registered, and its new version is the champion", () => {
    expect(python.model_outputs).toHaveLength(1);
    expect(String(python.version)).toBe(summary.modelVersion); // the file store answers a number
    expect(python.version_run_id).toBe(summary.runId);
    if (python.version_model_id !== null) expect(python.version_model_id).toBe(python.model_outputs[0]);
    expect(python.flavors).toEqual(['kedro_pipeline', 'python_function']);
    expect(python.signature_inputs).toEqual([expect.objectContaining({ name: 'text', type: 'string' })]);
    expect(python.signature_params).toEqual(expect.arrayContaining([{ name: 'threshold', default: 0.5 }]));
  });

  it('served predictions are labels with probabilities, equal to `kedro-mlflow predict`', () => {
    const { served } = summary;
    expect(served.predictions).toHaveLength(3);
    expect(served.predictions.map((p) => p.label)).toEqual(['positive', 'negative', expect.stringMatching(/^(positive|negative)$/)]);
    for (const p of served.predictions) expect(p.probability).toBeGreaterThanOrEqual(0);
    // The threshold is a predict-time parameter: at 0.9 a review is positive only from 0.9 on.
    served.strictPredictions.forEach((p, i) => {
      expect(p.probability).toBeCloseTo(served.predictions[i]!.probability, 12);
      expect(p.label).toBe(p.probability >= 0.9 ? 'positive' : 'negative');
    });
    const res = expectSuccess('kedro-mlflow predict', predicted.served);
    expect(JSON.parse(res.stdout)).toEqual({ predictions: served.predictions });
  });

  it('user_app scored the new reviews with the champion model', () => {
    const { scored } = summary.userApp;
    const reviews = readFileSync(join(project, 'data', '01_raw', 'new_reviews.csv'), 'utf8').trim().split('\n').slice(1);
    expect(scored).toHaveLength(reviews.length);
    expect(summary.userApp.runId).toMatch(/^[0-9a-f]{32}$/);
    // The same texts through `predict` on the same model URI give the same answers.
    const res = expectSuccess('kedro-mlflow predict', predicted.user);
    const answers = (JSON.parse(res.stdout) as { predictions: Prediction[] }).predictions;
    expect(scored.map(({ label, probability }) => ({ label, probability }))).toEqual(answers.map(({ label, probability }) => ({ label, probability: expect.closeTo(probability, 12) })));
  });

  it('a threshold outside [0, 1] at predict time is refused, naming the parameter', () => {
    const res = predicted.badThreshold;
    expect(res.code).toBe(1);
    expect(res.stdout).toBe('');
    expect(res.stderr).toContain("Parameter 'threshold' must be a number between 0 and 1, got 1.5");
  });
}
