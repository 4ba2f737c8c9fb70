/**
 * End to end from the command line: `new` → `init` → `run`, then real Python MLflow reads the run
 * (params, kedro_command, the template's metric and artifact, the DAG), from the embedded mlruns store
 * and from a real MLflow server; the plugin opt-out; mlflow.yml's disable_tracking; bad mlflow.yml.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { requireMlflowVenv, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { cli, cliAll, copyProject, ensureBuilt, newProject, readJson, removeDir, runDocument, tempDir, withoutTracking } from './helpers.js';
import { pythonArtifactText, pythonRuns } from './tracking-helpers.js';

jest.setTimeout(240_000);

let work: string;
let project: string;

beforeAll(() => {
  ensureBuilt();
  requireMlflowVenv();
  work = tempDir('tracking');
  project = newProject(work, 'Tracked Reviews');
  const init = cli(['init'], { cwd: project });
  if (init.code !== 0) throw new Error(init.stderr);
});
afterAll(() => removeDir(work));

// The template's metric: the distinct words of its reviews (all labels) at min_word_length 4.
const VOCABULARY_SIZE = 37;
const summaryFile = (dir: string) => join(dir, 'data', '08_reporting', 'review_summary.json');

/** The run's review_summary.json artifact (downloaded by Python MLflow) is the file the run wrote. */
async function expectSummaryArtifact(uri: string, runId: string, dir: string, topWords: number): Promise<void> {
  const local = readJson<{ top_words: Record<string, unknown[]> }>(summaryFile(dir));
  expect(Object.values(local.top_words).map((words) => words.length)).toEqual([topWords, topWords]);
  expect(JSON.parse(await pythonArtifactText(uri, runId, 'review_summary.json'))).toEqual(local);
}

interface TrackedDocument {
  status: string;
  mlflow: null | { runId: string; experimentId: string; experimentName: string; trackingUri: string; uiCommand: string | null; runUrl: string | null };
}

describe('kedro-mlflow run tracks every run', () => {
  it('into the embedded mlruns store: Python MLflow reads params, kedro_command, tags, the metric and the artifacts; the run id and the ui command are printed', async () => {
    const copy = copyProject(project, join(work, 'embedded'));
    const res = cli(['run', '--json', '--params', 'top_words=2'], { cwd: copy });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as TrackedDocument;
    const uri = pathToFileURL(join(copy, 'mlruns')).href;
    expect(doc.mlflow).toEqual({
      runId: expect.stringMatching(/^[0-9a-f]{32}$/),
      experimentId: expect.any(String),
      experimentName: 'tracked_reviews',
      trackingUri: uri,
      uiCommand: 'kedro-mlflow ui',
      runUrl: null,
    });
    const runId = doc.mlflow!.runId;
    expect(res.stderr).toContain(`MLflow run: ${runId} in experiment 'tracked_reviews' (${uri})`);
    expect(res.stderr).toContain('See it with: kedro-mlflow ui');

    const runs = await pythonRuns(uri, 'tracked_reviews');
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.runId).toBe(runId);
    expect(run.status).toBe('FINISHED');
    expect(run.params).toMatchObject({ top_words: '2', cleaning: '{"lowercase":true,"min_word_length":4}', 'cleaning.min_word_length': '4' });
    expect(run.tags).toMatchObject({ kedro_command: 'kedro-mlflow run --pipelines=__default__ --env=local --runner=SequentialRunner --params=top_words=2', 'mlflow.runName': '__default__', env: 'local' });
    expect(run.metrics).toEqual({ vocabulary_size: VOCABULARY_SIZE });
    expect(run.artifacts).toEqual(['pipeline_dag.svg', 'review_summary.json', 'run_summary.json']);
    await expectSummaryArtifact(uri, runId, copy, 2);
    const svg = await pythonArtifactText(uri, runId, 'pipeline_dag.svg');
    expect(svg).toMatch(/<svg[\s\S]*count_words[\s\S]*measure[\s\S]*<\/svg>\s*$/);
  });

  it('against a real MLflow server: the run page is printed, and Python MLflow reads the run there', async () => {
    const { url } = await sharedMlflowServer();
    const name = `Server Run ${randomUUID().slice(0, 8)}`;
    const served = newProject(work, name);
    const pkg = name.toLowerCase().replace(/ /g, '_');
    writeFileSync(join(served, 'conf', 'local', 'mlflow.yml'), `server:\n  mlflow_tracking_uri: ${url}\n`);
    const res = cli(['run', '--json', '--tags', 'preprocessing,features,reporting'], { cwd: served });
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.stdout) as TrackedDocument;
    const runId = doc.mlflow!.runId;
    const runUrl = `${url}/#/experiments/${doc.mlflow!.experimentId}/runs/${runId}`;
    expect(doc.mlflow).toMatchObject({ experimentName: pkg, trackingUri: url, uiCommand: null, runUrl });
    expect(res.stderr).toContain(`See it: ${runUrl}`);
    const runs = await pythonRuns(url, pkg);
    expect(runs.map((r) => [r.runId, r.status])).toEqual([[runId, 'FINISHED']]);
    expect(runs[0]!.tags).toMatchObject({ kedro_command: 'kedro-mlflow run --pipelines=__default__ --tags=preprocessing,features,reporting --env=local --runner=SequentialRunner' });
    expect(runs[0]!.params).toMatchObject({ 'cleaning.min_word_length': '4', top_words: '3' });
    expect(runs[0]!.metrics).toEqual({ vocabulary_size: VOCABULARY_SIZE });
    expect(runs[0]!.artifacts).toEqual(['pipeline_dag.svg', 'review_summary.json', 'run_summary.json']);
    await expectSummaryArtifact(url, runId, served, 3);
  });

  it('not when the project opts out with disableHooksForPlugins (and local datasets instead of the MLflow ones)', () => {
    const copy = copyProject(project, join(work, 'opt-out'));
    withoutTracking(copy);
    const res = cli(['run', '--json'], { cwd: copy });
    expect(res.code).toBe(0);
    expect((JSON.parse(res.stdout) as TrackedDocument).mlflow).toBeNull();
    expect(res.stderr).not.toContain('MLflow run:');
    expect(existsSync(summaryFile(copy))).toBe(true);
    expect(existsSync(join(copy, 'mlruns'))).toBe(false);
  });

  it('opted out but keeping the MLflow metric: the run stops at its node, saying there is no run to log to', () => {
    const copy = copyProject(project, join(work, 'opt-out-metric'));
    writeFileSync(
      join(copy, 'src', 'settings.ts'),
      "import { defineSettings } from '@kedro-mlflow/core-pipeline';\nexport default defineSettings({ disableHooksForPlugins: ['@kedro-mlflow/hooks'] });\n",
    );
    const res = cli(['run', '--json'], { cwd: copy });
    expect(res.code).toBe(1);
    const doc = runDocument(res);
    expect(doc.nodes.map((n) => [n.name, n.status])).toEqual([
      ['clean', 'completed'],
      ['count_words', 'completed'],
      ['measure', 'failed'],
      ['summarise', 'not run'],
    ]);
    expect(doc.error).toMatchObject({ type: 'NodeRunError', nodeName: 'measure' });
    expect(res.stderr).toContain("Cannot save dataset 'vocabulary_size': there is no MLflow run to log to.");
    expect(res.stderr).not.toMatch(/^\s+at /m);
    expect(existsSync(join(copy, 'mlruns'))).toBe(false);
  });

  it("not for a pipeline listed in mlflow.yml's disable_tracking: the template runs as it is, its MLflow datasets log nothing", async () => {
    const copy = copyProject(project, join(work, 'disabled'));
    writeFileSync(join(copy, 'conf', 'local', 'mlflow.yml'), 'tracking:\n  disable_tracking:\n    pipelines: [__default__]\n');
    const res = cli(['run', '--json'], { cwd: copy });
    expect(res.code).toBe(0);
    expect((JSON.parse(res.stdout) as TrackedDocument).mlflow).toBeNull();
    expect(res.stderr).not.toContain('MLflow run:');
    expect(readJson<{ top_words: object }>(summaryFile(copy)).top_words).toHaveProperty('positive');
    expect(await pythonRuns(pathToFileURL(join(copy, 'mlruns')).href, 'tracked_reviews')).toEqual([]);
  });
});

describe('a bad mlflow.yml stops the run before any node, with the file and the key', () => {
  it('an unknown key, a mistyped value, a store the client cannot use', async () => {
    const cases: Array<[string, string]> = [
      ['unknown', 'tracking:\n  experimnt:\n    name: x\n'],
      ['mistyped', 'tracking:\n  params:\n    long_params_strategy: drop\n'],
      ['uri', 'server:\n  mlflow_tracking_uri: sqlite:///mlflow.db\n'],
      // zod's own English message, from the bundle (which leaves zod's other locales out).
      ['number', 'server:\n  mlflow_tracking_uri: 12\n'],
    ];
    const copies = cases.map(([label, text]) => {
      const copy = copyProject(project, join(work, `bad-${label}`));
      writeFileSync(join(copy, 'conf', 'local', 'mlflow.yml'), text);
      return copy;
    });
    const [unknown, mistyped, uri, number] = await cliAll(copies.map((cwd) => [['run', '--json'], { cwd }]));
    for (const res of [unknown!, mistyped!, uri!, number!]) {
      expect(res.code).toBe(1);
      expect(res.stderr).not.toMatch(/^\s+at /m);
      expect(JSON.parse(res.stdout)).toMatchObject({ status: 'failure', error: { type: 'ConfigError' } });
    }
    expect(unknown!.stderr).toMatch(/Error: .*conf\/local\/mlflow\.yml.*tracking\.experimnt/s);
    expect(unknown!.stderr).toContain('experiment');
    expect(mistyped!.stderr).toMatch(/conf\/local\/mlflow\.yml[\s\S]*tracking\.params\.long_params_strategy[\s\S]*got "drop"; allowed values: 'fail', 'truncate', 'tag'/);
    expect(uri!.stderr).toMatch(/conf\/local\/mlflow\.yml[\s\S]*'server\.mlflow_tracking_uri'/);
    expect(number!.stderr).toMatch(/'server\.mlflow_tracking_uri': Invalid input: expected string, received number \(got 12\)/);
    // Nothing ran, nothing was tracked, the data is as it was.
    for (const copy of copies) {
      expect(existsSync(join(copy, 'data', '08_reporting', 'review_summary.json'))).toBe(false);
      expect(existsSync(join(copy, 'mlruns'))).toBe(false);
      expect(existsSync(join(copy, 'data', '01_raw', 'reviews.json'))).toBe(true);
    }
  });
});
