/**
 * How to reach an S3-compatible store: endpoint, region, credentials and upload tuning. Without an
 * access key the AWS SDK's own chain applies (environment, shared config files, instance roles).
 */
import { ObjectStoreError } from './object-store-error.js';

export interface S3ConnectionOptions {
  /** An S3-compatible server (`http://127.0.0.1:7070`, MinIO, Ceph, …); AWS S3 itself when absent. */
  endpointUrl?: string | undefined;
  /** Default: `AWS_REGION` / `AWS_DEFAULT_REGION`, else `us-east-1`. */
  region?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  sessionToken?: string | undefined;
  /** `bucket` in the path instead of the host name. Default: true with an `endpointUrl`. */
  forcePathStyle?: boolean | undefined;
  /** Skip TLS certificate checks (MLflow's `MLFLOW_S3_IGNORE_TLS`). */
  ignoreTls?: boolean | undefined;
  /** Bytes per part of a multipart upload; bodies up to this size go in one PUT. Default 8 MiB, at least 5 MiB. */
  partSize?: number | undefined;
  /** Parts uploaded at the same time (default 4). */
  queueSize?: number | undefined;
  /** Attempts per request, first included (the SDK's retry with backoff; default 3). */
  maxAttempts?: number | undefined;
  /** Extra parameters of every upload (`ServerSideEncryption`, `SSEKMSKeyId`, `ACL`…; MLflow's `MLFLOW_S3_UPLOAD_EXTRA_ARGS`). */
  uploadExtraArgs?: Readonly<Record<string, unknown>> | undefined;
}

export const MIN_PART_SIZE = 5 * 1024 * 1024;
export const DEFAULT_PART_SIZE = 8 * 1024 * 1024;

type Env = Readonly<Record<string, string | undefined>>;

const nonEmpty = (value: string | undefined): string | undefined => (value === undefined || value === '' ? undefined : value);

/** The region the environment names, if any. */
export function regionFromEnv(env: Env = process.env): string | undefined {
  return nonEmpty(env.AWS_REGION) ?? nonEmpty(env.AWS_DEFAULT_REGION);
}

/**
 * MLflow's S3 settings from the environment: `MLFLOW_S3_ENDPOINT_URL` (else the AWS SDK's
 * `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL`), `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` /
 * `AWS_SESSION_TOKEN`, `AWS_REGION` / `AWS_DEFAULT_REGION`, `MLFLOW_S3_IGNORE_TLS` and
 * `MLFLOW_S3_UPLOAD_EXTRA_ARGS` (a JSON object).
 */
export function s3ConnectionFromEnv(env: Env = process.env): S3ConnectionOptions {
  const extra = nonEmpty(env.MLFLOW_S3_UPLOAD_EXTRA_ARGS);
  let uploadExtraArgs: Record<string, unknown> | undefined;
  if (extra !== undefined) {
    try {
      uploadExtraArgs = JSON.parse(extra) as Record<string, unknown>;
    } catch {
      uploadExtraArgs = undefined;
    }
    if (uploadExtraArgs === undefined || typeof uploadExtraArgs !== 'object' || Array.isArray(uploadExtraArgs)) {
      throw new ObjectStoreError({
        kind: 'invalid-config',
        bucket: '',
        key: '',
        operation: 'configure',
        message: `MLFLOW_S3_UPLOAD_EXTRA_ARGS must be a JSON object such as {"ServerSideEncryption": "AES256"}, got ${JSON.stringify(extra.slice(0, 80))}.`,
      });
    }
  }
  return {
    endpointUrl: nonEmpty(env.MLFLOW_S3_ENDPOINT_URL) ?? nonEmpty(env.AWS_ENDPOINT_URL_S3) ?? nonEmpty(env.AWS_ENDPOINT_URL),
    region: regionFromEnv(env),
    accessKeyId: nonEmpty(env.AWS_ACCESS_KEY_ID),
    secretAccessKey: nonEmpty(env.AWS_SECRET_ACCESS_KEY),
    sessionToken: nonEmpty(env.AWS_SESSION_TOKEN),
    ignoreTls: /^(true|1)$/i.test(env.MLFLOW_S3_IGNORE_TLS ?? ''),
    uploadExtraArgs,
  };
}

/** Where requests go, for messages: the endpoint URL (no credentials in it) or `AWS S3`. */
export function describeEndpoint(connection: S3ConnectionOptions): string {
  if (connection.endpointUrl === undefined) return 'AWS S3';
  try {
    const url = new URL(connection.endpointUrl);
    url.username = '';
    url.password = '';
    return url.toString().replace(/\/$/, '');
  } catch {
    return 'the configured endpoint';
  }
}
