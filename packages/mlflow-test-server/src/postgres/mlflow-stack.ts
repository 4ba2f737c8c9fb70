/**
 * The team set-up of a shared MLflow: `mlflow server` with its backend store on PostgreSQL and its
 * artifacts in an S3 bucket (versitygw), either proxied (the server reads and writes the bucket;
 * clients only talk HTTP to it) or direct (the server hands clients `s3://` URIs and never touches
 * the files; clients need the bucket's endpoint and credentials).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startMlflowServer, type MlflowServer } from '../mlflow-server.js';
import { startS3Server, type S3Server } from '../s3/index.js';
import { startPostgres, type PostgresServer } from './postgres-server.js';

export type ArtifactMode = 'proxied' | 'direct';

export interface MlflowStack {
  readonly mode: ArtifactMode;
  readonly mlflow: MlflowServer;
  readonly postgres: PostgresServer;
  readonly s3: S3Server;
  readonly bucket: string;
  /** Where the server puts artifacts: `s3://<bucket>/<mode>`. */
  readonly artifactRoot: string;
  /** What the server itself needs to reach the bucket (`MLFLOW_S3_ENDPOINT_URL`, `AWS_*`). */
  s3Env(): Record<string, string>;
  /**
   * The environment of a client process: `MLFLOW_TRACKING_URI`, plus (direct mode only) the bucket's
   * endpoint and credentials — a proxied client needs none of them.
   */
  clientEnv(): Record<string, string>;
  /** Stops the MLflow server, then PostgreSQL and the S3 server it started. */
  stop(): Promise<void>;
}

export interface MlflowStackOptions {
  mode: ArtifactMode;
  /** Reuse running servers (e.g. one PostgreSQL for several stacks); those are not stopped by `stop()`. */
  postgres?: PostgresServer;
  s3?: S3Server;
  /** `mlflow server --workers` (2 by default: concurrent writers reach the database from two processes). */
  workers?: number;
  timeoutMs?: number;
}

/** MLflow's arguments for the artifact store of each mode. */
export function artifactArgs(mode: ArtifactMode, artifactRoot: string): string[] {
  return mode === 'proxied'
    ? ['--serve-artifacts', '--artifacts-destination', artifactRoot]
    : ['--no-serve-artifacts', '--default-artifact-root', artifactRoot];
}

export async function startMlflowStack(options: MlflowStackOptions): Promise<MlflowStack> {
  const dir = mkdtempSync(join(tmpdir(), `mlflow-stack-${options.mode}-`));
  const started: Array<{ stop(): Promise<void> }> = [];
  try {
    const [postgres, s3] = await Promise.all([
      options.postgres ?? startPostgres().then((pg) => (started.push(pg), pg)),
      options.s3 ?? startS3Server().then((server) => (started.push(server), server)),
    ]);
    const bucket = s3.createBucket();
    const artifactRoot = `s3://${bucket}/${options.mode}`;
    const s3Env = (): Record<string, string> => ({
      MLFLOW_S3_ENDPOINT_URL: s3.endpoint,
      AWS_ACCESS_KEY_ID: s3.accessKey,
      AWS_SECRET_ACCESS_KEY: s3.secretKey,
      AWS_DEFAULT_REGION: s3.region,
    });
    const mlflow = await startMlflowServer({
      dir,
      backendStoreUri: postgres.uri,
      artifactArgs: artifactArgs(options.mode, artifactRoot),
      extraArgs: ['--workers', String(options.workers ?? 2)],
      env: s3Env(),
      timeoutMs: options.timeoutMs,
    });
    return {
      mode: options.mode,
      mlflow,
      postgres,
      s3,
      bucket,
      artifactRoot,
      s3Env,
      clientEnv: () => ({ MLFLOW_TRACKING_URI: mlflow.url, ...(options.mode === 'direct' ? s3Env() : {}) }),
      stop: async () => {
        await mlflow.stop();
        await Promise.all(started.map((server) => server.stop()));
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.stop()));
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}
