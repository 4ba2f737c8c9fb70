import { DatasetError } from '@kedro-mlflow/core-pipeline';

const name = 'DatasetFileError';
const marker = `@kedro-mlflow/datasets.error.${name}`;
const symbol = Symbol.for(marker);

/**
 * What went wrong with a dataset's file:
 * - `missing`: nothing to load at the path;
 * - `corrupt`: the file exists but is not valid in the dataset's format;
 * - `unserializable`: the data cannot be written in that format (nothing was written);
 * - `outside-folder`: a partition id points outside its PartitionedDataset folder;
 * - `remote-path`: the path is a URL of a file system these datasets cannot reach, or a remote path
 *   where a local one is needed;
 * - for `s3://` paths: `bucket-not-found`, `invalid-credentials` (unknown access key, or a secret that
 *   does not match it), `access-denied` (valid credentials without the permission), `unreachable`
 *   (the endpoint did not answer after the retries), `storage-failed` (any other refusal). The
 *   object store's own `ObjectStoreError` is the `cause`.
 */
export type DatasetFileErrorKind =
  | 'missing'
  | 'corrupt'
  | 'unserializable'
  | 'outside-folder'
  | 'remote-path'
  | 'bucket-not-found'
  | 'invalid-credentials'
  | 'access-denied'
  | 'unreachable'
  | 'storage-failed';

/** A dataset could not read or write its file; the message names the dataset, the file and the fix. */
export class DatasetFileError extends DatasetError {
  private readonly [symbol] = true;
  readonly kind: DatasetFileErrorKind;
  /** The catalog name of the dataset, or its description when it was built in code. */
  readonly dataset: string;
  readonly filepath: string;

  constructor(options: { kind: DatasetFileErrorKind; dataset: string; filepath: string; message: string; cause?: unknown }) {
    super(options.message, { cause: options.cause });
    this.name = name;
    this.kind = options.kind;
    this.dataset = options.dataset;
    this.filepath = options.filepath;
  }

  static override isInstance(error: unknown): error is DatasetFileError {
    return DatasetError.hasMarker(error, marker);
  }
}
