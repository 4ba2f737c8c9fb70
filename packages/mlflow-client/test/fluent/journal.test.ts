/**
 * The journal file and the run queue on their own (no server): format, progress records,
 * compaction, torn lines, no credentials; batch cutting within MLflow's limits.
 */
import { appendFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { Journal } from '../../src/queue/journal.js';
import { defaultJournalDir, journalFileName, journalUri } from '../../src/queue/journal-location.js';
import { RunQueue } from '../../src/queue/run-queue.js';
import { describeCounts, type BatchUnit, type DeliveryUnit } from '../../src/queue/delivery-unit.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterAll(removeTempDirs);

const batch = (runId: string, n: number, from = 0): BatchUnit => ({
  kind: 'log-batch',
  runId,
  metrics: Array.from({ length: n }, (_, i) => ({ key: 'm', value: from + i, timestamp: 1000 + i, step: from + i })),
  params: [],
  tags: [],
});

describe('Journal', () => {
  it('appends units as JSON lines with run id, kind and payload (NaN/Infinity kept), and reads them back in order', async () => {
    const dir = join(tempDir('j-'), 'nested', 'journal');
    const journal = new Journal(dir, 'http://alice:pa55word@mlflow.example.com:5000/prefix/?token=abc');
    expect(journal.mayHavePending).toBe(false);
    const units: DeliveryUnit[] = [
      { kind: 'log-batch', runId: 'r1', metrics: [{ key: 'nan', value: NaN, timestamp: 1, step: 0 }, { key: 'inf', value: -Infinity, timestamp: 2, step: 3, modelId: 'm-1' }], params: [{ key: 'p', value: 'v' }], tags: [{ key: 't', value: 'x' }] },
      { kind: 'update-run', runId: 'r1', status: 'FAILED', endTime: 99 },
    ];
    await journal.append(units);
    expect(journal.mayHavePending).toBe(true);
    const text = readFileSync(journal.path, 'utf8');
    expect(text).not.toMatch(/alice|pa55word|token/);
    expect(journal.uri).toBe('http://mlflow.example.com:5000/prefix');
    expect(statSync(journal.path).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const records = text.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ v: 1, kind: 'log-batch', run_id: 'r1', uri: 'http://mlflow.example.com:5000/prefix', metrics: [{ value: 'NaN' }, { value: '-Infinity', model_id: 'm-1' }] });
    expect(records[1]).toMatchObject({ kind: 'update-run', run_id: 'r1', status: 'FAILED', end_time: 99 });
    const pending = await journal.pending();
    expect(pending.map((e) => e.unit)).toEqual(units);
    expect(await journal.counts()).toEqual({ entries: 2, metrics: 2, params: 1, tags: 1, statuses: 1, artifacts: 0 });
  });

  it('records delivered entries, compacts them away, and removes the file when nothing is left', async () => {
    const journal = new Journal(tempDir('j-'), 'http://127.0.0.1:5000');
    await journal.append([batch('a', 3), batch('b', 2), batch('a', 1, 3)]);
    const [first, second, third] = await journal.pending();
    await journal.markDone([first!.id]);
    expect((await journal.pending()).map((e) => e.id)).toEqual([second!.id, third!.id]);
    // A new object on the same file (another process) sees the same progress.
    const again = new Journal(journal.dir, 'http://127.0.0.1:5000/');
    expect(again.path).toBe(journal.path);
    expect(again.mayHavePending).toBe(true);
    expect((await again.pending()).map((e) => e.id)).toEqual([second!.id, third!.id]);
    expect(await journal.compact()).toBe(2);
    const lines = readFileSync(journal.path, 'utf8').trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines.some((l) => l.includes('"done"'))).toBe(false);
    await journal.markDone([second!.id, third!.id]);
    expect(await journal.compact()).toBe(0);
    expect(existsSync(journal.path)).toBe(false);
    expect(journal.mayHavePending).toBe(false);
  });

  it('skips a line torn by a crash, and the next append starts on a line of its own', async () => {
    const journal = new Journal(tempDir('j-'), 'http://127.0.0.1:5000');
    await journal.append([batch('a', 1)]);
    appendFileSync(journal.path, '{"v":1,"id":"torn","kind":"log-ba'); // the process died mid-write
    await journal.append([batch('b', 1)]);
    journal.appendSync([batch('c', 1)]);
    const runs = (await journal.pending()).map((e) => e.unit.runId);
    expect(runs).toEqual(['a', 'b', 'c']);
    await journal.compact();
    expect(readFileSync(journal.path, 'utf8')).not.toContain('torn');
  });

  it('keeps lines written by a newer version for it, instead of replaying or deleting them', async () => {
    const journal = new Journal(tempDir('j-'), 'http://127.0.0.1:5000');
    await journal.append([batch('a', 1)]);
    appendFileSync(journal.path, '{"v":2,"kind":"something-new"}\n');
    const [entry] = await journal.pending();
    await journal.markDone([entry!.id]);
    expect(await journal.compact()).toBe(0);
    expect(readFileSync(journal.path, 'utf8').trim()).toBe('{"v":2,"kind":"something-new"}');
    expect(journal.mayHavePending).toBe(false);
  });

  it('names one file per tracking URI, without credentials, under the configured folder', () => {
    expect(journalFileName('http://u:p@host:5000/')).toBe(journalFileName('http://host:5000'));
    expect(journalFileName('http://host:5000')).not.toBe(journalFileName('http://host:5001'));
    expect(journalFileName('http://host:5000')).toMatch(/^host_5000-[0-9a-f]{16}\.jsonl$/);
    expect(journalFileName('/tmp/mlruns')).toMatch(/^local-[0-9a-f]{16}\.jsonl$/);
    expect(journalUri('file:///tmp/mlruns')).toBe('file:///tmp/mlruns');
    expect(defaultJournalDir({ KEDRO_MLFLOW_JOURNAL_DIR: '/x/j' })).toBe('/x/j');
    expect(defaultJournalDir({ KEDRO_MLFLOW_CACHE: '/c' })).toBe(join('/c', 'journal'));
    expect(defaultJournalDir({ XDG_CACHE_HOME: '/xdg' })).toBe(join('/xdg', 'kedro-mlflow-ts', 'journal'));
    expect(defaultJournalDir({})).toMatch(/\.cache[/\\]kedro-mlflow-ts[/\\]journal$/);
  });

  it('does not wait forever on a lock left by a dead process', async () => {
    const journal = new Journal(tempDir('j-'), 'http://127.0.0.1:5000');
    writeFileSync(`${journal.path}.lock`, `999999999 ${hostname()} 0`);
    await journal.append([batch('a', 1)]);
    journal.appendSync([batch('b', 1)]);
    expect((await journal.pending()).map((e) => e.unit.runId)).toEqual(['a', 'b']);
  });
});

describe('RunQueue', () => {
  it('cuts batches within MLflow limits: 1000 entities, 100 params, 100 tags; params and tags first in line ride along', () => {
    const q = new RunQueue('r');
    for (let i = 0; i < 150; i += 1) q.pushParam({ key: `p${i}`, value: String(i) });
    for (let i = 0; i < 30; i += 1) q.pushTag({ key: `t${i}`, value: 'v' });
    for (let i = 0; i < 2500; i += 1) q.pushMetric({ key: 'm', value: i, timestamp: 0, step: i });
    const units = q.takeAll() as BatchUnit[];
    expect(units.map((u) => [u.params.length, u.tags.length, u.metrics.length])).toEqual([
      [100, 0, 0], // the 101st param stops the batch: items are taken in order
      [50, 30, 920],
      [0, 0, 1000],
      [0, 0, 580],
    ]);
    expect(units.flatMap((u) => u.metrics.map((m) => m.step))).toEqual(Array.from({ length: 2500 }, (_, i) => i));
    expect(q.size).toBe(0);
  });

  it('keeps the last value of a repeated tag within a batch, and puts a status update after the data before it', () => {
    const q = new RunQueue('r');
    q.pushTag({ key: 'phase', value: 'a' });
    q.pushMetric({ key: 'm', value: 1, timestamp: 0, step: 0 });
    q.pushTag({ key: 'phase', value: 'b' });
    q.pushStatus('FINISHED', 5);
    q.pushMetric({ key: 'm', value: 2, timestamp: 0, step: 1 });
    const units = q.takeAll();
    expect(units).toEqual([
      { kind: 'log-batch', runId: 'r', metrics: [{ key: 'm', value: 1, timestamp: 0, step: 0 }], params: [], tags: [{ key: 'phase', value: 'b' }] },
      { kind: 'update-run', runId: 'r', status: 'FINISHED', endTime: 5 },
      { kind: 'log-batch', runId: 'r', metrics: [{ key: 'm', value: 2, timestamp: 0, step: 1 }], params: [], tags: [] },
    ]);
  });

  it('stays under 1 MB per request with long tag values', () => {
    const q = new RunQueue('r');
    for (let i = 0; i < 100; i += 1) q.pushTag({ key: `t${i}`, value: 'x'.repeat(8000) });
    for (let i = 0; i < 100; i += 1) q.pushParam({ key: `p${i}`, value: 'y'.repeat(6000) });
    const units = q.takeAll() as BatchUnit[];
    expect(units.length).toBeGreaterThan(1);
    for (const u of units) expect(JSON.stringify(u).length).toBeLessThan(1_000_000);
    expect(units.reduce((n, u) => n + u.tags.length + u.params.length, 0)).toBe(200);
  });

  it('describes counts in plain words', () => {
    expect(describeCounts({ metrics: 1234, params: 1, tags: 0, statuses: 1, artifacts: 0 })).toBe('1,234 metric points, 1 param and the end-of-run status');
    expect(describeCounts({ metrics: 1, params: 0, tags: 2, statuses: 0, artifacts: 0 })).toBe('1 metric point and 2 tags');
  });
});
