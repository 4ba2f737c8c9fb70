import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startMlflowServer, waitForHealth } from './mlflow-server.js';

export interface SharedServer {
  url: string;
  /** Where the server keeps artifacts (`--artifacts-destination`). */
  artifactsDir: string;
}

/** Set by the jest global setup (`test/jest-global-setup.cjs`): one folder per `jest` invocation. */
export const RUN_DIR_ENV = 'KEDRO_MLFLOW_TEST_RUN_DIR';

let shared: Promise<SharedServer> | undefined;

/**
 * The one MLflow server of this test run, started by whichever test file asks first (an exclusive
 * lock file decides between jest workers) and stopped by the jest global teardown. Test files share
 * it, so each should work in its own experiment.
 */
export function sharedMlflowServer(): Promise<SharedServer> {
  shared ??= acquire();
  return shared;
}

async function acquire(): Promise<SharedServer> {
  const runDir = process.env[RUN_DIR_ENV];
  if (runDir === undefined) {
    // Outside our jest setup (a script, a single file run by hand): a private server for this process.
    const server = await startMlflowServer();
    process.once('exit', () => {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        // gone
      }
    });
    return { url: server.url, artifactsDir: server.artifactsDir };
  }
  mkdirSync(runDir, { recursive: true });
  const info = join(runDir, 'server.json');
  const failure = join(runDir, 'server.error');
  let lock: number | undefined;
  try {
    lock = openSync(join(runDir, 'server.lock'), 'wx');
  } catch {
    lock = undefined;
  }
  if (lock !== undefined) {
    closeSync(lock);
    try {
      const server = await startMlflowServer({ dir: join(runDir, 'server') });
      const shared: SharedServer = { url: server.url, artifactsDir: server.artifactsDir };
      writeFileSync(info, JSON.stringify({ ...shared, pid: server.pid }));
      return shared;
    } catch (error) {
      writeFileSync(failure, String((error as Error).message));
      throw error;
    }
  }
  const deadline = Date.now() + 120_000;
  while (Date.now() < deadline) {
    if (existsSync(failure)) throw new Error(`the shared mlflow server failed to start:\n${readFileSync(failure, 'utf8')}`);
    if (existsSync(info)) {
      const shared = JSON.parse(readFileSync(info, 'utf8')) as SharedServer;
      await waitForHealth(shared.url, 30_000);
      return shared;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('timed out waiting for another jest worker to start the shared mlflow server');
}
