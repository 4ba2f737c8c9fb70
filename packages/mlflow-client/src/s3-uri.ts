/**
 * `@kedro-mlflow/mlflow-client/s3-uri`: `s3://` URIs and the object-store error, without the store.
 * Small on purpose: packages check s3:// paths when they are configured, and load the store
 * (`./s3`) only when they first talk to a bucket.
 */
export { ObjectStoreError, isObjectStoreError } from './artifacts/s3/object-store-error.js';
export type { ObjectStoreErrorKind } from './artifacts/s3/object-store-error.js';
export { parseS3Uri, formatS3Uri, isS3Uri, joinKey, keyProblem } from './artifacts/s3/s3-location.js';
export type { S3Location } from './artifacts/s3/s3-location.js';
