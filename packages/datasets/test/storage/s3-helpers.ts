/** One real S3 server (versitygw) per test file, a fresh bucket per test, kedro-shaped credentials. */
import { randomBytes } from 'node:crypto';
import { s3Available, startS3Server, type S3Server } from '@kedro-mlflow/mlflow-test-server';

export const withS3 = s3Available() ? describe : describe.skip;

export interface S3Fixture {
  readonly server: S3Server;
  /** credentials.yml's shape: key, secret, client_kwargs.endpoint_url. */
  credentials(overrides?: Record<string, unknown>): Record<string, unknown>;
  /** A new empty bucket. */
  bucket(): string;
}

/** Starts the server before the file's tests and stops it after them. */
export function useS3(): S3Fixture {
  let server: S3Server | undefined;
  beforeAll(async () => {
    server = await startS3Server();
  });
  afterAll(async () => {
    await server?.stop();
  });
  return {
    get server() {
      if (server === undefined) throw new Error('the S3 server is not started yet (use it inside a test)');
      return server;
    },
    credentials(overrides = {}) {
      return { key: this.server.accessKey, secret: this.server.secretKey, client_kwargs: { endpoint_url: this.server.endpoint }, ...overrides };
    },
    bucket() {
      return this.server.createBucket(`b-${randomBytes(5).toString('hex')}`);
    },
  };
}
