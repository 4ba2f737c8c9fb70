/**
 * The S3 operations the artifact repository and the s3:// datasets need, over one AWS SDK v3 client
 * per connection. The SDK is large (about a quarter of a second to import), so it is imported on the
 * first request: a process that never touches s3:// never loads it.
 *
 * Uploads go through lib-storage's `Upload`: one PUT up to `partSize`, a multipart upload above it.
 * Either way S3 makes the object visible only once it is complete — a PUT cut off or a multipart
 * upload never completed leaves the previous object (or none) in place; a failed multipart upload
 * is aborted so that its parts do not linger (when the server still answers).
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { ObjectStoreError } from './object-store-error.js';
import { DEFAULT_PART_SIZE, describeEndpoint, MIN_PART_SIZE, regionFromEnv, type S3ConnectionOptions } from './s3-connection.js';
import { toObjectStoreError } from './s3-errors.js';
import type { S3Location } from './s3-location.js';

type ClientModule = typeof import('@aws-sdk/client-s3');
type StorageModule = typeof import('@aws-sdk/lib-storage');
interface Sdk {
  s3: ClientModule;
  storage: StorageModule;
}

let sdk: Promise<Sdk> | undefined;

function loadSdk(): Promise<Sdk> {
  // The SDK warns on Node < 22 about releases it has not published yet; the versions here are pinned.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  sdk ??= Promise.all([import('@aws-sdk/client-s3'), import('@aws-sdk/lib-storage')]).then(([s3, storage]) => ({ s3, storage }));
  return sdk;
}

export interface S3ObjectInfo {
  key: string;
  size: number;
}

export interface S3Listing {
  /** Objects under the prefix (directly under it when listed with a delimiter), sorted by key. */
  objects: S3ObjectInfo[];
  /** With a delimiter: the "folders" directly under the prefix, as full key prefixes without the trailing `/`. */
  prefixes: string[];
}

export type S3Body = Uint8Array | string | Readable;

const shared = new Map<string, S3ObjectStore>();

export class S3ObjectStore {
  /** Where requests go, for messages (never with credentials). */
  readonly endpoint: string;
  readonly partSize: number;
  readonly #connection: S3ConnectionOptions;
  #client: Promise<{ client: S3Client; sdk: Sdk }> | undefined;

  constructor(connection: S3ConnectionOptions) {
    const partSize = connection.partSize ?? DEFAULT_PART_SIZE;
    const invalid = (message: string): ObjectStoreError => new ObjectStoreError({ kind: 'invalid-config', bucket: '', key: '', operation: 'configure', message });
    if (!Number.isInteger(partSize) || partSize < MIN_PART_SIZE) throw invalid(`The S3 part size must be an integer of at least ${MIN_PART_SIZE} bytes (5 MiB), got ${String(partSize)}.`);
    if ((connection.accessKeyId === undefined) !== (connection.secretAccessKey === undefined)) {
      throw invalid('S3 credentials need both an access key id and a secret access key (or neither, for the AWS default chain).');
    }
    this.#connection = { ...connection };
    this.endpoint = describeEndpoint(connection);
    this.partSize = partSize;
  }

  /** One store per distinct connection in this process, so that its sockets are shared. */
  static shared(connection: S3ConnectionOptions): S3ObjectStore {
    const id = JSON.stringify(Object.entries(connection).filter(([, v]) => v !== undefined).sort(([a], [b]) => (a < b ? -1 : 1)));
    let store = shared.get(id);
    if (store === undefined) {
      store = new S3ObjectStore(connection);
      shared.set(id, store);
    }
    return store;
  }

  private ready(): Promise<{ client: S3Client; sdk: Sdk }> {
    this.#client ??= loadSdk().then(async (loaded) => {
      const c = this.#connection;
      // node:https (TLS) only when it is needed here: importing it costs a cold start several ms.
      const httpsAgent = c.ignoreTls === true ? new (await import('node:https')).Agent({ keepAlive: true, rejectUnauthorized: false }) : undefined;
      const client = new loaded.s3.S3Client({
        region: c.region ?? regionFromEnv() ?? 'us-east-1',
        ...(c.endpointUrl === undefined ? {} : { endpoint: c.endpointUrl }),
        forcePathStyle: c.forcePathStyle ?? c.endpointUrl !== undefined,
        ...(c.accessKeyId === undefined
          ? {}
          : { credentials: { accessKeyId: c.accessKeyId, secretAccessKey: c.secretAccessKey!, ...(c.sessionToken === undefined ? {} : { sessionToken: c.sessionToken }) } }),
        maxAttempts: c.maxAttempts ?? 3,
        requestHandler: {
          connectionTimeout: 10_000,
          // An idle socket this long means a hung server, not a slow upload (parts keep it busy).
          requestTimeout: 120_000,
          ...(httpsAgent === undefined ? {} : { httpsAgent }),
        },
      });
      return { client, sdk: loaded };
    });
    return this.#client;
  }

  private async send<T>(operation: string, location: S3Location, run: (client: S3Client, sdk: Sdk) => Promise<T>): Promise<T> {
    const { client, sdk: loaded } = await this.ready();
    try {
      return await run(client, loaded);
    } catch (error) {
      throw toObjectStoreError(error, { operation, bucket: location.bucket, key: location.key, endpoint: this.endpoint });
    }
  }

  /** The object's bytes; `not-found` / `bucket-not-found` when there is none. */
  getObject(location: S3Location): Promise<Buffer> {
    return this.send('GetObject', location, async (client, { s3 }) => {
      const answer = await client.send(new s3.GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return Buffer.from(await answer.Body!.transformToByteArray());
    });
  }

  /** Streams the object into `localPath` (through a temporary file renamed into place). */
  async downloadFile(location: S3Location, localPath: string): Promise<void> {
    await mkdir(dirname(localPath), { recursive: true });
    const partial = `${localPath}.part-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
    try {
      await this.send('GetObject', location, async (client, { s3 }) => {
        const answer = await client.send(new s3.GetObjectCommand({ Bucket: location.bucket, Key: location.key }));
        await pipeline(answer.Body as Readable, createWriteStream(partial));
      });
      await rename(partial, localPath);
    } catch (error) {
      await rm(partial, { force: true });
      throw error;
    }
  }

  /** Writes the object (one PUT, or a multipart upload above `partSize`); visible only once complete. */
  upload(location: S3Location, body: S3Body, options: { contentLength?: number } = {}): Promise<void> {
    return this.send('Upload', location, async (client, { storage }) => {
      const upload = new storage.Upload({
        client,
        params: {
          ...this.#connection.uploadExtraArgs,
          Bucket: location.bucket,
          Key: location.key,
          Body: body,
          ...(options.contentLength === undefined ? {} : { ContentLength: options.contentLength }),
        },
        partSize: this.partSize,
        queueSize: this.#connection.queueSize ?? 4,
        leavePartsOnError: false,
      });
      await upload.done();
    });
  }

  /** Uploads a local file, streamed from disk. */
  async uploadFile(location: S3Location, localFile: string): Promise<void> {
    const { size } = await stat(localFile);
    await this.upload(location, createReadStream(localFile), { contentLength: size });
  }

  /** Size and ETag of an object (a multipart upload's ETag ends with `-<parts>`); `not-found` when absent. */
  head(location: S3Location): Promise<{ size: number; etag: string }> {
    return this.send('HeadObject', location, async (client, { s3 }) => {
      const answer = await client.send(new s3.HeadObjectCommand({ Bucket: location.bucket, Key: location.key }));
      return { size: Number(answer.ContentLength ?? 0), etag: String(answer.ETag ?? '').replace(/"/g, '') };
    });
  }

  /**
   * Every object whose key starts with `prefix` (all pages), or with `delimiter: '/'` only those
   * directly under it plus the sub-prefixes. A missing bucket is `bucket-not-found`, not an empty list.
   */
  list(location: S3Location, options: { delimiter?: string; maxKeys?: number } = {}): Promise<S3Listing> {
    return this.send('ListObjectsV2', location, async (client, { s3 }) => {
      const objects: S3ObjectInfo[] = [];
      const prefixes: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(
          new s3.ListObjectsV2Command({
            Bucket: location.bucket,
            Prefix: location.key,
            ...(options.delimiter === undefined ? {} : { Delimiter: options.delimiter }),
            ...(options.maxKeys === undefined ? {} : { MaxKeys: options.maxKeys }),
            ...(token === undefined ? {} : { ContinuationToken: token }),
          }),
        );
        for (const o of page.Contents ?? []) if (o.Key !== undefined) objects.push({ key: o.Key, size: Number(o.Size ?? 0) });
        for (const p of page.CommonPrefixes ?? []) if (p.Prefix !== undefined) prefixes.push(p.Prefix.replace(/\/+$/, ''));
        token = page.IsTruncated === true && options.maxKeys === undefined ? page.NextContinuationToken : undefined;
      } while (token !== undefined);
      objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      return { objects, prefixes: prefixes.sort() };
    });
  }

  /** Whether an object exists at exactly this key (a missing bucket is an error, not `false`). */
  async exists(location: S3Location): Promise<boolean> {
    // A listing, not HEAD: HEAD answers a bare 404 for a missing bucket as for a missing key. The
    // key itself sorts first among the keys it prefixes.
    const { objects } = await this.list(location, { maxKeys: 1 });
    return objects[0]?.key === location.key;
  }

  /** Deletes these keys of one bucket (missing keys are no error). */
  async deleteObjects(bucket: string, keys: readonly string[]): Promise<void> {
    for (let i = 0; i < keys.length; i += 1000) {
      const batch = keys.slice(i, i + 1000);
      const location = { bucket, key: batch[0]! };
      const failed = await this.send('DeleteObjects', location, async (client, { s3 }) => {
        const answer = await client.send(new s3.DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } }));
        return answer.Errors?.[0];
      });
      if (failed !== undefined) {
        throw toObjectStoreError({ Code: failed.Code, name: failed.Code, $metadata: { httpStatusCode: failed.Code === 'AccessDenied' ? 403 : 500 } }, {
          operation: 'DeleteObjects',
          bucket,
          key: failed.Key ?? location.key,
          endpoint: this.endpoint,
        });
      }
    }
  }

  /** Closes the client's sockets; the store can still be used afterwards (a new client is made). */
  async destroy(): Promise<void> {
    const current = this.#client;
    this.#client = undefined;
    if (current !== undefined) (await current.catch(() => undefined))?.client.destroy();
  }
}
