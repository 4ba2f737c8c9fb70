/**
 * An S3-compatible bucket as a DatasetFileSystem, for `s3://bucket/key` file paths. A folder is a
 * key prefix; writes are single objects (one PUT, or a multipart upload above the part size), which
 * S3 shows only once complete. The AWS SDK is imported on the first request (see S3ObjectStore).
 */
import { isObjectStoreError, joinKey, parseS3Uri, S3ObjectStore, type S3ConnectionOptions } from '@kedro-mlflow/mlflow-client/s3';
import type { DatasetFileSystem } from './file-system.js';

export class S3FileSystem implements DatasetFileSystem {
  readonly protocol = 's3' as const;
  readonly store: S3ObjectStore;

  constructor(connection: S3ConnectionOptions) {
    this.store = S3ObjectStore.shared(connection);
  }

  read(path: string): Promise<Buffer> {
    return this.store.getObject(parseS3Uri(path));
  }

  write(path: string, data: Uint8Array | string): Promise<void> {
    return this.store.upload(parseS3Uri(path), data);
  }

  exists(path: string): Promise<boolean> {
    return this.store.exists(parseS3Uri(path));
  }

  async listFiles(folder: string): Promise<string[]> {
    const { bucket, key } = parseS3Uri(folder);
    const prefix = key === '' ? '' : `${key}/`;
    const { objects } = await this.store.list({ bucket, key: prefix });
    // Keys ending with '/' are the "folder" markers some tools write, not files.
    return objects.map((o) => o.key.slice(prefix.length)).filter((rel) => rel !== '' && !rel.endsWith('/'));
  }

  async remove(paths: readonly string[]): Promise<void> {
    const byBucket = new Map<string, string[]>();
    for (const path of paths) {
      const { bucket, key } = parseS3Uri(path);
      byBucket.set(bucket, [...(byBucket.get(bucket) ?? []), key]);
    }
    for (const [bucket, keys] of byBucket) await this.store.deleteObjects(bucket, keys);
  }

  join(base: string, ...parts: string[]): string {
    const { bucket, key } = parseS3Uri(base);
    return `s3://${bucket}/${parts.reduce((acc, part) => joinKey(acc, part.replace(/^\/+|\/+$/g, '')), key)}`;
  }

  isMissing(error: unknown): boolean {
    return isObjectStoreError(error, 'not-found');
  }
}
