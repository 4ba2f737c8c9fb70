/**
 * Artifacts and the offline journal: bad input throws typed errors; an embedded `mlruns` store is
 * unaffected (no journal, no probing); a journal cannot make a replay write outside the run's
 * artifacts or read outside its copies; a copy that fails half-way leaves no entry; leftovers of a
 * crash are swept; `closeTimeoutMs` bounds the last try at close.
 */
import { existsSync, mkdirSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mlflowAvailable, runPythonJson } from '@kedro-mlflow/mlflow-test-server';
import { journalFileName } from '@kedro-mlflow/mlflow-client';
import { apiError, uniqueName } from '../contract/helpers.js';
import { useProxiedServer } from './proxied-server.js';
import { captureLogs, closeAll, removeTempDirs, tempDir, tracking, until, WARN } from './helpers.js';

const withMlflow = mlflowAvailable() ? describe : describe.skip;

afterAll(() => removeTempDirs());

describe('artifacts through MlflowTracking on an embedded mlruns store', () => {
  afterEach(() => closeAll());

  it('refuses bad input with INVALID_PARAMETER_VALUE errors naming the path and what to do', async () => {
    const work = tempDir('work-');
    writeFileSync(join(work, 'file.txt'), 'x');
    const mlflow = tracking({ trackingUri: join(tempDir('mlruns-'), 'mlruns') });
    await mlflow.startRun();
    const folder = await apiError(mlflow.logArtifact(work));
    expect(folder.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(folder.message).toContain(`logArtifact(): ${JSON.stringify(work)} cannot be uploaded: it is a folder: use logArtifacts()`);
    const file = await apiError(mlflow.logArtifacts(join(work, 'file.txt')));
    expect(file.message).toContain('it is a file: use logArtifact() for a single file');
    const missing = await apiError(mlflow.logArtifact(join(work, 'nope.txt')));
    expect(missing.message).toContain(`logArtifact(): cannot read ${JSON.stringify(join(work, 'nope.txt'))} (ENOENT)`);
    const escape = await apiError(mlflow.logArtifact(join(work, 'file.txt'), '../outside'));
    expect(escape.message).toContain("it contains '..'");
    await mlflow.endRun();
  });

  it('is unaffected: files land in the run folder at once, no journal, and Python MLflow lists them', async () => {
    const work = tempDir('work-');
    mkdirSync(join(work, 'tree'));
    writeFileSync(join(work, 'tree', 'a.txt'), 'a');
    writeFileSync(join(work, 'single.txt'), 'single');
    const mlruns = join(tempDir('mlruns-'), 'mlruns');
    const mlflow = tracking({ trackingUri: mlruns });
    const run = await mlflow.startRun();
    await mlflow.logArtifact(join(work, 'single.txt'), 'one');
    await mlflow.logArtifacts(join(work, 'tree'), 'many');
    await mlflow.logText('hello', 'notes/hello.txt');
    await mlflow.endRun();
    await mlflow.close();
    expect(existsSync(mlflow.journalPath!)).toBe(false);
    expect(existsSync(mlflow.journalPath!.replace(/\.jsonl$/, '.artifacts'))).toBe(false);
    const seen = await runPythonJson<{ status: string; files: string[] }>(
      `
import json
from mlflow import MlflowClient
c = MlflowClient(tracking_uri=${JSON.stringify(`file://${mlruns}`)})
files = []
def walk(path=None):
    for a in c.list_artifacts(${JSON.stringify(run.runId)}, path):
        walk(a.path) if a.is_dir else files.append(a.path)
walk()
print(json.dumps({"status": c.get_run(${JSON.stringify(run.runId)}).info.status, "files": sorted(files)}))
`,
      { env: { MLFLOW_ALLOW_FILE_STORE: 'true' } },
    );
    expect(seen).toEqual({ status: 'FINISHED', files: ['many/a.txt', 'notes/hello.txt', 'one/single.txt'] });
  }, 60_000);
});

withMlflow('artifacts in the offline journal (real server behind a fault proxy)', () => {
  const s = useProxiedServer('artifact-journal');

  it('journal lines that would leave the copies or the artifact root are skipped, never followed', async () => {
    const run = await s.client.createRun(s.experimentId);
    const journalDir = tempDir('journal-');
    const path = join(journalDir, journalFileName(s.proxy.url));
    const copies = path.replace(/\.jsonl$/, '.artifacts');
    const id = '0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9';
    mkdirSync(join(copies, id), { recursive: true });
    writeFileSync(join(copies, id, 'ok.txt'), 'fine');
    writeFileSync(join(journalDir, 'secret.txt'), 'outside the copies');
    const line = (fields: Record<string, unknown>): string => JSON.stringify({ v: 1, id: uniqueName('e'), at: 1, uri: s.proxy.url, kind: 'log-artifact', run_id: run.info.runId, ...fields });
    writeFileSync(
      path,
      [
        line({ copy: id, artifact_path: '../../escaped', file: 'ok.txt' }),
        line({ copy: id, artifact_path: 'x', file: '../../secret.txt' }),
        line({ copy: '../..', artifact_path: 'x' }),
        line({ copy: id, artifact_path: '%2e%2e/encoded', file: 'ok.txt' }),
        line({ copy: id, artifact_path: 'kept', file: 'ok.txt' }),
      ].join('\n') + '\n',
    );
    const logs = captureLogs();
    try {
      const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, journalDir, probeIntervalMs: 60_000 });
      const summary = await mlflow.replay();
      expect(summary).toMatchObject({ delivered: { artifacts: 1 }, remaining: 0 });
      expect(logs.text(WARN).some((m) => m.includes(`4 unreadable line(s) in ${path} were skipped`))).toBe(true);
    } finally {
      logs.restore();
    }
    const all = await s.client.listArtifacts(run.info.runId);
    expect(all.map((f) => f.path)).toEqual(['kept']);
    expect((await s.client.listArtifacts(run.info.runId, 'kept')).map((f) => f.path)).toEqual(['kept/ok.txt']);
    expect(existsSync(copies)).toBe(false); // uploaded: the private copy is gone
    expect(existsSync(join(journalDir, 'secret.txt'))).toBe(true);
  }, 60_000);

  it('a copy that fails half-way leaves no journal entry and no copy, and says why', async () => {
    const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, probeIntervalMs: 60_000 });
    await mlflow.startRun();
    const work = tempDir('work-');
    writeFileSync(join(work, 'a.txt'), 'a');
    symlinkSync(join(work, 'gone'), join(work, 'z-dangling')); // copying stops here, after a.txt
    await s.proxy.down();
    // Let the tracking learn that the server is down (a metric goes to the journal), so that the
    // upload goes straight to the copy step instead of meeting the dangling link while listing files.
    mlflow.logMetric('m', 1);
    await mlflow.flush();
    const error = await apiError(mlflow.logArtifacts(work, 'broken'));
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(`logArtifacts(): the server is unreachable and ${JSON.stringify(work)} could not be copied for later`);
    expect((await mlflow.pendingInJournal()).artifacts).toBe(0);
    const copies = mlflow.journalPath!.replace(/\.jsonl$/, '.artifacts');
    expect(existsSync(copies) ? readdirSync(copies) : []).toEqual([]);
  }, 60_000);

  it('a dangling link in a folder uploaded while the server answers is a typed error naming it', async () => {
    const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, probeIntervalMs: 60_000 });
    await mlflow.startRun();
    const work = tempDir('work-');
    writeFileSync(join(work, 'a.txt'), 'a');
    symlinkSync(join(work, 'gone'), join(work, 'z-dangling'));
    const error = await apiError(mlflow.logArtifacts(work, 'broken'));
    expect(error.errorCode).toBe('INVALID_PARAMETER_VALUE');
    expect(error.message).toContain(JSON.stringify(join(work, 'z-dangling')));
    expect((await mlflow.pendingInJournal()).artifacts).toBe(0);
    await mlflow.close();
  }, 60_000);

  it('leftovers of a crash (a copy without entry, an old half-made copy) are swept; a fresh half-made copy is left alone', async () => {
    const journalDir = tempDir('journal-');
    const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, journalDir, probeIntervalMs: 60_000 });
    const run = await mlflow.startRun();
    const work = tempDir('work-');
    writeFileSync(join(work, 'kept.txt'), 'kept');
    await s.proxy.down();
    await mlflow.logArtifact(join(work, 'kept.txt'));
    const copies = mlflow.journalPath!.replace(/\.jsonl$/, '.artifacts');
    const [keptId] = readdirSync(copies);
    const orphan = join(copies, '11111111-2222-4333-8444-555555555555');
    const oldPartial = join(copies, '66666666-7777-4888-8999-000000000000.partial');
    const freshPartial = join(copies, 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee.partial');
    for (const dir of [orphan, oldPartial, freshPartial]) mkdirSync(dir);
    const twoHoursAgo = new Date(Date.now() - 2 * 3600_000);
    utimesSync(oldPartial, twoHoursAgo, twoHoursAgo);
    await s.proxy.pass();
    expect(await mlflow.replay()).toMatchObject({ delivered: { artifacts: 1 }, remaining: 0 });
    expect(readdirSync(copies)).toEqual([freshPartial.split('/').pop()]);
    expect(keptId).toBeDefined();
    expect((await s.client.listArtifacts(run.runId)).map((f) => f.path)).toEqual(['kept.txt']);
  }, 60_000);

  it('closeTimeoutMs bounds the last try at close: what is not sent in time stays for the next replay, said once', async () => {
    const logs = captureLogs();
    let runId: string;
    const journalDir = tempDir('journal-');
    try {
      const mlflow = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, journalDir, probeIntervalMs: 60_000, closeTimeoutMs: 0 });
      runId = (await mlflow.startRun()).runId;
      await s.proxy.down();
      for (let round = 0; round < 5; round += 1) {
        for (let step = round * 100; step < (round + 1) * 100; step += 1) mlflow.logMetric('bounded', step, step);
        await mlflow.flush(); // one journal entry each
      }
      await mlflow.endRun();
      expect((await mlflow.pendingInJournal()).entries).toBeGreaterThanOrEqual(5);
      await s.proxy.pass();
      await mlflow.close();
      const left = logs.text(WARN).filter((m) => m.includes('remain in'));
      expect(left).toHaveLength(1);
      expect(left[0]).toContain(`MLflow server ${s.proxy.url} did not take everything within 0 s (closeTimeoutMs)`);
    } finally {
      logs.restore();
    }
    // The halted replay may still be sending its last entry (and hold the replay lock): wait for it.
    const next = tracking({ trackingUri: s.proxy.url, experimentId: s.experimentId, journalDir });
    await until(async () => {
      const summary = await next.replay();
      return !summary.busy && summary.remaining === 0;
    }, 30_000, 'the rest of the journal to be replayed');
    expect((await s.client.getRun(runId)).info.status).toBe('FINISHED');
    expect(await s.client.getMetricHistory(runId, 'bounded')).toHaveLength(500);
  }, 60_000);
});
