import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FileStore } from '../../src/store/file/file-store.js';
import { parseRunMetricFile } from '../../src/store/file/metric-lines.js';
import { compiledSource, removeCompiledSource } from './compiled-source.js';
import { cleanupTempDirs, newStore } from './helpers.js';

afterAll(() => {
  cleanupTempDirs();
  removeCompiledSource();
});

const worker = join(__dirname, 'concurrency-worker.mjs');

interface Result {
  ok: boolean;
  value?: unknown;
  code?: string;
}

/** Starts `jobs.length` node processes that all begin at the same instant; resolves with their results. */
function runWorkers(root: string, jobs: Array<Record<string, unknown>>): Promise<Result[]> {
  const src = compiledSource();
  const startAt = Date.now() + 1500;
  return Promise.all(
    jobs.map(
      (job, i) =>
        new Promise<Result>((resolve, reject) => {
          execFile(process.execPath, [worker, src, JSON.stringify({ root, worker: i, startAt, ...job })], { timeout: 60_000 }, (error, stdout, stderr) => {
            if (error) reject(new Error(`worker ${i} failed: ${error.message}\n${stderr}`));
            else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as Result);
          });
        }),
    ),
  );
}

jest.setTimeout(90_000);

describe('FileStore with several processes at once', () => {
  it('4 processes logging to the same metric of the same run: every point present, no torn line, per-process order kept', async () => {
    const { store, root } = newStore();
    const experimentId = await store.createExperiment('concurrent');
    const { runId } = (await store.createRun({ experimentId })).info;
    const n = 300;
    const results = await runWorkers(root, [0, 1, 2, 3].map(() => ({ action: 'metrics', runId, key: 'loss', n })));
    expect(results.every((r) => r.ok)).toBe(true);
    const text = readFileSync(join(root, experimentId, runId, 'metrics', 'loss'), 'utf8');
    const lines = text.split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(4 * 2 * n);
    for (const line of lines) expect(line).toMatch(/^\d+ \d+\.0 \d+$/);
    const points = parseRunMetricFile('loss', text, runId, experimentId);
    for (let w = 0; w < 4; w++) {
      const mine = points.filter((p) => Math.floor(p.value / 1e6) === w).map((p) => p.step);
      expect(mine).toEqual(Array.from({ length: 2 * n }, (_, i) => i));
    }
    const run = await store.getRun(runId);
    expect(Object.keys(run.data.tags).filter((k) => k.startsWith('worker-')).sort()).toEqual(['worker-0', 'worker-1', 'worker-2', 'worker-3']);
    expect((await store.getMetricHistory(runId, 'loss')).items).toHaveLength(8 * n);
  });

  it('4 processes creating the same experiment name: exactly one experiment, the others get RESOURCE_ALREADY_EXISTS', async () => {
    const { store, root } = newStore();
    await store.init();
    const results = await runWorkers(root, [0, 1, 2, 3].map(() => ({ action: 'createExperiment', name: 'same-name' })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).map((r) => r.code)).toEqual(['RESOURCE_ALREADY_EXISTS', 'RESOURCE_ALREADY_EXISTS', 'RESOURCE_ALREADY_EXISTS']);
    const fresh = new FileStore(root);
    const all = (await fresh.searchExperiments({ viewType: 'ALL' })).items.filter((e) => e.name === 'same-name');
    expect(all.map((e) => e.experimentId)).toEqual([results.find((r) => r.ok)!.value]);
    expect(readdirSync(root).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('4 processes logging different values of one param: one value wins, the others are refused', async () => {
    const { store, root } = newStore();
    const experimentId = await store.createExperiment('params');
    const { runId } = (await store.createRun({ experimentId })).info;
    const results = await runWorkers(root, [0, 1, 2, 3].map((i) => ({ action: 'param', runId, key: 'lr', value: `0.${i + 1}` })));
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(results.filter((r) => !r.ok).every((r) => r.code === 'INVALID_PARAMETER_VALUE')).toBe(true);
    const winner = results.findIndex((r) => r.ok);
    expect((await store.getRun(runId)).data.params).toEqual({ lr: `0.${winner + 1}` });
  });

  it('3 processes registering versions and 3 creating the same registered model: unique, consecutive numbers; one creator', async () => {
    const { store, root } = newStore();
    await store.createRegisteredModel('shared');
    const created = await runWorkers(root, [0, 1, 2].map(() => ({ action: 'registeredModel', name: 'race' })));
    expect(created.filter((r) => r.ok)).toHaveLength(1);
    expect(created.filter((r) => !r.ok).map((r) => r.code)).toEqual(['RESOURCE_ALREADY_EXISTS', 'RESOURCE_ALREADY_EXISTS']);
    const results = await runWorkers(root, [0, 1, 2].map(() => ({ action: 'versions', name: 'shared', n: 5 })));
    const versions = results.flatMap((r) => r.value as string[]).map(Number).sort((a, b) => a - b);
    expect(versions).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const listed = await store.searchModelVersions({ filter: "name = 'shared'" });
    expect(listed.items).toHaveLength(15);
  });

  it('3 processes rewriting the same run meta.yaml while reading it: always parseable, never lost', async () => {
    const { store, root } = newStore();
    const experimentId = await store.createExperiment('meta');
    const { runId } = (await store.createRun({ experimentId })).info;
    const results = await runWorkers(root, [0, 1, 2].map(() => ({ action: 'runMeta', runId, n: 40 })));
    expect(results.every((r) => r.ok)).toBe(true);
    const run = await store.getRun(runId);
    expect(run.info.runName).toMatch(/^w\d-39$/);
    expect(readdirSync(join(root, experimentId, runId)).filter((f) => f.startsWith('.'))).toEqual([]);
  });
});
