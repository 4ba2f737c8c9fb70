/**
 * `kedro-mlflow serve`: the scoring server until SIGINT/SIGTERM, in this process or, with
 * `workers > 1`, in that many node:cluster workers sharing the port (each loads the model; the
 * primary only supervises). A worker that dies after it started serving is replaced; one that
 * cannot load the model, or dies before listening, stops the whole server with exit code 1, since
 * its replacements would fail the same way. On a stop signal each process closes its server and
 * model (removing the model's download folder); the primary also removes the download folder of a
 * worker that died without closing its model (SIGKILL, out of memory).
 */
import cluster, { type Worker } from 'node:cluster';
import { rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, resolve } from 'node:path';
import { getLogger } from '@kedro-mlflow/core-pipeline';
import { startScoringServer, type ScoringServerOptions } from './scoring-server.js';

const log = getLogger('pipeline-ml.serving');

export interface ServeModelOptions extends ScoringServerOptions {
  /** Processes serving requests (default 1: this one). */
  workers?: number;
}

type WorkerMessage = { type: 'listening'; url: string } | { type: 'ready'; downloadDir?: string } | { type: 'load-failed' };

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

function onStopSignal(stop: () => void): () => void {
  for (const signal of STOP_SIGNALS) process.once(signal, stop);
  return () => {
    for (const signal of STOP_SIGNALS) process.off(signal, stop);
  };
}

async function serveHere(options: ScoringServerOptions, report: (message: WorkerMessage) => void): Promise<number> {
  // Listening for a stop before the model loads: a worker that loads before it listens would
  // otherwise die of the signal's default action mid-download, leaving the download folder behind.
  let stopAsked = false;
  let stop = (_code: number): void => {
    stopAsked = true;
  };
  const removeSignals = onStopSignal(() => stop(0));
  let server: Awaited<ReturnType<typeof startScoringServer>>;
  try {
    server = await startScoringServer(options);
  } catch (error) {
    removeSignals();
    throw error;
  }
  report({ type: 'listening', url: server.url });
  return new Promise<number>((resolve) => {
    let done = false;
    stop = (code: number): void => {
      if (done) return;
      done = true;
      removeSignals();
      void server.close().then(() => resolve(code));
    };
    if (stopAsked) {
      stop(0); // closing the server closes (and removes) the model it loaded
      return;
    }
    server.ready.then(
      (model) => {
        const downloadDir = model.metadata?.downloadDir;
        report(typeof downloadDir === 'string' ? { type: 'ready', downloadDir } : { type: 'ready' });
      },
      () => {
        report({ type: 'load-failed' });
        stop(1);
      },
    );
  });
}

/** A dead worker's download folder; only one directly inside the OS temp folder, as loadModel makes them. */
function removeWorkerFolder(dir: string | undefined): void {
  if (dir === undefined || dirname(resolve(dir)) !== resolve(tmpdir())) return;
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch (error) {
    log.with({ err: error, dir }).warn("a dead scoring worker's download folder could not be removed");
  }
}

function supervise(workers: number): Promise<number> {
  return new Promise<number>((resolve) => {
    const alive = new Set<Worker>();
    const started = new Set<Worker>();
    const folders = new Map<Worker, string>();
    let stopping = false;
    let exitCode = 0;
    let announced = false;
    const stopAll = (code: number): void => {
      if (stopping) return;
      stopping = true;
      exitCode = code;
      removeSignals();
      for (const worker of alive) worker.process.kill('SIGTERM');
      if (alive.size === 0) resolve(exitCode);
    };
    const fork = (): void => {
      const worker = cluster.fork();
      alive.add(worker);
      worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'listening') {
          started.add(worker);
          if (!announced) {
            announced = true;
            log.with({ url: message.url, workers }).info('scoring server listening');
          }
        } else if (message.type === 'ready') {
          if (message.downloadDir !== undefined) folders.set(worker, message.downloadDir);
          log.with({ pid: worker.process.pid, downloadDir: message.downloadDir }).info('scoring worker ready');
        }
        else if (message.type === 'load-failed') stopAll(1);
      });
    };
    cluster.on('exit', (worker, code, signal) => {
      alive.delete(worker);
      // A worker that closed its model removed the folder already; this is for those that could not.
      removeWorkerFolder(folders.get(worker));
      folders.delete(worker);
      if (stopping) {
        if (alive.size === 0) resolve(exitCode);
        return;
      }
      if (!started.has(worker)) {
        log.with({ pid: worker.process.pid, code, signal }).error('a scoring worker exited before it could serve: stopping');
        stopAll(1);
        return;
      }
      started.delete(worker);
      log.with({ pid: worker.process.pid, code, signal }).warn('a scoring worker died: starting another');
      fork();
    });
    const removeSignals = onStopSignal(() => stopAll(0));
    for (let i = 0; i < workers; i += 1) fork();
  });
}

/** Serves until stopped; resolves with the exit code (0 when stopped by a signal, 1 on a failed load). */
export async function serveModel(options: ServeModelOptions): Promise<number> {
  const { workers = 1, ...serverOptions } = options;
  if (cluster.isWorker) {
    // A worker joins the shared port only with its model loaded: the port answers 503 only while no
    // worker is ready, never because a request reached a worker that is still loading.
    const code = await serveHere({ ...serverOptions, listenAfterLoad: true }, (message) => {
      process.send?.(message);
    });
    // The IPC channel to the primary would keep this worker alive after its server closed.
    process.disconnect?.();
    return code;
  }
  if (workers > 1) return supervise(workers);
  return serveHere(serverOptions, (message) => {
    if (message.type === 'listening') log.with({ url: message.url, workers: 1 }).info('scoring server listening');
    if (message.type === 'ready') log.with({ pid: process.pid, downloadDir: message.downloadDir }).info('scoring worker ready');
  });
}
