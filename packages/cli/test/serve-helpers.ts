/** Shared by the serve/predict tests: the scoring fixture model and a `serve` child process. */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { DataCatalog } from '@kedro-mlflow/core-pipeline';
import { JSONDataset } from '@kedro-mlflow/datasets';
import { KedroPipelineModel } from '@kedro-mlflow/pipeline-ml';
import { BIN, cliEnv } from './helpers.js';
import { registerPipelines } from './fixtures/scoring/pipelines.js';

/** The inference pipeline of fixtures/scoring with `model = {factor: 3}` saved under `work`. */
export async function scoringModel(work: string): Promise<KedroPipelineModel> {
  const catalog = new DataCatalog({ datasets: { model: new JSONDataset({ filepath: join(work, 'model.json') }) } });
  await catalog.save('model', { factor: 3 });
  return new KedroPipelineModel({
    pipeline: registerPipelines().inference!,
    catalog,
    inputName: 'data',
    code: { module: join(__dirname, 'fixtures', 'scoring', 'pipelines.ts'), exportName: 'registerPipelines', pipelineName: 'inference' },
  });
}

export interface ServeProcess {
  /** The server's URL, from its "scoring server listening" log line. */
  url: string;
  /** Sends SIGTERM and resolves the exit code. */
  stop: () => Promise<number | null>;
}

/** Starts `kedro-mlflow serve <args>` with JSON logs; resolves once it logs where it listens. */
export async function spawnServe(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<ServeProcess> {
  const child = spawn(process.execPath, [BIN, 'serve', ...args], { cwd, env: cliEnv({ ...env, KEDRO_LOG_FORMAT: 'json' }) });
  let stderr = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const stop = (): Promise<number | null> => {
    child.kill('SIGTERM');
    return exited;
  };
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
        stderr += chunk;
        const line = stderr.split('\n').find((l) => l.includes('scoring server listening'));
        if (line !== undefined) resolve((JSON.parse(line) as { url: string }).url);
      });
      void exited.then((code) => reject(new Error(`serve exited (${code}):\n${stderr}`)));
    });
    return { url, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** `spawnServe`, then waits until /ping answers 200 (503 while the model downloads and loads; anything else fails). */
export async function spawnServeReady(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<ServeProcess> {
  const server = await spawnServe(args, cwd, env);
  try {
    for (;;) {
      const ping = await fetch(`${server.url}/ping`);
      if (ping.status === 200) return server;
      expect(ping.status).toBe(503);
      await new Promise((r) => setTimeout(r, 100));
    }
  } catch (error) {
    await server.stop();
    throw error;
  }
}

/** POSTs a JSON body to /invocations. */
export async function postInvocation(url: string, body: unknown): Promise<{ status: number; json: unknown }> {
  const res = await fetch(`${url}/invocations`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, json: await res.json() };
}
