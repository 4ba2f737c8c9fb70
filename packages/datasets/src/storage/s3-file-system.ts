/**
 * An S3-compatible bucket as a DatasetFileSystem, for `s3://bucket/key` file paths. A folder is a
 * key prefix; writes are single objects (one PUT, or a multipart upload above the part size), which
 * S3 shows only once complete. The object store (and with it the AWS SDK) is imported on the first
 * request: building an s3 dataset costs a local-only run nothing.
 */
import type { S3ConnectionOptions, S3ObjectStore } from '@kedro-mlflow/mlflow-client/s3';
import { isObjectStoreError, joinKey, parseS3Uri } from '@kedro-mlflow/mlflow-client/s3-uri';
import type { DatasetFileSystem } from './file-system.js';

export class S3FileSystem implements DatasetFileSystem {
  readonly protocol = 's3' as const;
  private readonly connection: S3ConnectionOptions;
  private storePromise: Promise<S3ObjectStore> | undefined;

  constructor(connection: S3ConnectionOptions) {
    this.connection = connection;
  }

  /** The process's store for this connection (shared sockets). */
  store(): Promise<S3ObjectStore> {
    this.storePromise ??= import('@kedro-mlflow/mlflow-client/s3').then(({ S3ObjectStore }) => S3ObjectStore.shared(this.connection));
    return this.storePromise;
  }

  async read(path: string): Promise<Buffer> {
    return (await this.store()).getObject(parseS3Uri(path));
  }

  async write(path: string, data: Uint8Array | string): Promise<void> {
    await (await this.store()).upload(parseS3Uri(path), data);
  }

  async exists(path: string): Promise<boolean> {
    return (await this.store()).exists(parseS3Uri(path));
  }

  async listFiles(folder: string): Promise<string[]> {
    const { bucket, key } = parseS3Uri(folder);
    const prefix = key === '' ? '' : `${key}/`;
    const { objects } = await (await this.store()).list({ bucket, key: prefix });
    // Keys ending with '/' are the "folder" markers some tools write, not files.
    return objects.map((o) => o.key.slice(prefix.length)).filter((rel) => rel !== '' && !rel.endsWith('/'));
  }

  async remove(paths: readonly string[]): Promise<void> {
    const byBucket = new Map<string, string[]>();
    for (const path of paths) {
      const { bucket, key } = parseS3Uri(path);
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), key]);
    }
    const store = await this.store();
    for (const [bucket, keys] of byBucket) await store.deleteObjects(bucket, keys);
  }

  join(base: string, ...parts: string[]): string {
    const { bucket, key } = parseS3Uri(base);
    return `s3://${bucket}/${parts.reduce((acc, part) => joinKey(acc, part.replace(/^\/+|\/+$/g, '')), key)}`;
  }

  isMissing(error: unknown): boolean {
    return isObjectStoreError(error, 'not-found');
  }
}
