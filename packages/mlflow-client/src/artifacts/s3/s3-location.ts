/**
 * `s3://bucket/key` URIs. Keys are used as written (S3 keys are not URL-encoded paths), but a key
 * with `.` or `..` segments, empty segments (`a//b`) or NUL is refused: other tools (s3fs, the AWS
 * CLI, a posix-backed gateway) would read such a key as a different path, or one outside its prefix.
 */
import { ObjectStoreError } from './object-store-error.js';

export interface S3Location {
  readonly bucket: string;
  /** The object key, or a key prefix without a trailing `/`; `''` is the bucket's root. */
  readonly key: string;
}

const S3_URI = /^s3:\/\/([^/]*)(?:\/(.*))?$/is;
// S3's rules for new buckets: 3-63 lower-case letters, digits, dots and hyphens, starting and
// ending with a letter or digit.
const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

export function isS3Uri(value: unknown): value is string {
  return typeof value === 'string' && /^s3:\/\//i.test(value);
}

function invalid(uri: string, bucket: string, key: string, why: string): ObjectStoreError {
  return new ObjectStoreError({ kind: 'invalid-uri', bucket, key, operation: 'parse', message: `Invalid S3 URI '${uri}': ${why}.` });
}

/** Why `key` cannot be used as an object key or prefix, or undefined when it can. */
export function keyProblem(key: string): string | undefined {
  if (key.includes('\0')) return 'the key contains a NUL character';
  if (key === '') return undefined;
  const segments = key.split('/');
  if (segments.some((s) => s === '.' || s === '..')) return "the key has a '.' or '..' segment";
  if (segments.some((s) => s === '')) return "the key has an empty segment ('//', or a leading '/')";
  return undefined;
}

/** `s3://bucket/a/b` → `{bucket: 'bucket', key: 'a/b'}`; a trailing `/` is dropped. */
export function parseS3Uri(uri: string): S3Location {
  const match = S3_URI.exec(uri);
  if (match === null) throw invalid(uri, '', '', "expected 's3://<bucket>/<key>'");
  const bucket = match[1]!;
  const key = (match[2] ?? '').replace(/\/+$/, '');
  if (!BUCKET.test(bucket) || bucket.includes('..')) {
    throw invalid(uri, bucket, key, `'${bucket}' is not a valid bucket name (3-63 lower-case letters, digits, '.' and '-')`);
  }
  const problem = keyProblem(key);
  if (problem !== undefined) throw invalid(uri, bucket, key, problem);
  return { bucket, key };
}

export function formatS3Uri(location: S3Location): string {
  return location.key === '' ? `s3://${location.bucket}` : `s3://${location.bucket}/${location.key}`;
}

/** `prefix` + `/` + `rel` (either may be empty). */
export function joinKey(prefix: string, rel: string): string {
  if (prefix === '') return rel;
  return rel === '' ? prefix : `${prefix}/${rel}`;
}
