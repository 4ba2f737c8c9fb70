#!/usr/bin/env node
// The whole tutorial in one command (`pnpm tutorial` from the repository root): etl_app → ml_app
// (training, tracked, model logged, registered, alias champion) → `kedro-mlflow serve` of
// models:/imdb_sentiment@champion and a few reviews over HTTP → user_app → what came out.
// Every command it runs is printed first, so each step can be repeated by hand.
import { writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { mlflowBinPrefix } from './mlflow-bin.mjs';
import { CLI, REPO_ROOT, StepError, invoke, requireCli, runPipeline, startServer } from './processes.mjs';

const MODEL_NAME = 'imdb_sentiment';
const MODEL_URI = `models:/${MODEL_NAME}@champion`;
// Reviews written for this tutorial (not from the dataset): what a client of the served model sends.
const SAMPLE_REVIEWS = [
  'An absolute joy from start to finish. The cast is wonderful and the script is sharp and funny.',
  'Boring, badly acted and far too long. I wanted my money back after twenty minutes.',
  'Not bad, not great: a few good scenes, but the story never quite comes together.',
];

const USAGE = `Usage: pnpm tutorial [--sample-size N] [--project DIR] [--summary FILE]

  --sample-size N  run on N of the 50,000 reviews (default: all of them)
  --project DIR    the project to run (default: apps/tutorial)
  --summary FILE   also write what came out (run id, model, metrics, predictions) as JSON

Tracks into the project's mlruns/ folder, or into the MLflow server of MLFLOW_TRACKING_URI.`;

const out = (line = '') => process.stdout.write(`${line}\n`);
/** A URI as it may be printed: `https://user:secret@host` → `https://***@host`. */
const shown = (uri) => uri.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@\s]*@/i, '$1***@');
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;

function parseOptions() {
  let values;
  try {
    ({ values } = parseArgs({
      options: { 'sample-size': { type: 'string' }, project: { type: 'string' }, summary: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    throw new StepError(`${error.message}\n\n${USAGE}`);
  }
  if (values.help) {
    out(USAGE);
    process.exit(0);
  }
  const sampleSize = values['sample-size'];
  if (sampleSize !== undefined && !/^\d+$/.test(sampleSize)) throw new StepError(`--sample-size must be a whole number, got '${sampleSize}'.\n\n${USAGE}`);
  return { sampleSize, project: resolve(values.project ?? join(REPO_ROOT, 'apps', 'tutorial')), summary: values.summary };
}

/** Prints a step's title and the command, runs it, prints how long it took. */
async function step(number, title, command, fn) {
  out();
  out(`━━ ${number} ${title}`);
  if (command !== undefined) out(`$ ${command}`);
  const started = performance.now();
  const result = await fn();
  out(`✓ ${title.split(':')[0]} in ${seconds(performance.now() - started)}`);
  return result;
}

function printPredictions(texts, predictions) {
  out('  label      probability  review');
  predictions.forEach((p, i) => out(`  ${String(p.label).padEnd(9)}  ${Number(p.probability).toFixed(3).padStart(11)}  ${shorten(texts[i])}`));
}

function shorten(text, width = 70) {
  return text.length <= width ? text : `${text.slice(0, width - 1)}…`;
}

async function main() {
  const options = parseOptions();
  requireCli();
  const { project } = options;
  const started = performance.now();
  const kedro = 'kedro-mlflow';
  const here = relative(process.cwd(), project) || '.';
  out(`The IMDB sentiment tutorial in ${here} (${kedro} is node ${relative(process.cwd(), CLI)}).`);
  const serverUri = process.env.MLFLOW_TRACKING_URI;
  out(`Tracking: ${serverUri ? `the server at MLFLOW_TRACKING_URI (${shown(serverUri)})` : `the embedded store ${join(here, 'mlruns')}`}.`);

  const etlArgs = ['--pipelines', 'etl_app', ...(options.sampleSize === undefined ? [] : ['--params', `etl.sample_size=${options.sampleSize}`])];
  await step('1/5', 'etl_app: the labelled IMDB reviews → a seeded train/test split (Parquet) and the stop words', `${kedro} run ${etlArgs.join(' ')}`, () =>
    runPipeline(etlArgs, project),
  );

  const ml = await step('2/5', 'ml_app: training, evaluation on the held-out reviews; the model logged, registered, aliased', `${kedro} run --pipelines ml_app`, () =>
    runPipeline(['--pipelines', 'ml_app'], project),
  );
  if (ml.mlflow === null) throw new StepError('ml_app was not tracked (tracking.disable_tracking in mlflow.yml?): no model was logged.');
  const { runId, trackingUri, experimentId } = ml.mlflow;
  const { MlflowClient } = await import('@kedro-mlflow/mlflow-client');
  const client = new MlflowClient({ trackingUri });
  let champion;
  let run;
  try {
    champion = await client.getModelVersionByAlias(MODEL_NAME, 'champion');
    run = await client.getRun(runId);
  } finally {
    await client.close?.();
  }
  if (champion.runId !== runId) throw new StepError(`${MODEL_URI} is version ${champion.version}, of run ${champion.runId}, not of this training run ${runId}.`);
  out(`  ${MODEL_URI} is version ${champion.version}, logged by run ${runId}.`);

  const served = await step('3/5', `serve: ${MODEL_URI} over HTTP (MLflow's scoring protocol)`, `${kedro} serve -m ${MODEL_URI} --port <a free port>`, async () => {
    const server = await startServer(MODEL_URI, project);
    try {
      const body = { dataframe_split: { columns: ['text'], data: SAMPLE_REVIEWS.map((text) => [text]) } };
      out(`  curl -s ${server.url}/invocations -H 'Content-Type: application/json' -d '${JSON.stringify({ dataframe_split: { columns: ['text'], data: [['…']] } })}'`);
      const answer = await invoke(server.url, body);
      printPredictions(SAMPLE_REVIEWS, answer.predictions);
      out('  The same reviews with a stricter threshold, {"params": {"threshold": 0.9}}:');
      const strict = await invoke(server.url, { ...body, params: { threshold: 0.9 } });
      printPredictions(SAMPLE_REVIEWS, strict.predictions);
      return { request: body, predictions: answer.predictions, strictPredictions: strict.predictions };
    } finally {
      await server.stop();
    }
  });

  const user = await step('4/5', `user_app: new reviews scored by ${MODEL_URI} (MlflowModelRegistryDataset)`, `${kedro} run --pipelines user_app`, () =>
    runPipeline(['--pipelines', 'user_app'], project),
  );
  const { CSVDataset } = await import('@kedro-mlflow/datasets');
  const scored = (await new CSVDataset({ filepath: join(project, 'data', '07_model_output', 'scored_reviews.csv') }).load()).objects();
  printPredictions(scored.map((r) => r.text), scored);

  const m = run.data.metrics;
  const total = performance.now() - started;
  const mlflowBin = mlflowBinPrefix(project);
  const uiCommand = trackingUri.startsWith('http') ? undefined : `(cd ${here} && ${mlflowBin ?? ''}node ${relative(project, CLI)} ui)`;
  out();
  out('━━ 5/5 what came out');
  out(`  accuracy on the ${m.test_reviews} held-out reviews: ${m.accuracy.toFixed(4)}  (precision ${m.precision.toFixed(4)}, recall ${m.recall.toFixed(4)}, F1 ${m.f1.toFixed(4)}, ROC AUC ${m.roc_auc.toFixed(4)})`);
  out(`  MLflow run:  ${runId} (experiment ${experimentId}, ${shown(trackingUri)})`);
  out(`  model:       ${MODEL_URI} → version ${champion.version} (runs:/${runId}/model)`);
  out(`  MLflow UI:   ${uiCommand ?? shown(ml.mlflow.runUrl ?? trackingUri)}`);
  if (uiCommand !== undefined && mlflowBin === undefined) out('               (it needs Python MLflow: scripts/setup-mlflow.sh installs it)');
  out(`  total time:  ${seconds(total)}`);

  if (options.summary !== undefined) {
    const summary = {
      trackingUri: shown(trackingUri),
      experimentId,
      runId,
      modelUri: MODEL_URI,
      modelVersion: champion.version,
      metrics: m,
      served,
      userApp: { sessionId: user.sessionId, runId: user.mlflow?.runId, scored },
      uiCommand: uiCommand ?? null,
      seconds: total / 1000,
    };
    writeFileSync(options.summary, `${JSON.stringify(summary, null, 2)}\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`\ntutorial: ${error instanceof StepError ? error.message : (error?.stack ?? String(error))}\n`);
  process.exit(1);
});
