/**
 * run_summary.json and pipeline_dag.svg logged with real runs into the project's mlruns (embedded
 * store): what they hold after success, failure, skipped nodes and concurrent nodes; that a failed
 * upload is a warning; that the switch in mlflow.yml turns them off; that sessions do not mix.
 */
import { captureLogs, KedroSession } from '@kedro-mlflow/core-pipeline';
import { MlflowHook } from '@kedro-mlflow/hooks';
import { XMLValidator } from 'fast-xml-parser';
import { mlrunsUri, removeTempDirs, runProject, runsOf, testHookOptions } from '../project.js';
import { artifactText, runSummaryOf, summaryProject } from './summary-project.js';

afterAll(removeTempDirs);
jest.setTimeout(60_000);

describe('run summary artifacts', () => {
  it('logs a complete run_summary.json and a valid DAG picture with a FINISHED run', async () => {
    const root = summaryProject();
    const { session } = await runProject(root, { pipelineNames: ['train'] }, undefined, { env: 'local' });
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.info.status).toBe('FINISHED');
    const summary = await runSummaryOf(mlrunsUri(root), run!.info.runId);
    const sessionId = session.sessionId;
    expect(summary).toMatchObject({
      schema_version: 1,
      status: 'FINISHED',
      pipeline_names: ['train'],
      session_id: sessionId,
      mlflow_run_id: run!.info.runId,
      env: 'local',
      runner: 'SequentialRunner',
      versions: { save_version: sessionId, load_versions: {}, core_pipeline: expect.any(String), node: process.version },
      totals: { nodes: 3, completed: 3, failed: 0, interrupted: 0, skipped: 0, not_run: 0, datasets_saved: 3 },
      error: null,
    });
    expect(summary.nodes.map(({ name, status, inputs, outputs, namespace, tags }) => ({ name, status, inputs, outputs, namespace, tags }))).toEqual([
      { name: 'prepare', status: 'completed', inputs: ['raw', 'params:model'], outputs: ['features'], namespace: null, tags: [] },
      { name: 'fit', status: 'completed', inputs: ['features', 'parameters'], outputs: ['metrics'], namespace: null, tags: [] },
      { name: 'score', status: 'completed', inputs: ['metrics'], outputs: ['score'], namespace: null, tags: [] },
    ]);
    for (const node of summary.nodes) {
      expect(node.duration_ms).toBeGreaterThanOrEqual(0);
      expect(Date.parse(node.started_at!)).toBeGreaterThanOrEqual(Date.parse(summary.started_at));
    }
    expect(Date.parse(summary.ended_at)).toBeGreaterThanOrEqual(Date.parse(summary.started_at));
    const features = summary.datasets.find((d) => d.name === 'features');
    // The versioned dataset: written and read at the run's save version (the session id).
    expect(features).toEqual({ name: 'features', type: 'VersionedJsonDataset', loads: 1, saves: 1, load_version: sessionId, save_version: sessionId });
    expect(summary.datasets.find((d) => d.name === 'raw')).toEqual({ name: 'raw', type: 'MemoryDataset', loads: 1, saves: 0, load_version: null, save_version: null });

    const svg = (await artifactText(mlrunsUri(root), run!.info.runId, 'pipeline_dag.svg'))!;
    expect(XMLValidator.validate(svg)).toBe(true);
    expect(svg.match(/class="node status-completed"/g)).toHaveLength(3);
    expect(svg).toContain('>features</text>');
  });

  it('records the failed node, the nodes never reached and the error with a FAILED run, and the caller gets the pipeline error', async () => {
    const root = summaryProject({
      'src/pipelines/train/pipeline.mjs': `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export const prepare = (raw) => raw;
export const fit = (features) => { throw new RangeError('fit failed with https://user:s3cret@example.org/data'); };
export const score = (m) => m;
export function createPipeline() {
  return pipeline([
    node(prepare, 'raw', 'features', { name: 'prepare', tags: ['etl', 'a'] }),
    node(fit, 'features', 'metrics', { name: 'fit', namespace: 'model' }),
    node(score, 'metrics', 'score', { name: 'score' }),
  ]);
}
`,
    });
    await expect(runProject(root, { pipelineNames: ['train'] })).rejects.toThrow('fit failed');
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.info.status).toBe('FAILED');
    const summary = await runSummaryOf(mlrunsUri(root), run!.info.runId);
    expect(summary.status).toBe('FAILED');
    expect(summary.nodes.map((n) => [n.name, n.status, n.namespace, n.tags])).toEqual([
      ['prepare', 'completed', null, ['a', 'etl']],
      ['model.fit', 'failed', 'model', []],
      ['score', 'not_run', null, []],
    ]);
    expect(summary.nodes[2]).toMatchObject({ started_at: null, duration_ms: null });
    expect(summary.totals).toMatchObject({ completed: 1, failed: 1, not_run: 1 });
    // The URL's credentials never reach the artifact.
    // The pipeline's error as the session raised it (with kedro's resume hint), and the node's own.
    expect(summary.error).toMatchObject({ type: 'NodeRunError', node: 'model.fit' });
    expect(summary.error!.message).toContain('fit failed with https://***@example.org/data');
    expect(summary.error!.message).toContain('--from-nodes "model.fit"');
    expect(summary.nodes[1]!.error).toEqual({ type: 'RangeError', message: 'fit failed with https://***@example.org/data' });
    const svg = (await artifactText(mlrunsUri(root), run!.info.runId, 'pipeline_dag.svg'))!;
    expect(svg).toContain('class="node status-failed"');
    expect(svg).toContain('class="node status-not_run"');
    expect(svg).not.toContain('s3cret');
  });

  it('marks nodes that onlyMissingOutputs did not run as skipped', async () => {
    const root = summaryProject();
    await runProject(root, { pipelineNames: ['train'] });
    await runProject(root, { pipelineNames: ['train'], onlyMissingOutputs: true });
    const [second] = await runsOf(mlrunsUri(root));
    const summary = await runSummaryOf(mlrunsUri(root), second!.info.runId);
    expect(summary.nodes.map((n) => [n.name, n.status])).toEqual([
      ['prepare', 'skipped'],
      ['fit', 'completed'], // its output (metrics) does not report itself as existing
      ['score', 'skipped'], // an unregistered output is never missing
    ]);
    // fit read the features the first run wrote: the newest version on disk, not this run's.
    const features = summary.datasets.find((d) => d.name === 'features')!;
    expect(features.saves).toBe(0);
    expect(features.load_version).not.toBe(summary.session_id);
    expect(features.load_version).toMatch(/^\d{4}-\d\d-\d\dT/);
  });

  it('times every node of a ConcurrentRunner run with async I/O', async () => {
    const root = summaryProject();
    await runProject(root, { pipelineNames: ['train'], runner: 'ConcurrentRunner', runnerOptions: { isAsync: true, maxWorkers: 3 } });
    const [run] = await runsOf(mlrunsUri(root));
    const summary = await runSummaryOf(mlrunsUri(root), run!.info.runId);
    expect(summary.runner).toBe('ConcurrentRunner');
    expect(summary.nodes.every((n) => n.status === 'completed' && typeof n.duration_ms === 'number')).toBe(true);
    expect(summary.datasets.find((d) => d.name === 'features')).toMatchObject({ loads: 1, saves: 1 });
  });

  it('keeps the summaries of two sessions running at once in one hook apart', async () => {
    const a = summaryProject();
    const b = summaryProject({
      'src/pipelines/train/pipeline.mjs': `import { node, pipeline } from '@kedro-mlflow/core-pipeline';
export const slow = async (raw) => { await new Promise((r) => setTimeout(r, 50)); return raw; };
export function createPipeline() { return pipeline([node(slow, 'raw', 'features', { name: 'only_in_b' })]); }
`,
    });
    const hook = new MlflowHook(testHookOptions());
    const sessions = await Promise.all([a, b].map((projectPath) => KedroSession.create({ projectPath, hooks: [hook] })));
    await Promise.all(sessions.map((s) => s.run({ pipelineNames: ['train'], runner: 'ConcurrentRunner' })));
    const [runA] = await runsOf(mlrunsUri(a));
    const [runB] = await runsOf(mlrunsUri(b));
    const summaryA = await runSummaryOf(mlrunsUri(a), runA!.info.runId);
    const summaryB = await runSummaryOf(mlrunsUri(b), runB!.info.runId);
    expect(summaryA.session_id).toBe(sessions[0]!.sessionId);
    expect(summaryB.session_id).toBe(sessions[1]!.sessionId);
    expect(summaryA.nodes.map((n) => n.name)).toEqual(['prepare', 'fit', 'score']);
    expect(summaryB.nodes.map((n) => [n.name, n.status])).toEqual([['only_in_b', 'completed']]);
    expect(summaryB.datasets.map((d) => [d.name, d.loads, d.saves])).toEqual([
      ['features', 0, 1],
      ['raw', 1, 0],
    ]);
    expect(summaryA.datasets.find((d) => d.name === 'features')).toMatchObject({ loads: 1, saves: 1, save_version: sessions[0]!.sessionId });
  });

  it('warns and leaves the run FINISHED when the artifacts cannot be uploaded', async () => {
    const root = summaryProject();
    const logs = captureLogs('warn');
    try {
      await runProject(root, { pipelineNames: ['breaking'] });
    } finally {
      logs.restore();
    }
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.info.status).toBe('FINISHED');
    const warnings = logs.messages('warn').filter((m) => m.includes('the run itself is not affected'));
    expect(warnings.map((m) => m.split("'")[1])).toEqual(['run_summary.json', 'pipeline_dag.svg']);
  });

  it('does not let a failed upload hide the pipeline error', async () => {
    const root = summaryProject();
    (globalThis as Record<string, unknown>).__breakAndFail = true;
    try {
      await expect(runProject(root, { pipelineNames: ['breaking'] })).rejects.toThrow('the pipeline failed after breaking the artifacts');
    } finally {
      delete (globalThis as Record<string, unknown>).__breakAndFail;
    }
    const [run] = await runsOf(mlrunsUri(root));
    expect(run!.info.status).toBe('FAILED');
  });

  it('logs nothing when tracking.run_summary.enabled is false, and draws nodes only with dag_datasets: false', async () => {
    const off = summaryProject({ 'conf/base/mlflow.yml': 'tracking:\n  run_summary:\n    enabled: false\n' });
    await runProject(off, { pipelineNames: ['train'] });
    const [run] = await runsOf(mlrunsUri(off));
    expect(run!.info.status).toBe('FINISHED');
    expect(await artifactText(mlrunsUri(off), run!.info.runId, 'run_summary.json')).toBeUndefined();
    expect(await artifactText(mlrunsUri(off), run!.info.runId, 'pipeline_dag.svg')).toBeUndefined();

    const nodesOnly = summaryProject({ 'conf/base/mlflow.yml': 'tracking:\n  run_summary:\n    dag_datasets: false\n' });
    await runProject(nodesOnly, { pipelineNames: ['train'] });
    const [other] = await runsOf(mlrunsUri(nodesOnly));
    const svg = (await artifactText(mlrunsUri(nodesOnly), other!.info.runId, 'pipeline_dag.svg'))!;
    expect(svg).not.toContain('class="dataset"');
    expect(svg.match(/marker-end=/g)).toHaveLength(2); // prepare→fit→score
  });

  it('logs no summary for a pipeline whose tracking is disabled', async () => {
    const root = summaryProject({ 'conf/base/mlflow.yml': 'tracking:\n  disable_tracking:\n    pipelines: [train]\n' });
    await runProject(root, { pipelineNames: ['train'] });
    expect(await runsOf(mlrunsUri(root))).toEqual([]);
  });
});
