/** Helpers shared by the store contract suites (and usable by any store test). */
import { MlflowApiError, type RegistryStore, type TrackingStore } from '@kedro-mlflow/mlflow-client';

export type ContractStore = TrackingStore & RegistryStore;

let counter = 0;
/** A name no other test (or earlier jest run against the same store) uses. */
export function uniqueName(prefix: string): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${process.pid}-${counter}-${Math.random().toString(36).slice(2, 7)}`;
}

/** Awaits `promise` and returns the `MlflowApiError` it must reject with. */
export async function apiError(promise: Promise<unknown>): Promise<MlflowApiError> {
  try {
    await promise;
  } catch (error) {
    if (MlflowApiError.isInstance(error)) return error;
    throw new Error(`expected an MlflowApiError, got ${String(error)}`, { cause: error });
  }
  throw new Error('expected an MlflowApiError, but the call succeeded');
}

/** Awaits `promise` and returns whatever it rejects with (fails when it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a rejection');
}

/** Every page of a paged search. */
export async function allPages<T>(fetchPage: (pageToken?: string) => Promise<{ items: T[]; nextPageToken?: string }>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let token: string | undefined;
  let pages = 0;
  do {
    const page = await fetchPage(token);
    items.push(...page.items);
    token = page.nextPageToken;
    pages += 1;
    if (pages > 1000) throw new Error('more than 1000 pages: the store keeps returning a next page token');
  } while (token !== undefined);
  return { items, pages };
}

export const isPositiveInfinity = (v: number): boolean => v === Infinity || v === Number.MAX_VALUE;
export const isNegativeInfinity = (v: number): boolean => v === -Infinity || v === -Number.MAX_VALUE;

