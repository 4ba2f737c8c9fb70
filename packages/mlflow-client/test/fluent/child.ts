/** Child Node processes running `child-tracker.mjs` on the compiled sources (process exit and replay tests). */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compiledSource } from '../file-store/compiled-source.js';

export const script = join(__dirname, 'child-tracker.mjs');
export const childEnv = { ...process.env, KEDRO_LOG_LEVEL: 'warn' };

export interface Job {
  action: string;
  uri: string;
  journalDir: string;
  experimentId?: string;
  [key: string]: unknown;
}

export function runChild(job: Job): Promise<{ code: number | null; lines: Array<Record<string, unknown>>; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, compiledSource(), JSON.stringify(job)], { env: childEnv, timeout: 90_000 }, (error, stdout, stderr) => {
      if (error !== null && typeof error.code !== 'number') return reject(new Error(`child failed: ${error.message}\n${stderr}`));
      const lines = stdout.trim() === '' ? [] : stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
      resolve({ code: error === null ? 0 : (error.code as number), lines, stderr });
    });
  });
}

export function journalLines(path: string): Array<Record<string, unknown>> {
  return readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
}

