/**
 * Artifact uploads of the background logger. An upload is tried at once (the caller awaits it);
 * when it fails for an outage (connection errors, timeouts, 5xx/429 after the transport's retries)
 * — or when the server is already known to be down — a private copy of the file or folder goes to
 * the journal folder with a journal entry, and a replay uploads it to the same artifact path. The
 * caller's promise resolves then: its file may be changed or deleted afterwards. Bad input (no such
 * file, a folder given to `logArtifact`, a path that escapes the artifact root) still throws.
 * The end of a run waits for its uploads (`settled`), so its status is delivered after its artifacts.
 */
import { stat } from 'node:fs/promises';
import { MlflowApiError } from '../errors/mlflow-api-error.js';
import { getLogger } from '../logger.js';
import { normalizeArtifactPath } from '../uri/artifact-path.js';
import { mustWait, type ArtifactUploader } from './deliverer.js';
import type { ArtifactUnit } from './delivery-unit.js';
import type { Journal } from './journal.js';
import type { OutageMonitor } from './outage-monitor.js';

const log = getLogger('mlflow-client.background');

export interface ArtifactLoggerOptions {
  journal: Journal | undefined;
  monitor: OutageMonitor;
  upload: ArtifactUploader;
  /** The server answered (ends an outage). */
  reached: () => void;
  /** Sends what the journal holds, so an older copy never overwrites a newer upload of the same path. */
  replayFirst: () => Promise<void>;
}

interface Upload {
  runId: string;
  localPath: string;
  artifactPath: string;
  kind: 'file' | 'dir';
  /** Delivered or kept in the journal (nothing to do at exit). */
  settled: boolean;
  done: Promise<void>;
}

/** A clear error for a local path that cannot be uploaded as asked. */
async function checkLocal(localPath: string, kind: 'file' | 'dir'): Promise<void> {
  const call = kind === 'file' ? 'logArtifact' : 'logArtifacts';
  let isDir: boolean;
  try {
    isDir = (await stat(localPath)).isDirectory();
  } catch (error) {
    const code = (error as { code?: string }).code ?? 'unreadable';
    throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `${call}(): cannot read ${JSON.stringify(localPath)} (${code}). Pass an existing ${kind === 'file' ? 'file' : 'folder'}.` });
  }
  if (isDir !== (kind === 'dir')) {
    const hint = kind === 'file' ? 'it is a folder: use logArtifacts() to upload its contents' : 'it is a file: use logArtifact() for a single file';
    throw new MlflowApiError({ errorCode: 'INVALID_PARAMETER_VALUE', message: `${call}(): ${JSON.stringify(localPath)} cannot be uploaded: ${hint}.` });
  }
}

export class ArtifactLogger {
  private readonly uploads = new Set<Upload>();

  constructor(private readonly options: ArtifactLoggerOptions) {}

  /** Uploads now, or keeps a private copy for a replay when the server is unreachable. */
  log(runId: string, localPath: string, artifactPath: string | undefined, kind: 'file' | 'dir'): Promise<void> {
    const upload: Upload = { runId, localPath, artifactPath: '', kind, settled: false, done: Promise.resolve() };
    upload.done = (async () => {
      upload.artifactPath = normalizeArtifactPath(artifactPath);
      await checkLocal(localPath, kind);
      await this.deliverOrKeep(upload);
    })().finally(() => {
      upload.settled = true;
      this.uploads.delete(upload);
    });
    this.uploads.add(upload);
    return upload.done;
  }

  /** Resolves when every upload of `runId` (or of every run) started so far is delivered, kept or failed. */
  async settled(runId?: string): Promise<void> {
    for (;;) {
      const waiting = [...this.uploads].filter((u) => runId === undefined || u.runId === runId);
      if (waiting.length === 0) return;
      await Promise.allSettled(waiting.map((u) => u.done));
    }
  }

  /** From a process `exit` handler: keeps a copy of every upload still in flight, synchronously. */
  exitSync(): ArtifactUnit[] {
    const journal = this.options.journal;
    const kept: ArtifactUnit[] = [];
    if (journal === undefined) return kept;
    for (const upload of this.uploads) {
      if (upload.settled) continue;
      try {
        // At worst uploaded twice (the upload may have just finished): same bytes, same path.
        kept.push(journal.keepArtifactSync(upload.runId, upload.localPath, upload.artifactPath));
      } catch (error) {
        log.error(`the process is exiting: the upload of ${upload.localPath} for run ${upload.runId} is lost: keeping a copy failed (${(error as Error).message}).`);
      }
    }
    return kept;
  }

  private async deliverOrKeep(upload: Upload): Promise<void> {
    const { journal, monitor } = this.options;
    const send = (): Promise<void> => this.options.upload(upload.runId, upload.localPath, upload.artifactPath, upload.kind);
    if (journal === undefined) return send(); // journal disabled: MLflow's behaviour, errors reach the caller
    let failure: unknown;
    if (!monitor.isDown && journal.mayHavePending) await this.options.replayFirst();
    if (!monitor.isDown) {
      try {
        await send();
        this.options.reached();
        return;
      } catch (error) {
        if (!mustWait(error)) throw error;
        failure = error;
      }
    }
    let unit: ArtifactUnit;
    try {
      unit = await journal.keepArtifact(upload.runId, upload.localPath, upload.artifactPath);
    } catch (error) {
      const call = upload.kind === 'file' ? 'logArtifact' : 'logArtifacts';
      throw new MlflowApiError({
        errorCode: 'INVALID_PARAMETER_VALUE',
        message: `${call}(): the server is unreachable and ${JSON.stringify(upload.localPath)} could not be copied for later (${(error as Error).message}); nothing was kept. Make every file under it readable (no broken links) and log it again.`,
      });
    }
    if (failure === undefined) monitor.note([unit]);
    else monitor.wentDown(failure, [unit]);
  }
}
