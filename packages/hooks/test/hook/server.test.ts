/**
 * Against the real MLflow server (Python `mlflow server` of the test harness): the run, its params,
 * tags and dataset metrics, the header provider consulted on requests, and FAILED on error.
 */
import { randomUUID } from 'node:crypto';
import { mlflowAvailable, sharedMlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { XMLValidator } from 'fast-xml-parser';
import { makeProject, removeTempDirs, runProject, runsOf } from '../project.js';
import { runSummaryOf } from '../summary/summary-project.js';

afterAll(removeTempDirs);
jest.setTimeout(180_000);

const withServer = mlflowAvailable() ? describe : describe.skip;

const PROVIDER = `export class CountingProvider {
  constructor(options) { this.team = options.team; }
  requestHeaders({ method }) { (globalThis.__headerCalls ??= []).push(method); return { 'X-Team': this.team }; }
}
`;

withServer('MlflowHook against a real MLflow server', () => {
  let url: string;
  beforeAll(async () => {
    url = (await sharedMlflowServer()).url;
  });

  function project(experiment: string): string {
    return makeProject({
      'src/auth.mjs': PROVIDER,
      'conf/base/mlflow.yml': `server:
  mlflow_tracking_uri: ${url}
  request_header_provider:
    type: ./src/auth.mjs#CountingProvider
    init_kwargs:
      team: ml
tracking:
  experiment:
    name: ${experiment}
`,
    });
  }

  it('logs one FINISHED run with params, tags and dataset metrics, asking the header provider on requests', async () => {
    (globalThis as Record<string, unknown>).__headerCalls = [];
    const experiment = `hooks-server-${randomUUID()}`;
    const root = project(experiment);
    const { session } = await runProject(root, { pipelineNames: ['train'], runner: 'ConcurrentRunner', runnerOptions: { isAsync: true } });
    const runs = await runsOf(url, experiment);
    expect(runs).toHaveLength(1);
    const run = runs[0]!;
    expect(run.info.status).toBe('FINISHED');
    expect(run.data.params).toEqual({ model: '{"scale":2,"lr":0.1}', parameters: '{"model":{"scale":2,"lr":0.1}}' });
    expect(run.data.metrics).toEqual({ 'fit.total': 12, 'fit.lr': 0.1 });
    expect(run.data.tags).toMatchObject({ run_id: session.sessionId, 'mlflow.runName': 'train', kedro_command: 'kedro-mlflow run --pipelines=train --env=local --runner=ConcurrentRunner --runner-params=is_async=true' });
    expect(((globalThis as Record<string, unknown>).__headerCalls as string[]).length).toBeGreaterThan(3);
    // The run summary and the DAG picture are artifacts of the run, as the MLflow UI fetches them.
    const summary = await runSummaryOf(url, run.info.runId);
    expect(summary).toMatchObject({ status: 'FINISHED', session_id: session.sessionId, totals: { nodes: 3, completed: 3 } });
    const svg = await fetch(`${url}/get-artifact?path=pipeline_dag.svg&run_uuid=${run.info.runId}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get('content-type')).toBe('image/svg+xml'); // what the UI's image viewer shows
    expect(XMLValidator.validate(await svg.text())).toBe(true);
  });

  it('ends the run FAILED when a node fails', async () => {
    const experiment = `hooks-server-${randomUUID()}`;
    const root = project(experiment);
    await expect(runProject(root, { pipelineNames: ['failing'] })).rejects.toThrow('the node failed on purpose');
    const runs = await runsOf(url, experiment);
    expect(runs.map((r) => r.info.status)).toEqual(['FAILED', 'FAILED']);
  });
});
