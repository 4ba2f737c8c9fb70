/**
 * Issue 11 §2, the team set-up: `mlflow server` with its backend store on a real PostgreSQL
 * (`postgresql+psycopg2://`) and its artifacts in a real S3 bucket (versitygw), proxied
 * (`--artifacts-destination s3://…`) and direct (`--default-artifact-root s3://… --no-serve-artifacts`,
 * our S3ArtifactRepository uploading). Against each: a `kedro-mlflow run` of a project made by
 * `kedro-mlflow new` with a PipelineML (the hook, an MlflowArtifactDataset, model logging and
 * registration), read back with Python MLflow; and four processes logging at once, every value read back.
 *
 * A repo-level test: it drives the built CLI (the top of the package graph) on servers from
 * mlflow-test-server, so no package's own tests would need an upward dependency.
 */
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  requireMlflowVenv,
  requirePostgresBin,
  requireVersitygw,
  runPythonJson,
  startMlflowStack,
  startS3Server,
  type ArtifactMode,
  type MlflowStack,
  type S3Server,
} from '../../packages/mlflow-test-server/src/index.js';
import { cliAsync, newProject, removeDir, runDocument, tempDir } from '../../packages/cli/test/helpers.js';

jest.setTimeout(120_000);

const PACKAGES = join(__dirname, '..', '..', 'packages');
const FIXTURE = join(PACKAGES, 'cli', 'test', 'fixtures', 'run-then-serve');
const CLIENT_BUNDLE = join(PACKAGES, 'mlflow-client', 'dist', 'index.bundle.js');
const WRITERS = 4;
const PER_WRITER = 10;

let work: string;
let s3: S3Server;
const stacks = new Map<ArtifactMode, MlflowStack>();

beforeAll(async () => {
  requireMlflowVenv();
  requirePostgresBin();
  requireVersitygw();
  if (!existsSync(CLIENT_BUNDLE)) throw new Error(`${CLIENT_BUNDLE} does not exist: build first (pnpm build)`);
  work = tempDir('team-stack');
  // One object store, a bucket per stack; a PostgreSQL per stack (each server owns its database).
  s3 = await startS3Server();
  await Promise.all((['proxied', 'direct'] as const).map(async (mode) => stacks.set(mode, await startMlflowStack({ mode, s3 }))));
});
afterAll(async () => {
  for (const stack of stacks.values()) await stack.stop();
  await s3?.stop();
  if (work !== undefined) removeDir(work);
});

/** Every object key under a prefix of the bucket (versitygw's posix backend: a file per object). */
function objects(stack: MlflowStack, prefix: string): string[] {
  const root = join(stack.s3.dataDir, stack.bucket, prefix);
  if (!existsSync(root)) return [];
  return (readdirSync(root, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

/** `kedro-mlflow new` plus the house-prices PipelineML; its training target goes through an MlflowArtifactDataset. */
function housePricesProject(mode: ArtifactMode, trackingUri: string): string {
  const parent = join(work, mode);
  mkdirSync(parent);
  const project = newProject(parent, 'House Prices');
  cpSync(FIXTURE, project, { recursive: true });
  writeFileSync(join(project, 'conf', 'local', 'mlflow.yml'), `server:\n  mlflow_tracking_uri: ${trackingUri}\ntracking:\n  experiment:\n    name: team_${mode}\n`);
  writeFileSync(
    join(project, 'conf', 'local', 'catalog.yml'),
    'house_prices:\n  type: MlflowArtifactDataset\n  artifact_path: training\n  dataset: {type: JSONDataset, filepath: data/05_model_input/house_prices.json}\n',
  );
  // An installed project has these in node_modules; the model's bundler resolves the project's imports there.
  mkdirSync(join(project, 'node_modules', '@kedro-mlflow'), { recursive: true });
  for (const pkg of ['core-pipeline', 'pipeline-ml', 'mlflow-client', 'datasets']) symlinkSync(join(PACKAGES, pkg), join(project, 'node_modules', '@kedro-mlflow', pkg), 'dir');
  return project;
}

interface Readback {
  status: string;
  artifactUri: string;
  params: Record<string, string>;
  metrics: Record<string, number>;
  history: number[];
  artifacts: string[];
}

/** A run as Python MLflow sees it: status, params, metrics, `step_value`'s history, every artifact path (recursive). */
function readRuns(stack: MlflowStack, runIds: string[]): Promise<Record<string, Readback>> {
  return runPythonJson(
    [
      'import json, mlflow',
      'c = mlflow.MlflowClient()',
      'def walk(run_id, path=None):',
      '    out = []',
      '    for f in c.list_artifacts(run_id, path):',
      '        out.extend(walk(run_id, f.path) if f.is_dir else [f.path])',
      '    return out',
      'res = {}',
      `for run_id in ${JSON.stringify(runIds)}:`,
      '    r = c.get_run(run_id)',
      '    res[run_id] = {"status": r.info.status, "artifactUri": r.info.artifact_uri, "params": r.data.params, "metrics": r.data.metrics,',
      '                   "history": [m.value for m in sorted(c.get_metric_history(run_id, "step_value"), key=lambda m: m.step)],',
      '                   "artifacts": sorted(walk(run_id))}',
      'print(json.dumps(res))',
    ].join('\n'),
    { env: stack.clientEnv() },
  );
}

/** `node log-writer.mjs …` with the stack's client environment; resolves with its run id. */
function writer(stack: MlflowStack, experimentId: string, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(__dirname, 'log-writer.mjs'), CLIENT_BUNDLE, experimentId, name, String(PER_WRITER), join(work, `writers-${stack.mode}`)], {
      env: { ...process.env, ...stack.clientEnv() },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(stdout.trim()) : reject(new Error(`writer ${name} exited ${code}:\n${stderr}`))));
  });
}

describe.each(['proxied', 'direct'] as const)('mlflow server on PostgreSQL, artifacts on S3 (%s)', (mode) => {
  it('kedro-mlflow run of a PipelineML project logs params, artifacts and a registered model; Python MLflow reads them back', async () => {
    const stack = stacks.get(mode)!;
    const project = housePricesProject(mode, stack.mlflow.url);
    // A proxied client knows only the tracking URI; a direct one also the bucket's endpoint and keys.
    // The PipelineML's training, and `new`'s own reviews pipeline (params, a metric, an artifact), at once.
    const [trained, reviewed] = await Promise.all(
      ['house_prices', 'reviews'].map(async (pipeline) => {
        const res = await cliAsync(['run', '--pipelines', pipeline, '--json'], { cwd: project, env: stack.clientEnv() });
        const doc = runDocument(res) as ReturnType<typeof runDocument> & { mlflow: { runId: string } | null };
        expect([pipeline, res.code, doc.status]).toEqual([pipeline, 0, 'success']);
        return doc.mlflow!.runId;
      }),
    );
    const runId = trained!;
    const runs = await readRuns(stack, [runId, reviewed!]);
    const run = runs[runId]!;
    expect(run.status).toBe('FINISHED');
    expect(run.artifacts).toEqual(expect.arrayContaining(['training/house_prices.json']));
    const reviews = runs[reviewed!]!;
    expect(reviews.status).toBe('FINISHED');
    expect(reviews.params).toMatchObject({ top_words: '3', cleaning: expect.stringContaining('min_word_length') });
    expect(reviews.metrics).toEqual({ vocabulary_size: expect.any(Number) });
    expect(reviews.metrics.vocabulary_size).toBeGreaterThan(0);
    expect(reviews.artifacts).toEqual(['pipeline_dag.svg', 'review_summary.json', 'run_summary.json']);
    // The artifact location the server hands out: its proxy in proxied mode, the bucket itself in direct mode.
    expect(run.artifactUri).toMatch(mode === 'proxied' ? /^mlflow-artifacts:\/.+\/artifacts$/ : /^s3:\/\/bucket-[0-9a-f]+\/direct\/.+\/artifacts$/);
    // Whichever side wrote them, the bytes are in the bucket under the stack's root.
    const stored = objects(stack, mode);
    expect(stored.filter((key) => key.endsWith(`${runId}/artifacts/training/house_prices.json`))).toHaveLength(1);
    expect(stored.filter((key) => key.endsWith('/MLmodel')).length).toBeGreaterThan(0);

    const registry = await runPythonJson<{ versions: Array<{ run_id: string; status: string; source: string }>; mlmodel: boolean }>(
      [
        'import json, mlflow',
        'c = mlflow.MlflowClient()',
        'versions = c.search_model_versions("name=\'house_prices\'")',
        `run = c.get_run(${JSON.stringify(runId)})`,
        'model_id = run.outputs.model_outputs[0].model_id',
        'mlmodel = mlflow.artifacts.load_text(c.get_logged_model(model_id).artifact_location + "/MLmodel")',
        'print(json.dumps({"versions": [{"run_id": v.run_id, "status": v.status, "source": v.source} for v in versions], "mlmodel": "flavors:" in mlmodel}))',
      ].join('\n'),
      { env: stack.clientEnv() },
    );
    expect(registry.versions).toEqual([expect.objectContaining({ run_id: runId, status: 'READY' })]);
    expect(registry.mlmodel).toBe(true);
  });

  it(`${WRITERS} processes logging at once lose nothing: every param, metric, step and artifact is on the server`, async () => {
    const stack = stacks.get(mode)!;
    const experiment = await fetch(`${stack.mlflow.url}/api/2.0/mlflow/experiments/create`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: `writers_${mode}` }),
    });
    const { experiment_id: experimentId } = (await experiment.json()) as { experiment_id: string };
    const names = Array.from({ length: WRITERS }, (_, i) => `writer${i}`);
    const runIds = await Promise.all(names.map((name) => writer(stack, experimentId, name)));
    const runs = await readRuns(stack, runIds);
    const indices = Array.from({ length: PER_WRITER }, (_, i) => i);
    names.forEach((name, w) => {
      const run = runs[runIds[w]!]!;
      expect(run.status).toBe('FINISHED');
      expect(run.params).toEqual(Object.fromEntries(indices.map((i) => [`p${i}`, `${name}-${i}`])));
      expect(run.metrics).toEqual({ ...Object.fromEntries(indices.map((i) => [`m${i}`, i + 0.5])), step_value: (PER_WRITER - 1) * 10 });
      expect(run.history).toEqual(indices.map((i) => i * 10));
      expect(run.artifacts).toEqual(indices.map((i) => `files/a${i}.txt`).sort());
    });
    // And the objects themselves: one per artifact, in the bucket.
    const stored = objects(stack, mode).filter((key) => /\/artifacts\/files\/a\d+\.txt$/.test(key));
    expect(stored).toHaveLength(WRITERS * PER_WRITER);
  });
});
