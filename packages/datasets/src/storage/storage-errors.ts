/**
 * Object-store failures as dataset errors: the kind to branch on, the dataset's name and its path,
 * with the store's ObjectStoreError (bucket, key, server code) as the cause. Credentials are in
 * neither message.
 */
import { isObjectStoreError, type ObjectStoreError, type ObjectStoreErrorKind } from '@kedro-mlflow/mlflow-client/s3-uri';
import { DatasetFileError, type DatasetFileErrorKind } from '../errors/dataset-file-error.js';

const KINDS: Record<ObjectStoreErrorKind, DatasetFileErrorKind> = {
  'not-found': 'missing',
  'bucket-not-found': 'bucket-not-found',
  'invalid-credentials': 'invalid-credentials',
  'access-denied': 'access-denied',
  unreachable: 'unreachable',
  'invalid-uri': 'storage-failed',
  'invalid-config': 'storage-failed',
  'request-failed': 'storage-failed',
};

/** The dataset error for an object-store failure, or undefined when `error` is something else. */
export function storageError(error: unknown, dataset: string, path: string, action: 'load' | 'save' | 'list'): DatasetFileError | undefined {
  if (!isObjectStoreError(error)) return undefined;
  const failure = error as ObjectStoreError;
  const verb = action === 'list' ? 'list the versions or files of' : action;
  return new DatasetFileError({
    kind: KINDS[failure.kind],
    dataset,
    filepath: path,
    message: `Cannot ${verb} dataset ${dataset} ('${path}'): ${failure.message}`,
    cause: failure,
  });
}
