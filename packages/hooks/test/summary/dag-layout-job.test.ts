/**
 * The DAG layout off the run's critical path: the on-disk cache (a hit gives the same picture, a
 * corrupt or mismatched entry is recomputed, `off` disables it, the folder stays bounded) and the
 * worker thread (the same layout as in-process; a worker that fails falls back with one warning).
 */
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { captureLogs, CACHE_DIR_VARIABLE, node, pipeline, type Pipeline } from '@kedro-mlflow/core-pipeline';
import { DAG_LAYOUTS_FOLDER, DagLayoutCache, DagLayoutJob, dagGraph, layoutDag, MAX_DAG_LAYOUTS, renderDagSvg, type DagLayout } from '@kedro-mlflow/hooks';

const identity = (...values: unknown[]): unknown => values[0];

/** A chain with long edges: each node also reads a dataset made far upstream. */
function longEdgePipeline(size: number): Pipeline {
  const nodes = [];
  for (let i = 0; i < size; i += 1) {
    const inputs = [`d${i}`, ...(i >= 4 ? [`d${i - 4}`] : [])];
    nodes.push(node(identity, inputs, `d${i + 1}`, { name: `step_${i}` }));
  }
  return pipeline(nodes);
}

const svgOf = (layout: DagLayout): string => renderDagSvg({ layout, nodes: new Map([['step_1', { status: 'completed', durationMs: 1250 }]]), title: 'train' });

describe('the DAG layout cache and worker', () => {
  const graph = dagGraph(longEdgePipeline(12), { datasets: true });
  const expected = svgOf(layoutDag(graph));
  let root: string;
  let cache: DagLayoutCache;
  let entries: () => string[];

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'kedro-mlflow-dag-cache-'));
    cache = DagLayoutCache.open({ [CACHE_DIR_VARIABLE]: root })!;
    entries = () => readdirSync(cache.dir);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('stores a computed layout under the cache folder and gives the same SVG from it', async () => {
    expect(cache.dir).toBe(join(root, DAG_LAYOUTS_FOLDER));
    expect(svgOf(await new DagLayoutJob(graph, { cache, worker: false }).result())).toBe(expected);
    expect(entries()).toHaveLength(1);
    expect(svgOf(await new DagLayoutJob(graph, { cache, worker: false }).result())).toBe(expected);
    expect(entries()).toHaveLength(1);
  });

  it('reads the positions from the entry on a hit (they are not recomputed)', async () => {
    await new DagLayoutJob(graph, { cache, worker: false }).result();
    const file = join(cache.dir, entries()[0]!);
    const stored = JSON.parse(readFileSync(file, 'utf8')) as { boxes: Array<[number, number]> };
    stored.boxes[0] = [12345, 678];
    writeFileSync(file, JSON.stringify(stored));
    const layout = await new DagLayoutJob(graph, { cache, worker: false }).result();
    expect(layout.boxes[0]).toMatchObject({ x: 12345, y: 678 });
  });

  it('keys entries by structure: another pipeline or label gets its own entry', async () => {
    await new DagLayoutJob(graph, { cache, worker: false }).result();
    await new DagLayoutJob(dagGraph(longEdgePipeline(12), { datasets: false }), { cache, worker: false }).result();
    await new DagLayoutJob(dagGraph(longEdgePipeline(13), { datasets: true }), { cache, worker: false }).result();
    expect(entries()).toHaveLength(3);
  });

  it.each([
    ['not JSON', '{"width": 1, "hei'],
    ['the wrong shape', JSON.stringify({ width: 'wide', boxes: [] })],
    ['positions of another graph', JSON.stringify({ width: 10, height: 10, boxes: [[1, 2]], edges: [] })],
  ])('recomputes an entry that is %s, and rewrites it', async (_what, content) => {
    await new DagLayoutJob(graph, { cache, worker: false }).result();
    const file = join(cache.dir, entries()[0]!);
    writeFileSync(file, content);
    expect(svgOf(await new DagLayoutJob(graph, { cache, worker: false }).result())).toBe(expected);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toHaveProperty('boxes');
  });

  it('recomputes when the entry cannot be read', async () => {
    await new DagLayoutJob(graph, { cache, worker: false }).result();
    const file = join(cache.dir, entries()[0]!);
    rmSync(file);
    // A folder where the entry should be: reading it fails, writing over it fails; the layout still comes.
    mkdirSync(file);
    expect(svgOf(await new DagLayoutJob(graph, { cache, worker: false }).result())).toBe(expected);
  });

  it('is off with KEDRO_MLFLOW_CACHE_DIR=off, and with a folder others may write to', async () => {
    expect(DagLayoutCache.open({ [CACHE_DIR_VARIABLE]: 'off' })).toBeUndefined();
    const open = join(root, 'shared');
    mkdirSync(join(open, DAG_LAYOUTS_FOLDER), { recursive: true });
    chmodSync(join(open, DAG_LAYOUTS_FOLDER), 0o777);
    expect(DagLayoutCache.open({ [CACHE_DIR_VARIABLE]: open })).toBeUndefined();
    expect(svgOf(await new DagLayoutJob(graph, { cache: undefined, worker: false }).result())).toBe(expected);
  });

  it('keeps the newest entries beyond its bound, a hit counting as a use', () => {
    const positions = { width: 1, height: 1, boxes: [], edges: [] };
    const keys = Array.from({ length: MAX_DAG_LAYOUTS }, (_, i) => `k${String(i).padStart(3, '0')}`);
    const past = Date.now() / 1000 - 10_000;
    keys.forEach((key, i) => {
      cache.set(key, positions);
      utimesSync(cache.fileOf(key), past + i, past + i);
    });
    expect(entries()).toHaveLength(MAX_DAG_LAYOUTS);
    // The oldest entry, used now, survives; the next three oldest go.
    expect(cache.get('k000', { options: {} as never, boxes: [], edges: [] })).toEqual(positions);
    for (const key of ['new1', 'new2', 'new3']) cache.set(key, positions);
    const left = entries().map((name) => name.replace(/\.json$/, ''));
    expect(left).toHaveLength(MAX_DAG_LAYOUTS);
    expect(left).toEqual(expect.arrayContaining(['k000', 'k004', 'new1', 'new2', 'new3']));
    expect(left.filter((key) => ['k001', 'k002', 'k003'].includes(key))).toEqual([]);
  });

  it('lays out in the worker thread (the built dist/dag-layout-worker.js) the same as in-process', async () => {
    const logs = captureLogs('warn');
    try {
      expect(svgOf(await new DagLayoutJob(graph, { cache }).result())).toBe(expected);
    } finally {
      logs.restore();
    }
    expect(logs.messages()).toEqual([]);
    expect(entries()).toHaveLength(1);
  });

  it.each([
    ['throws', "throw new Error('layout worker broke');"],
    ['exits without answering', 'process.exit(3);'],
  ])('falls back to the main thread with one warning when the worker %s', async (_what, code) => {
    const file = join(root, 'broken-worker.mjs');
    writeFileSync(file, code);
    const logs = captureLogs('warn');
    let layout: DagLayout;
    try {
      layout = await new DagLayoutJob(graph, { cache, workerFile: pathToFileURL(file) }).result();
    } finally {
      logs.restore();
    }
    expect(svgOf(layout)).toBe(expected);
    expect(logs.messages('warn')).toEqual([expect.stringContaining('DAG layout worker failed')]);
    expect(entries()).toHaveLength(1);
  });

  it('falls back when the worker file does not exist', async () => {
    const logs = captureLogs('warn');
    let layout: DagLayout;
    try {
      layout = await new DagLayoutJob(graph, { cache: undefined, workerFile: pathToFileURL(join(root, 'missing.js')) }).result();
    } finally {
      logs.restore();
    }
    expect(svgOf(layout)).toBe(expected);
    expect(logs.messages('warn')).toHaveLength(1);
  });
});
