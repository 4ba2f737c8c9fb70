/** Projects, workers and workflow lookups of the TemporalRunner tests (real dev server, real worker processes). */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireTemporalCli } from '@kedro-mlflow/mlflow-test-server';
import { spawnCli, type Spawned } from './tracking-helpers.js';

/** Adds `src/pipelines/<name>/pipeline.ts` with this body (imports of node/pipeline are added). */
export function addPipeline(project: string, name: string, body: string): void {
  const dir = join(project, 'src', 'pipelines', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, 'pipeline.ts'),
    ["import { existsSync, writeFileSync } from 'node:fs';", "import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';", '', body, ''].join('\n'),
  );
}

/** `__default__` is the template's reviews pipeline only (not the sum of every pipeline). */
export function defaultIsReviews(project: string): void {
  writeFileSync(
    join(project, 'src', 'pipeline_registry.ts'),
    [
      "import { findPipelines, type Pipeline } from '@kedro-mlflow/core-pipeline';",
      'export async function registerPipelines(): Promise<Record<string, Pipeline>> {',
      '  const pipelines = await findPipelines(import.meta.url, { raiseErrors: true });',
      '  return { ...pipelines, __default__: pipelines.reviews! };',
      '}',
      '',
    ].join('\n'),
  );
}

/** Starts `kedro-mlflow worker` and resolves once it polls. */
export async function startWorker(project: string, address: string, taskQueue: string, extra: string[] = [], env: Record<string, string> = {}): Promise<Spawned> {
  const worker = spawnCli(['worker', '--address', address, '--task-queue', taskQueue, ...extra], project, env);
  let ended = false;
  void worker.exited.then(() => (ended = true));
  while (!worker.output().stderr.includes('polling task queue')) {
    if (ended) throw new Error(`kedro-mlflow worker ended before polling:\n${worker.output().stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return worker;
}

/** What the temporal CLI says of a workflow: its status and how many runs (continue-as-new) it had. */
export function describeWorkflow(address: string, workflowId: string): { status: string; runs: number } {
  const bin = requireTemporalCli();
  const described = spawnSync(bin, ['workflow', 'describe', '--address', address, '--workflow-id', workflowId, '-o', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (described.status !== 0) throw new Error(`temporal workflow describe failed: ${described.stderr}`);
  const info = JSON.parse(described.stdout) as { workflowExecutionInfo: { status: string } };
  const listed = spawnSync(bin, ['workflow', 'list', '--address', address, '--query', `WorkflowId = '${workflowId}'`, '-o', 'json'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (listed.status !== 0) throw new Error(`temporal workflow list failed: ${listed.stderr}`);
  const runs = listed.stdout.trim() === '' ? [] : (JSON.parse(listed.stdout) as unknown[]);
  return { status: info.workflowExecutionInfo.status, runs: runs.length };
}

/** The workflow id the driver logged when it submitted the run. */
export function submittedWorkflow(stderr: string): string {
  const id = /Submitted the pipeline as workflow '([^']+)'/.exec(stderr)?.[1];
  if (id === undefined) throw new Error(`the driver did not submit a workflow:\n${stderr}`);
  return id;
}
