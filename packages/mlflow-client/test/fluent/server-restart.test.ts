/**
 * Nothing lost, with the real `mlflow server` killed (SIGKILL) in the middle of a run and started
 * again on the same port with the same SQLite backend store and artifact root — no proxy. Params,
 * tags, 20,000 metric points and artifacts logged during the outage all reach the server, with the
 * FINISHED status, checked through the REST API and with Python's `MlflowClient`.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson, startMlflowServer, type MlflowServer } from '@kedro-mlflow/mlflow-test-server';
import { MlflowClient, type MlflowTracking } from '@kedro-mlflow/mlflow-client';
import { removeCompiledSource } from '../file-store/compiled-source.js';
import { journalLines, runChild } from './child.js';
import { captureLogs, closeAll, removeTempDirs, sleep, tempDir, tracking, WARN } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;
jest.setTimeout(300_000);

const POINTS = 20_000;
const OUTAGE_MS = 10_000;

interface Seen {
  status: string;
  params: Record<string, string>;
  tags: Record<string, string>;
  points: number;
  steps: number;
  files: string[];
  texts: Record<string, string>;
}

const EXPECTED_FILES = ['before/early.txt', 'during/copy-me.txt', 'during/tree/a.txt', 'during/tree/sub/b.txt', 'notes/outage.md', 'notes/summary.json'];

/** What Python MLflow's client sees of the run. */
function seenByPython(url: string, runId: string): Promise<Seen> {
  return runPythonJson<Seen>(
    `
import json, os, tempfile, mlflow
from mlflow import MlflowClient
c = MlflowClient(tracking_uri=${JSON.stringify(url)})
run_id = ${JSON.stringify(runId)}
r = c.get_run(run_id)
h = c.get_metric_history(run_id, "m")
files = []
def walk(path=None):
    for a in c.list_artifacts(run_id, path):
        walk(a.path) if a.is_dir else files.append(a.path)
walk()
dst = tempfile.mkdtemp()
texts = {}
for f in ("during/copy-me.txt", "during/tree/sub/b.txt", "notes/summary.json"):
    local = mlflow.artifacts.download_artifacts(run_id=run_id, artifact_path=f, dst_path=dst, tracking_uri=${JSON.stringify(url)})
    texts[f] = open(local).read()
print(json.dumps({"status": r.info.status, "params": r.data.params, "tags": {k: v for k, v in r.data.tags.items() if not k.startswith("mlflow.")},
    "points": len(h), "steps": len({m.step for m in h}), "files": sorted(files), "texts": texts}))
`,
    { timeoutMs: 180_000 },
  );
}

/** Logs 20,000 points, params, tags and artifacts; the server is killed after the first 5,000 points and restarted 10 s later. */
async function logThroughOutage(mlflow: MlflowTracking, server: MlflowServer, work: string, options: { restartBeforeEnd: boolean }): Promise<void> {
  mkdirSync(join(work, 'tree', 'sub'), { recursive: true });
  writeFileSync(join(work, 'early.txt'), 'logged before the outage');
  writeFileSync(join(work, 'copy-me.txt'), 'original content');
  writeFileSync(join(work, 'tree', 'a.txt'), 'a');
  writeFileSync(join(work, 'tree', 'sub', 'b.txt'), 'b, from the folder');
  for (let i = 0; i < 10; i += 1) mlflow.logParam(`p${i}`, i);
  mlflow.setTag('phase', 'before');
  await mlflow.logArtifact(join(work, 'early.txt'), 'before');
  for (let round = 0; round < 40; round += 1) {
    if (round === 10) {
      await mlflow.flush();
      await server.kill();
    }
    for (let i = 0; i < POINTS / 40; i += 1) {
      const step = round * (POINTS / 40) + i;
      mlflow.logMetric('m', step / 7, { step, timestamp: 1_700_000_000_000 + step });
    }
    if (round === 20) {
      // During the outage: artifacts of every kind, then the user's files change or go away.
      await mlflow.logArtifact(join(work, 'copy-me.txt'), 'during');
      await mlflow.logArtifacts(join(work, 'tree'), 'during/tree');
      await mlflow.logText('# written while the server was down\n', 'notes/outage.md');
      await mlflow.logDict({ points: POINTS }, 'notes/summary.json');
      writeFileSync(join(work, 'copy-me.txt'), 'changed after logging');
      rmSync(join(work, 'tree'), { recursive: true });
      mlflow.setTag('phase', 'during');
      for (let i = 10; i < 15; i += 1) mlflow.logParam(`p${i}`, i);
    }
    await sleep(OUTAGE_MS / 40);
  }
  if (options.restartBeforeEnd) await server.restart();
  mlflow.setTag('phase', 'after');
}

withMlflow('the real MLflow server killed and restarted during a run', () => {
  let server: MlflowServer;
  let client: MlflowClient;
  let experimentId: string;

  beforeAll(async () => {
    server = await startMlflowServer();
    client = new MlflowClient({ trackingUri: server.url, env: {} });
    experimentId = await client.createExperiment('restarts');
  }, 120_000);

  afterEach(async () => {
    await closeAll();
    if (!server.running) await server.restart();
  });

  afterAll(async () => {
    await client?.close();
    await server?.stop();
    removeCompiledSource();
    removeTempDirs();
  });

  async function expectEverything(runId: string): Promise<void> {
    const run = await client.getRun(runId);
    expect(run.info.status).toBe('FINISHED');
    expect(Object.keys(run.data.params).sort()).toEqual(Array.from({ length: 15 }, (_, i) => `p${i}`).sort());
    expect(run.data.tags.phase).toBe('after');
    const history = await client.getMetricHistory(runId, 'm');
    expect(history).toHaveLength(POINTS);
    expect(new Set(history.map((m) => m.step)).size).toBe(POINTS);
    for (const m of history) expect(m.value).toBeCloseTo(m.step / 7, 12);
    const python = await seenByPython(server.url, runId);
    expect(python).toMatchObject({ status: 'FINISHED', points: POINTS, steps: POINTS, files: EXPECTED_FILES, tags: { phase: 'after' } });
    expect(Object.keys(python.params)).toHaveLength(15);
    // The private copies, not the files as they are now (changed, deleted).
    expect(python.texts).toEqual({ 'during/copy-me.txt': 'original content', 'during/tree/sub/b.txt': 'b, from the folder', 'notes/summary.json': '{\n  "points": 20000\n}\n' });
  }

  it('killed for 10 s and back before the run ends: endRun + close() probe, replay, and everything is on the server', async () => {
    const logs = captureLogs();
    try {
      // The outage monitor never probes by itself here: at close its view ("down") is stale.
      const mlflow = tracking({ trackingUri: server.url, experimentId, flushIntervalMs: 100, probeIntervalMs: 600_000 });
      const run = await mlflow.startRun({ runName: 'killed-and-back' });
      await logThroughOutage(mlflow, server, tempDir('work-'), { restartBeforeEnd: true });
      await mlflow.endRun();
      const journal = mlflow.journalPath!;
      expect((await mlflow.pendingInJournal()).statuses).toBe(1); // still believed down: kept
      await mlflow.close();

      expect(existsSync(journal)).toBe(false);
      expect(existsSync(journal.replace(/\.jsonl$/, '.artifacts'))).toBe(false);
      await expectEverything(run.runId);
      const warnings = logs.lines.filter((l) => l.level === WARN && l.name === 'mlflow-client.background').map((l) => l.msg);
      expect(warnings).toHaveLength(1); // the outage, once; nothing left at close
      expect(warnings[0]).toContain(`MLflow server ${server.url} unreachable`);
      expect(logs.text().some((m) => m.includes(`MLflow server ${server.url} answers again`))).toBe(true);
    } finally {
      logs.restore();
    }
  });

  it('down at close and back later: one warning says what waits, the run stays RUNNING, a second process replays it', async () => {
    const logs = captureLogs();
    const journalDir = tempDir('journal-');
    let runId: string;
    let journal: string;
    try {
      const mlflow = tracking({ trackingUri: server.url, experimentId, journalDir, flushIntervalMs: 100, probeIntervalMs: 250 });
      runId = (await mlflow.startRun({ runName: 'down-at-close' })).runId;
      await logThroughOutage(mlflow, server, tempDir('work-'), { restartBeforeEnd: false });
      await mlflow.endRun();
      journal = mlflow.journalPath!;
      await mlflow.close();
      const left = logs.lines.filter((l) => l.level === WARN && l.msg.includes('remain in')).map((l) => l.msg);
      expect(left).toHaveLength(1);
      expect(left[0]).toMatch(new RegExp(`^MLflow server ${server.url} is unreachable: 15,000 metric points, 5 params, \\d+ tags?, 4 artifact uploads and the end-of-run status for run `));
      expect(left[0]).toContain(`remain in ${journal}`);
      expect(left[0]).toContain('They will be sent by the next process that uses this tracking URI');
      expect(left[0]).toContain('.replay()');
    } finally {
      logs.restore();
    }
    // Artifacts before the status, and the status last: a FINISHED run has all its artifacts.
    const kinds = journalLines(journal).map((r) => r.kind);
    expect(kinds[kinds.length - 1]).toBe('update-run');
    expect(kinds.filter((k) => k === 'log-artifact')).toHaveLength(4);
    expect(readdirSync(journal.replace(/\.jsonl$/, '.artifacts'))).toHaveLength(4);

    await server.restart();
    expect((await client.getRun(runId)).info.status).toBe('RUNNING');
    const second = await runChild({ action: 'replay-on-start', uri: server.url, journalDir });
    expect(second.lines).toEqual([{ ok: true }]);
    expect(existsSync(journal)).toBe(false);
    expect(existsSync(journal.replace(/\.jsonl$/, '.artifacts'))).toBe(false);
    await expectEverything(runId);
  });
});
