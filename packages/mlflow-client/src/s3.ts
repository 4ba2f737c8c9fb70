/**
 * `@kedro-mlflow/mlflow-client/s3`: the S3 object store and artifact repository alone, for packages
 * that reach s3:// paths without the rest of the client (the file datasets). The AWS SDK itself is
 * imported on the first request.
 */
export * from './artifacts/s3/index.js';
