/**
 * Datasets are recognised by a `Symbol.for` marker rather than `instanceof`, so that a dataset class
 * built against another copy of this package (a plugin with its own node_modules) still works.
 */
import type { AbstractDataset } from './abstract-dataset.js';
import type { DatasetClass } from './dataset-class.js';

export const DATASET_MARKER = Symbol.for('@kedro-mlflow/core-pipeline.dataset');
export const VERSIONED_DATASET_MARKER = Symbol.for('@kedro-mlflow/core-pipeline.versioned-dataset');

function hasMarker(value: unknown, marker: symbol): boolean {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    (value as Record<symbol, unknown>)[marker] === true
  );
}

/** True for a dataset instance (an object whose class extends AbstractDataset). */
export function isDataset(value: unknown): value is AbstractDataset {
  return typeof value === 'object' && hasMarker(value, DATASET_MARKER);
}

/** True for a class extending AbstractDataset (including AbstractDataset itself). */
export function isDatasetClass(value: unknown): value is DatasetClass {
  return typeof value === 'function' && hasMarker(value, DATASET_MARKER);
}

export function hasVersionedMarker(value: unknown): boolean {
  return hasMarker(value, VERSIONED_DATASET_MARKER);
}
