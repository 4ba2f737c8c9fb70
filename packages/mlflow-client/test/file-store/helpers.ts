/** Helpers of the file-store tests: throwaway mlruns folders and error-code assertions. */
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { apiError } from '../contract/helpers.js';
import { FileStore } from '../../src/store/file/file-store.js';

const made: string[] = [];

/** A fresh temp folder (removed after the test file). */
export function tempDir(prefix = 'fs-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}

/** A FileStore on `<temp>/mlruns` (the folder does not exist yet). */
export function newStore(): { store: FileStore; root: string } {
  const root = join(tempDir(), 'mlruns');
  return { store: new FileStore(root), root };
}

export function cleanupTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

// The same assertion helpers as the contract suite.
export { apiError as errorOf } from '../contract/helpers.js';

/** The error code a promise rejects with (fails when it resolves or throws something else). */
export async function codeOf(promise: Promise<unknown>): Promise<string> {
  return (await apiError(promise)).errorCode;
}

export function read(path: string): string {
  return readFileSync(path, 'utf8');
}

/** Every file under `dir`, as sorted relative paths. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}
