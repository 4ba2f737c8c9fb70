import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetFileError, DatasetOptionError } from '../src/index.js';

/** A fresh folder per test, removed after each test of the file that calls this. */
export function tempFolders(): () => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
  return () => {
    const dir = mkdtempSync(join(tmpdir(), 'kedro-datasets-'));
    made.push(dir);
    return dir;
  };
}

/** The error a promise rejects with (fails the test when it resolves). */
export function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => Promise.reject(new Error('expected a rejection')),
    (error: unknown) => error as Error,
  );
}

export function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}

export async function fileError(promise: Promise<unknown>): Promise<DatasetFileError> {
  const error = await rejection(promise);
  if (!DatasetFileError.isInstance(error)) throw error;
  return error;
}

export function optionError(fn: () => unknown): DatasetOptionError {
  const error = thrown(fn);
  if (!DatasetOptionError.isInstance(error)) throw error;
  return error;
}

/** Files in a folder, recursively, sorted (to see that no temporary file is left behind). */
export function filesIn(dir: string): string[] {
  return (readdirSync(dir, { recursive: true, withFileTypes: true }) as Array<{ isFile(): boolean; name: string; parentPath: string }>)
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}
