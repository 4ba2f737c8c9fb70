/**
 * `kedro-mlflow run --runner TemporalRunner` and `kedro-mlflow worker` end to end: a real Temporal dev
 * server, real worker processes, a real MLflow server. The run's outputs match SequentialRunner's;
 * one MLflow run holds what every worker logged; in-memory datasets travel through intermediates (or
 * are refused before the run); a failing node fails the run with kedro's resume hint; a SIGKILLed
 * worker's node is retried on another; Ctrl-C cancels the workflow; long runs continue as new.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { requireMlflowVenv, sharedMlflowServer, startS3Server, startTemporalServer, temporalAvailable, type TemporalServer } from '@kedro-mlflow/mlflow-test-server';
import { cliAsync, copyProject, ensureBuilt, newProject, ran, removeDir, runDocument, tempDir } from './helpers.js';
import { addPipeline, defaultIsReviews, describeWorkflow, startWorker, submittedWorkflow } from './temporal-helpers.js';
import { pythonRuns, spawnCli, stop, waitForFile, type Spawned } from './tracking-helpers.js';

jest.setTimeout(240_000);

const run = temporalAvailable() ? describe : describe.skip;

let server: TemporalServer;
let work: string;
let project: string;
let trackingUri: string;
const workers: Spawned[] = [];

/** A project of its own (own MLflow experiment) pointed at the shared MLflow server. */
function projectCopy(label: string): { dir: string; experiment: string } {
  const dir = copyProject(project, join(work, label));
  const experiment = `temporal_${label}_${randomUUID().slice(0, 8)}`;
  writeFileSync(join(dir, 'conf', 'local', 'mlflow.yml'), `server:\n  mlflow_tracking_uri: ${trackingUri}\ntracking:\n  experiment:\n    name: ${experiment}\n`);
  return { dir, experiment };
}

async function worker(dir: string, queue: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Spawned> {
  const started = await startWorker(dir, server.address, queue, extra, env);
  workers.push(started);
  return started;
}

const runnerParams = (queue: string, extra = ''): string => `address=${server.address},task_queue=${queue}${extra}`;

run('TemporalRunner and kedro-mlflow worker', () => {
  beforeAll(async () => {
    ensureBuilt();
    requireMlflowVenv();
    [server, { url: trackingUri }] = await Promise.all([startTemporalServer(), sharedMlflowServer()]);
    work = tempDir('temporal');
    project = newProject(work, 'Temporal Reviews');
    defaultIsReviews(project);
    addPipeline(
      project,
      'flaky',
      [
        "export function first(): number[] { return [1, 2, 3]; }",
        "export function second(values: number[]): number {",
        "  if (!existsSync('data/allow-second')) throw new RangeError('second is not allowed yet');",
        '  return values.reduce((a, b) => a + b, 0);',
        '}',
        "export function createPipeline(): Pipeline {",
        "  return pipeline([node(first, [], 'flaky_values', { name: 'first' }), node(second, 'flaky_values', 'flaky_total', { name: 'second' })]);",
        '}',
      ].join('\n'),
    );
    addPipeline(
      project,
      'slow',
      [
        'export async function slow(): Promise<{ pid: number }> {',
        "  writeFileSync(`data/slow-started-${process.pid}`, 'started');",
        '  await new Promise((resolve) => setTimeout(resolve, 4000));',
        '  return { pid: process.pid };',
        '}',
        "export function createPipeline(): Pipeline { return pipeline([node(slow, [], 'slow_result', { name: 'slow' })]); }",
      ].join('\n'),
    );
    addPipeline(
      project,
      'waiting',
      [
        'export async function waitLong(): Promise<number> {',
        "  writeFileSync('data/waiting-started', 'started');",
        '  await new Promise((resolve) => setTimeout(resolve, 600_000));',
        '  return 1;',
        '}',
        "export function createPipeline(): Pipeline { return pipeline([node(waitLong, [], 'never', { name: 'wait' })]); }",
      ].join('\n'),
    );
    addPipeline(
      project,
      'busy',
      [
        "import { appendFileSync } from 'node:fs';",
        '// Synchronous CPU work for 4 s: nothing else runs on its thread meanwhile.',
        'export function busy(): number {',
        "  appendFileSync('data/busy-attempts', `${process.pid}\\n`);",
        '  const end = Date.now() + 4000;',
        '  let spins = 0;',
        '  while (Date.now() < end) spins += 1;',
        '  return spins > 0 ? 1 : 0;',
        '}',
        "export function createPipeline(): Pipeline { return pipeline([node(busy, [], 'busy_done', { name: 'busy' })]); }",
      ].join('\n'),
    );
    addPipeline(
      project,
      'chunks',
      [
        'export function* counts(): Generator<number> {',
        '  for (let i = 1; i <= 3; i += 1) yield i;',
        '}',
        "export function createPipeline(): Pipeline { return pipeline([node(counts, [], 'chunk_last', { name: 'counts' })]); }",
      ].join('\n'),
    );
    addPipeline(
      project,
      'long',
      [
        'const add = (x: number): number => x + 1;',
        'export function createPipeline(): Pipeline {',
        "  const nodes = [node(() => 0, [], 'step_0', { name: 'start' })];",
        '  for (let i = 1; i <= 60; i += 1) nodes.push(node(add, `step_${i - 1}`, `step_${i}`, { name: `add_${i}` }));',
        '  return pipeline(nodes);',
        '}',
      ].join('\n'),
    );
    const catalog = join(project, 'conf', 'base', 'catalog.yml');
    writeFileSync(
      catalog,
      readFileSync(catalog, 'utf8') +
        '\nflaky_values:\n  type: JSONDataset\n  filepath: data/02_intermediate/flaky_values.json\n' +
        '\nflaky_total:\n  type: JSONDataset\n  filepath: data/07_model_output/flaky_total.json\n' +
        '\nslow_result:\n  type: JSONDataset\n  filepath: data/07_model_output/slow_result.json\n  versioned: true\n' +
        '\nchunk_last:\n  type: JSONDataset\n  filepath: data/07_model_output/chunk_last.json\n' +
        '\nbusy_done:\n  type: JSONDataset\n  filepath: data/07_model_output/busy_done.json\n' +
        '\nstep_60:\n  type: JSONDataset\n  filepath: data/07_model_output/step_60.json\n',
    );
  });

  afterAll(async () => {
    for (const w of workers) {
      w.child.kill('SIGKILL');
      await w.exited;
    }
    await server?.stop();
    removeDir(work);
  });

  it('runs the template on two workers: the outputs of SequentialRunner, one MLflow run FINISHED with what the workers logged, intermediates removed', async () => {
    const sequential = copyProject(project, join(work, 'sequential'));
    writeFileSync(join(sequential, 'conf', 'local', 'mlflow.yml'), 'tracking:\n  disable_tracking:\n    pipelines: [__default__]\n');
    const { dir, experiment } = projectCopy('two-workers');
    await Promise.all([worker(dir, 'two'), worker(dir, 'two')]);
    const intermediates = join(work, 'intermediates');
    const [expected, res] = await Promise.all([
      cliAsync(['run', '--json', '--params', 'top_words=2'], { cwd: sequential }),
      cliAsync(['run', '--json', '--params', 'top_words=2', '--runner', 'TemporalRunner', '--runner-params', runnerParams('two', `,intermediates=${intermediates}`)], { cwd: dir }),
    ]);
    expect(expected.code).toBe(0);
    expect(res.code).toBe(0);
    const doc = runDocument(res);
    expect(doc.nodes.map((n) => [n.name, n.status])).toEqual(runDocument(expected).nodes.map((n) => [n.name, 'completed']));
    const summary = (root: string) => readFileSync(join(root, 'data', '08_reporting', 'review_summary.json'), 'utf8');
    expect(JSON.parse(summary(dir))).toEqual(JSON.parse(summary(sequential)));

    const runs = await pythonRuns(trackingUri, experiment);
    expect(runs).toHaveLength(1); // one run for the whole distributed run, not one per node
    const [mlflowRun] = runs;
    expect(mlflowRun!.status).toBe('FINISHED');
    expect(mlflowRun!.params).toMatchObject({ top_words: '2', 'cleaning.min_word_length': '4' }); // logged by the workers' hooks
    expect(mlflowRun!.metrics).toEqual({ vocabulary_size: 37 });
    expect(mlflowRun!.artifacts).toEqual(expect.arrayContaining(['review_summary.json', 'pipeline_dag.svg', 'run_summary.json']));
    expect(mlflowRun!.tags.kedro_command).toContain('--runner=TemporalRunner');
    // clean_reviews travelled through the intermediates folder, which is gone after the run.
    expect(existsSync(join(intermediates, doc.sessionId))).toBe(false);
  });

  it('lets in-memory datasets travel through an object store (s3://) and removes them after the run', async () => {
    const s3 = await startS3Server({ buckets: ['runs'] });
    try {
      const { dir } = projectCopy('s3');
      const w = await worker(dir, 's3', [], s3.env());
      const res = await cliAsync(['run', '--json', '--runner', 'TemporalRunner', '--runner-params', runnerParams('s3', ',intermediates=s3://runs/intermediates')], { cwd: dir, env: s3.env() });
      expect(res.code).toBe(0);
      expect(ran(runDocument(res))).toHaveLength(4);
      // The object that carried clean_reviews was written (its folder exists) and removed.
      const runFolder = join(s3.dataDir, 'runs', 'intermediates', runDocument(res).sessionId);
      const left = existsSync(runFolder) ? readdirSync(runFolder, { recursive: true }).filter((f) => statSync(join(runFolder, String(f))).isFile()) : [];
      expect(left).toEqual([]);
      expect(w.output().stderr).toContain('Saving data to clean_reviews (ObjectDataset)');
      expect(w.output().stderr).toContain('Loading data from clean_reviews (ObjectDataset)');
    } finally {
      await s3.stop();
    }
  });

  it('refuses an in-memory dataset before the run starts when no intermediates root is given, naming it', async () => {
    const { dir } = projectCopy('no-intermediates');
    const res = await cliAsync(['run', '--json', '--runner', 'TemporalRunner', '--runner-params', runnerParams('none')], { cwd: dir });
    expect(res.code).toBe(1);
    const doc = runDocument(res);
    expect(doc.error).toMatchObject({ type: 'TemporalRunnerError', kind: 'cannot-travel', datasets: ['clean_reviews'] });
    expect(doc.error!.message).toContain('intermediates=');
    expect(res.stderr).not.toContain('Submitted the pipeline');
    expect(existsSync(join(dir, 'data', '04_feature', 'word_counts.json'))).toBe(false);
  });

  it('rejects a bad runner option with a typed error naming it', async () => {
    const res = await cliAsync(['run', '--json', '--runner', 'TemporalRunner', '--runner-params', 'max_width=0'], { cwd: project });
    expect(res.code).toBe(1);
    expect(runDocument(res).error).toMatchObject({ type: 'TemporalRunnerError', kind: 'option', option: 'maxWidth' });
    const worker = await cliAsync(['worker', '--max-concurrent-nodes', 'many'], { cwd: project });
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain("'--max-concurrent-nodes'");
    const prefetch = await cliAsync(['worker', '--prefetch-nodes', '-1'], { cwd: project });
    expect(prefetch.code).toBe(1);
    expect(prefetch.stderr).toContain("Invalid value for '--prefetch-nodes': '-1' is not a whole number from 0 to 10000.");
  });

  it("keeps a CPU-bound node's heartbeats going on a thread: it outlives the heartbeat timeout in one attempt; on the main thread it cannot", async () => {
    const busyRun = async (label: string, workerFlags: string[]): Promise<{ code: number | null; attempts: string[] }> => {
      const { dir } = projectCopy(label);
      await worker(dir, label, workerFlags);
      const res = await cliAsync(['run', '--pipelines', 'busy', '--runner', 'TemporalRunner', '--runner-params', runnerParams(label, ',heartbeat_timeout=1,max_attempts=2')], { cwd: dir });
      return { code: res.code, attempts: readFileSync(join(dir, 'data', 'busy-attempts'), 'utf8').trim().split('\n') };
    };
    const threaded = await busyRun('busy-threads', []);
    expect(threaded).toMatchObject({ code: 0, attempts: [expect.any(String)] });
    // On the worker's main thread the 4 s loop stops the heartbeats: each attempt times out after 1 s.
    const inProcess = await busyRun('busy-main', ['--in-process']);
    expect(inProcess.code).toBe(1);
    expect(inProcess.attempts).toHaveLength(2);
  });

  it('reports a Temporal server that does not answer with a typed error naming the address, from the driver and the worker', async () => {
    const [driver, worker] = await Promise.all([
      cliAsync(['run', '--json', '--runner', 'TemporalRunner', '--runner-params', `address=127.0.0.1:1,intermediates=${join(work, 'unused')}`], { cwd: project }),
      cliAsync(['worker', '--address', '127.0.0.1:1'], { cwd: project }),
    ]);
    expect(driver.code).toBe(1);
    expect(runDocument(driver).error).toMatchObject({ type: 'TemporalRunnerError', kind: 'connection', option: 'address' });
    expect(runDocument(driver).error!.message).toContain("'127.0.0.1:1'");
    expect(worker.code).toBe(1);
    expect(worker.stderr).toContain("Cannot reach the Temporal server at '127.0.0.1:1'");
  });

  it("fails the run on a failing node with kedro's resume hint; the MLflow run is FAILED; re-running from the hint completes", async () => {
    const { dir, experiment } = projectCopy('flaky');
    await worker(dir, 'flaky');
    const failed = await cliAsync(['run', '--json', '--pipelines', 'flaky', '--runner', 'TemporalRunner', '--runner-params', runnerParams('flaky')], { cwd: dir });
    expect(failed.code).toBe(1);
    const doc = runDocument(failed);
    expect(doc.error).toMatchObject({ type: 'NodeRunError', nodeName: 'second', resumeFromNodes: ['second'] });
    expect(doc.error!.message).toContain('second is not allowed yet');
    expect(failed.stderr).toContain('--from-nodes');
    expect(doc.nodes.map((n) => [n.name, n.status])).toEqual([['first', 'completed'], ['second', 'failed']]);
    expect((await pythonRuns(trackingUri, experiment))[0]!.status).toBe('FAILED');

    writeFileSync(join(dir, 'data', 'allow-second'), 'yes');
    const resumed = await cliAsync(['run', '--json', '--pipelines', 'flaky', '--from-nodes', 'second', '--runner', 'TemporalRunner', '--runner-params', runnerParams('flaky')], { cwd: dir });
    expect(resumed.code).toBe(0);
    expect(ran(runDocument(resumed))).toEqual(['second']);
    expect(JSON.parse(readFileSync(join(dir, 'data', '07_model_output', 'flaky_total.json'), 'utf8'))).toBe(6);
  });

  it("retries the node of a SIGKILLed worker on another worker; the run completes and its output is written once", async () => {
    const { dir, experiment } = projectCopy('killed');
    const first = await worker(dir, 'killed');
    const driver = spawnCli(['run', '--json', '--pipelines', 'slow', '--runner', 'TemporalRunner', '--runner-params', runnerParams('killed', ',heartbeat_timeout=2')], dir);
    await waitForFile(join(dir, 'data', `slow-started-${first.child.pid}`), driver);
    first.child.kill('SIGKILL');
    await first.exited;
    const second = await worker(dir, 'killed');
    const ended = await driver.exited;
    expect(ended.code).toBe(0);
    const started = readdirSync(join(dir, 'data')).filter((f) => f.startsWith('slow-started-'));
    expect(started.sort()).toEqual([`slow-started-${first.child.pid}`, `slow-started-${second.child.pid}`].sort());
    const versions = readdirSync(join(dir, 'data', '07_model_output', 'slow_result.json'));
    expect(versions).toHaveLength(1);
    const output = JSON.parse(readFileSync(join(dir, 'data', '07_model_output', 'slow_result.json', versions[0]!, 'slow_result.json'), 'utf8'));
    expect(output).toEqual({ pid: second.child.pid });
    expect((await pythonRuns(trackingUri, experiment))[0]!.status).toBe('FINISHED');
  });

  it('cancels the workflow when the driver gets Ctrl-C: exit 130, workflow CANCELED, MLflow run KILLED', async () => {
    const { dir, experiment } = projectCopy('interrupted');
    await worker(dir, 'interrupted');
    const driver = spawnCli(['run', '--pipelines', 'waiting', '--runner', 'TemporalRunner', '--runner-params', runnerParams('interrupted', `,intermediates=${join(work, 'waiting-intermediates')}`)], dir);
    await waitForFile(join(dir, 'data', 'waiting-started'), driver);
    driver.child.kill('SIGINT');
    const ended = await driver.exited;
    expect(ended.code).toBe(130);
    const workflowId = submittedWorkflow(driver.output().stderr);
    expect(describeWorkflow(server.address, workflowId).status).toBe('WORKFLOW_EXECUTION_STATUS_CANCELED');
    expect((await pythonRuns(trackingUri, experiment))[0]!.status).toBe('KILLED');
  });

  it("runs a generator node on the worker's main thread (its chunks go straight into the catalog)", async () => {
    const { dir } = projectCopy('chunks');
    await worker(dir, 'chunks');
    const res = await cliAsync(['run', '--pipelines', 'chunks', '--runner', 'TemporalRunner', '--runner-params', runnerParams('chunks')], { cwd: dir });
    expect(res.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'data', '07_model_output', 'chunk_last.json'), 'utf8'))).toBe(3);
  });

  it('continues a long run as new every history_batch nodes and completes it', async () => {
    const { dir } = projectCopy('long');
    await worker(dir, 'long', ['--max-concurrent-nodes', '4']);
    const res = await cliAsync(['run', '--pipelines', 'long', '--runner', 'TemporalRunner', '--runner-params', runnerParams('long', `,history_batch=15,intermediates=${join(work, 'long-intermediates')}`)], { cwd: dir });
    expect(res.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'data', '07_model_output', 'step_60.json'), 'utf8'))).toBe(60);
    // 61 nodes, 15 per workflow run: 5 runs (4 continued as new), the last one completed.
    const workflow = describeWorkflow(server.address, submittedWorkflow(res.stderr));
    expect(workflow).toEqual({ status: 'WORKFLOW_EXECUTION_STATUS_COMPLETED', runs: 5 });
  });
});
