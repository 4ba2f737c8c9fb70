/** Helpers of the tracking tests: what real Python MLflow reads of a run, and processes that wait. */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { requireMlflowVenv, runPythonJson, waitForHealth } from '@kedro-mlflow/mlflow-test-server';
import { BIN, cliEnv } from './helpers.js';

/** What Python's MlflowClient reads of the runs of an experiment (newest first). */
export interface PythonRun {
  runId: string;
  status: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  metrics: Record<string, number>;
  artifacts: string[];
}

/** The runs of `experiment`, read by real Python MLflow (file store or server). */
export function pythonRuns(trackingUri: string, experiment: string): Promise<PythonRun[]> {
  const code = `
import json, sys, mlflow
uri, name = sys.argv[1], sys.argv[2]
client = mlflow.MlflowClient(tracking_uri=uri)
exp = client.get_experiment_by_name(name)
out = []
def walk(run_id, path=None):
    found = []
    for a in client.list_artifacts(run_id, path):
        found.extend(walk(run_id, a.path) if a.is_dir else [a.path])
    return found
for r in ([] if exp is None else client.search_runs([exp.experiment_id], order_by=["attributes.start_time DESC"])):
    out.append({"runId": r.info.run_id, "status": r.info.status, "params": r.data.params, "tags": r.data.tags,
                "metrics": r.data.metrics, "artifacts": sorted(walk(r.info.run_id))})
print(json.dumps(out))
`;
  return runPythonJson<PythonRun[]>(`import sys; sys.argv = ['x', ${JSON.stringify(trackingUri)}, ${JSON.stringify(experiment)}]\n${code}`, {
    env: { MLFLOW_ALLOW_FILE_STORE: 'true' },
  });
}

/** The text of a run's artifact, downloaded by Python MLflow. */
export async function pythonArtifactText(trackingUri: string, runId: string, path: string): Promise<string> {
  const code = `
import json, mlflow
mlflow.set_tracking_uri(${JSON.stringify(trackingUri)})
local = mlflow.artifacts.download_artifacts(run_id=${JSON.stringify(runId)}, artifact_path=${JSON.stringify(path)})
print(json.dumps(open(local, encoding="utf-8").read()))
`;
  return runPythonJson<string>(code, { env: { MLFLOW_ALLOW_FILE_STORE: 'true' } });
}

export const MLFLOW_BIN = (): string => requireMlflowVenv().mlflow;

/** A node that writes a marker file, then waits (for the signal tests): pipeline `waiting`. */
export function addWaitingPipeline(project: string): string {
  const marker = join(project, 'data', 'node-started');
  mkdirSync(join(project, 'src', 'pipelines', 'waiting'), { recursive: true });
  writeFileSync(
    join(project, 'src', 'pipelines', 'waiting', 'pipeline.ts'),
    [
      "import { writeFileSync } from 'node:fs';",
      "import { node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';",
      '',
      'export async function waitForever(topWords: number): Promise<number> {',
      `  writeFileSync(${JSON.stringify(marker)}, 'started');`,
      '  await new Promise((resolve) => setTimeout(resolve, 600_000));',
      '  return topWords;',
      '}',
      '',
      'export function createPipeline(): Pipeline {',
      "  return pipeline([node(waitForever, 'params:top_words', 'never', { name: 'wait' })]);",
      '}',
      '',
    ].join('\n'),
  );
  return marker;
}

export interface Spawned {
  child: ChildProcess;
  output: () => { stdout: string; stderr: string };
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the CLI without waiting for it. */
export function spawnCli(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: cliEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return { child, output: () => ({ stdout, stderr }), exited };
}

/** Resolves once `file` exists; rejects when the process ends first (with what it printed). */
export async function waitForFile(file: string, spawned: Spawned): Promise<void> {
  let ended = false;
  void spawned.exited.then(() => (ended = true));
  while (!existsSync(file)) {
    if (ended) throw new Error(`the CLI ended before ${file} appeared:\n${spawned.output().stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Waits until `kedro-mlflow ui` answers on `url` (or fails with its output when it ends first). */
export async function waitForUi(url: string, spawned: Spawned): Promise<void> {
  let ended = false;
  void spawned.exited.then(() => (ended = true));
  try {
    await waitForHealth(url, 120_000, () => !ended);
  } catch (error) {
    throw new Error(`kedro-mlflow ui did not answer on ${url}: ${(error as Error).message}\n${spawned.output().stderr}`);
  }
}

/** Stops a spawned CLI (SIGTERM) and waits for it. */
export async function stop(spawned: Spawned | undefined): Promise<void> {
  if (spawned === undefined || spawned.child.exitCode !== null || spawned.child.signalCode !== null) return;
  spawned.child.kill('SIGTERM');
  await spawned.exited;
}
