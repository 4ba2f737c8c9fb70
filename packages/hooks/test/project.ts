/**
 * Small real projects in temp folders, run through a real KedroSession with the hook, tracking into
 * the project's `mlruns` (embedded store) unless mlflow.yml says otherwise. Project modules are
 * `.mjs` importing the workspace packages through node_modules links (jest maps them to src, so the
 * project and the tests share one copy; ParallelRunner workers import the built dist).
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { KedroSession, type SessionRunOptions } from '@kedro-mlflow/core-pipeline';
import { MlflowClient, type Run } from '@kedro-mlflow/mlflow-client';
import { MlflowHook, type MlflowHookOptions } from '@kedro-mlflow/hooks';

const PACKAGES = join(__dirname, '..', '..');
const created: string[] = [];

export function tempDir(prefix = 'kedro-mlflow-hooks-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

export const REGISTRY_MJS = `import { findPipelines, Pipeline } from '@kedro-mlflow/core-pipeline';
export async function registerPipelines() {
  const pipelines = await findPipelines(import.meta.url);
  // 'failing' is only run by name.
  pipelines.__default__ = Pipeline.sum(Object.entries(pipelines).filter(([name]) => name !== 'failing').map(([, p]) => p));
  return pipelines;
}
`;

/** Saves a dict of numbers as metrics of the current MLflow run; records which run it saw. */
export const RUN_LOGGING_DATASET_MJS = `import { AbstractDataset } from '@kedro-mlflow/core-pipeline';
import { currentMlflowRun } from '@kedro-mlflow/hooks';
export class RunLoggingDataset extends AbstractDataset {
  static OPTION_KEYS = ['key', 'metadata'];
  constructor(options) { super(options); this.key = options.key; }
  async _save(data) {
    this.data = data;
    const run = currentMlflowRun();
    (globalThis.__savedIn ??= []).push(run?.runId ?? 'none');
    if (run === undefined) return;
    for (const [k, v] of Object.entries(data)) run.tracking.logMetric(this.key + '.' + k, v);
  }
  async _load() {
    (globalThis.__loadedIn ??= []).push(currentMlflowRun()?.runId ?? 'none');
    return this.data;
  }
  _describe() { return { key: this.key }; }
}
`;

/** train: prepare(raw, params:model) -> features; fit(features, parameters) -> metrics; score(metrics) -> score. */
const TRAIN_PIPELINE_MJS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export const prepare = (raw, model) => raw.map((x) => x * model.scale);
export const fit = (features, parameters) => ({ total: features.reduce((a, b) => a + b, 0), lr: parameters.model.lr });
export const score = (metrics) => metrics.total * 2;
export function createPipeline() {
  return pipeline([
    node(prepare, ['raw', 'params:model'], 'features', { name: 'prepare' }),
    node(fit, ['features', 'parameters'], 'metrics', { name: 'fit' }),
    node(score, 'metrics', 'score', { name: 'score' }),
  ]);
}
`;

/** other: a node that logs a param itself through the current run (not run by ParallelRunner tests). */
const OTHER_PIPELINE_MJS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { currentMlflowRun } from '@kedro-mlflow/hooks';
export const shout = (greeting) => {
  const run = currentMlflowRun();
  if (run !== undefined) run.tracking.setTag('shout.seen_run', run.runId);
  return greeting.toUpperCase();
};
export function createPipeline() {
  return pipeline([node(shout, 'greeting', 'shouted', { name: 'shout' })]);
}
`;

/** failing: a node that opens a nested run of its own, then throws. */
const FAILING_PIPELINE_MJS = `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
import { currentMlflowRun } from '@kedro-mlflow/hooks';
export const explode = async (greeting) => {
  const run = currentMlflowRun();
  if (run !== undefined) await run.tracking.startRun({ runName: 'nested-in-node', nested: true });
  throw new RangeError('the node failed on purpose');
};
export function createPipeline() {
  return pipeline([node(explode, 'greeting', 'never', { name: 'explode' })]);
}
`;

export const BASE_FILES: Record<string, string> = {
  'conf/base/catalog.yml': `raw:
  type: MemoryDataset
  data: [1, 2, 3]
greeting:
  type: MemoryDataset
  data: hello
metrics:
  type: ./src/run_logging_dataset.mjs#RunLoggingDataset
  key: fit
`,
  'conf/base/parameters.yml': 'model:\n  scale: 2\n  lr: 0.1\n',
  'src/run_logging_dataset.mjs': RUN_LOGGING_DATASET_MJS,
  'src/pipeline_registry.mjs': REGISTRY_MJS,
  'src/pipelines/train/pipeline.mjs': TRAIN_PIPELINE_MJS,
  'src/pipelines/other/pipeline.mjs': OTHER_PIPELINE_MJS,
  'src/pipelines/failing/pipeline.mjs': FAILING_PIPELINE_MJS,
};

export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
}

/** A project (package `fake_project`) with the base files plus `files`. */
export function makeProject(files: Record<string, string> = {}): string {
  const root = tempDir('kedro-mlflow-project-');
  const kedro = { packageName: 'fake_project', projectName: 'Fake Project', sourceDir: 'src', kedroMlflowInitVersion: '0.1.0' };
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'fake-project', type: 'module', private: true, kedro }, null, 2));
  mkdirSync(join(root, 'node_modules', '@kedro-mlflow'), { recursive: true });
  for (const pkg of ['core-pipeline', 'mlflow-client', 'hooks']) symlinkSync(join(PACKAGES, pkg), join(root, 'node_modules', '@kedro-mlflow', pkg), 'dir');
  mkdirSync(join(root, 'conf', 'local'), { recursive: true });
  writeFiles(root, { ...BASE_FILES, ...files });
  return root;
}

/** Hook options for tests: no MLFLOW_* of the machine, a private journal, no exit handlers. */
export function testHookOptions(env: Record<string, string | undefined> = {}): MlflowHookOptions {
  return { env, trackingOptions: { journalDir: tempDir('journal-'), exitHandlers: false, flushIntervalMs: 50 } };
}

export async function runProject(root: string, run: SessionRunOptions = {}, hook = new MlflowHook(testHookOptions()), create: { env?: string; runtimeParams?: Record<string, unknown> } = {}) {
  const session = await KedroSession.create({ projectPath: root, hooks: [hook], ...create });
  const result = await session.run(run);
  return { session, result, hook };
}

export const mlrunsUri = (root: string): string => pathToFileURL(join(root, 'mlruns')).href;

/** Every run of the experiment `name` in the store at `uri`, newest first. */
export async function runsOf(uri: string, name = 'fake_project'): Promise<Run[]> {
  const client = new MlflowClient({ trackingUri: uri, env: {} });
  try {
    const experiment = await client.getExperimentByName(name);
    if (experiment === undefined) return [];
    return (await client.searchRuns([experiment.experimentId], { orderBy: ['attributes.start_time DESC'] })).items;
  } finally {
    await client.close();
  }
}
