/**
 * The offline journal of one tracking URI: a JSON-lines file holding what could not be sent while
 * the server was unreachable — log-batches (metrics, params, tags), artifact uploads (each with a
 * private copy of its file or folder, see `ArtifactCopies`) and end-of-run status updates, each
 * with its run id — until a replay delivers them. Delivered entries are recorded with a
 * `done` line (so a replay cut short never sends them twice) and removed by compaction; the file
 * goes away when nothing is left. Every write is one append under a lock (or a temp file +
 * rename); a line torn by a crash is skipped. No credentials are ever written: the URI is redacted.
 *
 *   {"v":1,"id":"…","at":1700000000000,"uri":"http://host:5000","kind":"log-batch","run_id":"…","metrics":[…],"params":[…],"tags":[…]}
 *   {"v":1,"id":"…","at":…,"uri":"…","kind":"log-artifact","run_id":"…","copy":"<uuid>","artifact_path":"plots","file":"roc.png"}
 *   {"v":1,"id":"…","at":…,"uri":"…","kind":"update-run","run_id":"…","status":"FINISHED","end_time":…}
 *   {"v":1,"kind":"done","ids":["…"],"at":…}
 */
import { randomUUID } from 'node:crypto';
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, promises as fsp, readSync, renameSync, fstatSync } from 'node:fs';
import { join } from 'node:path';
import type { RunStatus } from '../entities/tracking.js';
import { getLogger } from '../logger.js';
import { decodeMetric, encodeMetric } from '../store/rest/codec/tracking-codec.js';
import { writeAtomic } from '../store/file/fs-ops.js';
import { ArtifactCopies, checkedArtifactFields, type StagedCopy } from './artifact-copies.js';
import { addCounts, emptyCounts, type ArtifactUnit, type DeliveryUnit, type UnitCounts } from './delivery-unit.js';
import { withFileLock, withFileLockSync } from '../file-lock.js';
import { journalFileName, journalUri } from './journal-location.js';

const log = getLogger('mlflow-client.journal');

export interface JournalEntry {
  id: string;
  /** When it was written, ms since epoch. */
  at: number;
  unit: DeliveryUnit;
}

interface Parsed {
  /** Entries not yet delivered, in the order they were written, with their raw lines. */
  pending: Array<JournalEntry & { line: string }>;
  /** Lines kept as they are (a newer format). */
  foreign: string[];
  done: number;
  corrupt: number;
}

type Wire = Record<string, unknown>;

function toRecord(entry: JournalEntry, uri: string): Wire {
  const u = entry.unit;
  const base = { v: 1, id: entry.id, at: entry.at, uri, kind: u.kind, run_id: u.runId };
  if (u.kind === 'log-artifact') return { ...base, copy: u.copyId, artifact_path: u.artifactPath, ...(u.fileName === undefined ? {} : { file: u.fileName }) };
  const record =
    u.kind === 'update-run'
      ? { ...base, status: u.status, end_time: u.endTime }
      : {
          ...base,
          ...(u.metrics.length > 0 ? { metrics: u.metrics.map(encodeMetric) } : {}),
          ...(u.params.length > 0 ? { params: u.params.map((p) => ({ key: p.key, value: p.value })) } : {}),
          ...(u.tags.length > 0 ? { tags: u.tags.map((t) => ({ key: t.key, value: t.value })) } : {}),
        };
  return record;
}

const encode = (entry: JournalEntry, uri: string): string => JSON.stringify(toRecord(entry, uri));

const pairs = (value: unknown): Array<{ key: string; value: string }> =>
  Array.isArray(value) ? value.map((p: Wire) => ({ key: String(p.key), value: String(p.value ?? '') })) : [];

function decode(record: Wire): JournalEntry | undefined {
  const runId = record.run_id;
  if (typeof record.id !== 'string' || typeof runId !== 'string') return undefined;
  const at = typeof record.at === 'number' ? record.at : 0;
  if (record.kind === 'update-run') {
    return { id: record.id, at, unit: { kind: 'update-run', runId, status: String(record.status) as RunStatus, endTime: Number(record.end_time) } };
  }
  if (record.kind === 'log-artifact') {
    // Checked: a hand-edited or hostile line must not point outside the copies or the run's artifacts.
    const fields = checkedArtifactFields(record.copy, record.artifact_path, record.file);
    return fields === undefined ? undefined : { id: record.id, at, unit: { kind: 'log-artifact', runId, ...fields } };
  }
  if (record.kind === 'log-batch') {
    const metrics = Array.isArray(record.metrics) ? record.metrics.map(decodeMetric) : [];
    return { id: record.id, at, unit: { kind: 'log-batch', runId, metrics, params: pairs(record.params), tags: pairs(record.tags) } };
  }
  return undefined;
}

function artifactUnit(runId: string, staged: StagedCopy, artifactPath: string): ArtifactUnit {
  return { kind: 'log-artifact', runId, copyId: staged.copyId, artifactPath, ...(staged.fileName === undefined ? {} : { fileName: staged.fileName }) };
}

export class Journal {
  /** The JSON-lines file. */
  readonly path: string;
  /** What could not be delivered because the server refused it (kept for the user to inspect). */
  readonly droppedPath: string;
  /** The tracking URI without credentials. */
  readonly uri: string;
  /** Private copies of artifacts waiting to be uploaded. */
  readonly copies: ArtifactCopies;
  /** Where copies of artifacts the server refused are kept. */
  readonly droppedArtifactsDir: string;
  private readonly lockPath: string;
  private maybePending: boolean;
  private warnedForeign = false;

  constructor(
    readonly dir: string,
    trackingUri: string,
  ) {
    const name = journalFileName(trackingUri);
    this.path = join(dir, name);
    this.droppedPath = join(dir, name.replace(/\.jsonl$/, '.dropped.jsonl'));
    this.lockPath = `${this.path}.lock`;
    this.copies = new ArtifactCopies(join(dir, name.replace(/\.jsonl$/, '.artifacts')));
    this.droppedArtifactsDir = join(dir, name.replace(/\.jsonl$/, '.dropped-artifacts'));
    this.uri = journalUri(trackingUri);
    this.maybePending = existsSync(this.path);
  }

  /** Whether the file may hold undelivered entries (false once a replay emptied it). */
  get mayHavePending(): boolean {
    return this.maybePending;
  }

  /** Appends units (as one write, under the lock). */
  async append(units: DeliveryUnit[]): Promise<void> {
    if (units.length === 0) return;
    const text = this.lines(units);
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    this.maybePending = true;
    await withFileLock(this.lockPath, () => this.appendLocked(text));
  }

  /** The same, synchronously, for a process `exit` handler. */
  appendSync(units: DeliveryUnit[]): void {
    if (units.length === 0) return;
    const text = this.lines(units);
    mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    this.maybePending = true;
    withFileLockSync(this.lockPath, () => this.appendLockedSync(text));
  }

  /**
   * Keeps an artifact for a later upload: a private copy of `localPath` (a file or a folder) and
   * its entry. The copy is complete before it is moved into place, and moved in the same locked
   * step that writes the entry. Throws when the file cannot be read (nothing is kept then).
   */
  async keepArtifact(runId: string, localPath: string, artifactPath: string): Promise<ArtifactUnit> {
    const staged = await this.copies.stage(localPath);
    const unit = artifactUnit(runId, staged, artifactPath);
    const text = this.lines([unit]);
    this.maybePending = true;
    try {
      await withFileLock(this.lockPath, async () => {
        await this.copies.commit(staged);
        await this.appendLocked(text);
      });
    } catch (error) {
      await this.copies.discard(staged);
      throw error;
    }
    return unit;
  }

  /** The same, synchronously, for a process `exit` handler. */
  keepArtifactSync(runId: string, localPath: string, artifactPath: string): ArtifactUnit {
    const staged = this.copies.stageSync(localPath);
    const unit = artifactUnit(runId, staged, artifactPath);
    this.maybePending = true;
    withFileLockSync(this.lockPath, () => {
      renameSync(staged.partialPath, join(this.copies.dir, staged.copyId));
      this.appendLockedSync(this.lines([unit]));
    });
    return unit;
  }

  /** The undelivered entries, oldest first. */
  async pending(): Promise<JournalEntry[]> {
    const parsed = await withFileLock(this.lockPath, () => this.parse());
    return parsed.pending.map(({ id, at, unit }) => ({ id, at, unit }));
  }

  /** What is still waiting, counted. */
  async counts(): Promise<UnitCounts & { entries: number }> {
    if (!existsSync(this.path)) return { ...emptyCounts(), entries: 0 };
    const entries = await this.pending();
    return { ...addCounts(emptyCounts(), entries.map((e) => e.unit)), entries: entries.length };
  }

  /** Records that these entries were delivered (or given up on). */
  async markDone(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    await withFileLock(this.lockPath, () => fsp.appendFile(this.path, `${JSON.stringify({ v: 1, kind: 'done', ids, at: Date.now() })}\n`, 'utf8'));
  }

  /**
   * Drops delivered entries from the file, or removes it when nothing is left. Returns how many
   * entries are still waiting.
   */
  async compact(): Promise<number> {
    return withFileLock(this.lockPath, async () => {
      const parsed = await this.parse();
      await this.copies.sweep(new Set(parsed.pending.flatMap((p) => (p.unit.kind === 'log-artifact' ? [p.unit.copyId] : []))));
      if (parsed.pending.length === 0 && parsed.foreign.length === 0) {
        await fsp.rm(this.path, { force: true });
        this.maybePending = false;
        return 0;
      }
      if (parsed.done > 0 || parsed.corrupt > 0) {
        const lines = [...parsed.foreign, ...parsed.pending.map((p) => p.line)];
        await writeAtomic(this.path, `${lines.join('\n')}\n`);
      }
      this.maybePending = parsed.pending.length > 0;
      return parsed.pending.length;
    });
  }

  /** Keeps units the server refused in the `.dropped.jsonl` file beside the journal. */
  async keepDropped(units: DeliveryUnit[], reason: string): Promise<void> {
    const at = Date.now();
    const text = units.map((unit) => `${JSON.stringify({ ...toRecord({ id: randomUUID(), at, unit }, this.uri), reason })}\n`).join('');
    await fsp.mkdir(this.dir, { recursive: true, mode: 0o700 });
    await withFileLock(`${this.droppedPath}.lock`, () => fsp.appendFile(this.droppedPath, text, { encoding: 'utf8', mode: 0o600 }));
  }

  /** Appends whole lines; a line torn by a crash is ended first. Call under the lock. */
  private async appendLocked(text: string): Promise<void> {
    const handle = await fsp.open(this.path, 'a+', 0o600);
    try {
      const { size } = await handle.stat();
      let prefix = '';
      if (size > 0) {
        const last = Buffer.alloc(1);
        await handle.read(last, 0, 1, size - 1);
        if (last[0] !== 0x0a) prefix = '\n';
      }
      await handle.appendFile(prefix + text, 'utf8');
    } finally {
      await handle.close();
    }
  }

  private appendLockedSync(text: string): void {
    let prefix = '';
    if (existsSync(this.path)) {
      const fd = openSync(this.path, 'r');
      try {
        const { size } = fstatSync(fd);
        const last = Buffer.alloc(1);
        if (size > 0 && readSync(fd, last, 0, 1, size - 1) === 1 && last[0] !== 0x0a) prefix = '\n';
      } finally {
        closeSync(fd);
      }
    }
    appendFileSync(this.path, prefix + text, { encoding: 'utf8', mode: 0o600 });
  }

  private lines(units: DeliveryUnit[]): string {
    const at = Date.now();
    return units.map((unit) => `${encode({ id: randomUUID(), at, unit }, this.uri)}\n`).join('');
  }

  private async parse(): Promise<Parsed> {
    let text: string;
    try {
      text = await fsp.readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as { code?: string }).code === 'ENOENT') return { pending: [], foreign: [], done: 0, corrupt: 0 };
      throw error;
    }
    const entries: Array<JournalEntry & { line: string }> = [];
    const foreign: string[] = [];
    const done = new Set<string>();
    let doneLines = 0;
    let corrupt = 0;
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let record: Wire;
      try {
        record = JSON.parse(line) as Wire;
      } catch {
        corrupt += 1;
        continue;
      }
      if (record.v !== 1) {
        foreign.push(line);
        continue;
      }
      if (record.kind === 'done') {
        doneLines += 1;
        if (Array.isArray(record.ids)) for (const id of record.ids) done.add(String(id));
        continue;
      }
      const entry = decode(record);
      if (entry === undefined) corrupt += 1;
      else entries.push({ ...entry, line });
    }
    if (corrupt > 0) log.warn(`${corrupt} unreadable line(s) in ${this.path} were skipped (a write cut short by a crash).`);
    if (foreign.length > 0 && !this.warnedForeign) {
      this.warnedForeign = true;
      log.warn(`${foreign.length} line(s) of ${this.path} were written by a newer version and are left for it to replay.`);
    }
    return { pending: entries.filter((e) => !done.has(e.id)), foreign, done: doneLines, corrupt };
  }
}
